// Browser test of honest numbers (issue 9, points 7, 8, 12, 13): the
// dashboard shows the provisional index with its floor, the trend marks the
// change of framework, the compare page compares across frameworks through
// the mapping, the planner's cost table works without JavaScript, and the
// simulator keeps its index in view while the levels lower down change, on
// a phone too.  Screenshots of every page at desktop (1280) and phone (390)
// width go to ARTIFACTS/numbers-*.png.
//
// Run through CTest (ctest -R e2e_test_numbers) or by hand:
//   MONEV=build/debug/monev node --test tests/e2e/test_numbers.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, expectText, launchChromium, login, makeDemo, newContext, newPage,
  shutdown,
} from './lib.mjs';

/** The CLI's "3.05" as an Indonesian page shows it ("3,05"). */
const idn = (v) => String(v).replace(/(\d)\.(\d)/g, '$1,$2');

const USER = 'penguji';
const PASSWORD = 'Uji-angka-jujur-7421-monev';
const PHONE = { width: 390, height: 844 };

let tmp, data, server, base, browser, context, noJs, page;
const problems = [];

function cliJson(...args) {
  return JSON.parse(execFileSync(MONEV, ['--data', data, ...args, '--format', 'json'],
    { encoding: 'utf8', timeout: 20_000 }));
}

async function shot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `numbers-${name}.png`), fullPage: true });
}

// The page at desktop width, then at phone width, screenshotted both ways.
async function bothWidths(p, url, name) {
  await p.setViewportSize({ width: 1280, height: 900 });
  await p.goto(url);
  await shot(p, name);
  await p.setViewportSize(PHONE);
  await p.goto(url);
  const overflow = await p.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${url}: no sideways scrolling on a phone (overflow ${overflow}px)`);
  await shot(p, `${name}-phone`);
  await p.setViewportSize({ width: 1280, height: 900 });
}

describe('Honest numbers in the browser', { timeout: 120_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-numbers-'));
    execFileSync(MONEV, ['--data', data, 'user', 'add', '--username', USER, '--name',
      'Penguji Angka', '--role', 'koordinator', '--opd', 'DISKOMINFO', '--password-stdin'],
    { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'], timeout: 20_000 });
    server = new Server(data, tmp);
    base = await server.start();
    browser = await launchChromium();
    context = await newContext(browser, base, problems);
    page = await newPage(context, problems);
    await login(page, USER, PASSWORD, '**/dasbor');
    noJs = await browser.newContext({ baseURL: base, javaScriptEnabled: false, locale: 'id-ID' });
    const p = await newPage(noJs, problems, { who: 'no-js' });
    await login(p, USER, PASSWORD, '**/dasbor');
    await p.close();
  });

  after(async () => {
    await noJs?.close().catch(() => {});
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
    assert.deepEqual(problems, [], 'no console errors, page errors, CSP violations or failed requests');
  });

  it('shows the provisional index with its floor on the dashboard', async () => {
    const idx = cliJson('index', '--year', '2026');
    assert.equal(idx.complete, false);
    await page.goto('/siklus/2026');
    await expectText(page.getByTestId('index'), idn(idx.provisional.index));
    await expectText(page.getByTestId('floor'), idn(idx.floor.index));
    await expectText(page.getByTestId('provisional-meaning'),
      `dari ${idx.provisional.filled} indikator yang sudah diisi`);
    await expectText(page.getByTestId('provisional-meaning'), idn(idx.provisional.divisor));
    await expectText(page.getByTestId('floor-meaning'),
      `bila ${idx.floor.unfilled} indikator yang belum diisi bernilai ${idx.floor.level}`);
    assert.deepEqual([idx.provisional.index, idx.floor.index], ['2.80', '2.15']);
    await bothWidths(page, '/siklus/2026', 'dashboard-2026');
  });

  it('marks the change of framework in the trend chart and its table', async () => {
    await page.goto('/siklus/2026');
    const svg = page.locator('.chart-wide svg[aria-labelledby^="c-tren-2026"]');
    await svg.waitFor();
    const text = await svg.innerHTML();
    assert.match(text, />SPBE 2020<\/text>/);
    assert.match(text, />Pemdi 2026<\/text>/);
    // the index line (3 wide) is one run over the SPBE years only
    assert.equal((text.match(/<polyline [^>]*stroke-width="3"/g) || []).length, 1);
    const rows = await page.locator('details.values table.chart-table').filter({ hasText: 'Tahun' })
      .locator('tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.includes('2026') && r.includes('Pemdi 2026')), rows.join('|'));
    assert.ok(rows.some((r) => r.includes('2023') && r.includes('SPBE 2020')), rows.join('|'));
    await svg.screenshot({ path: path.join(ARTIFACTS, 'numbers-trend-2026.png') });
  });

  it('compares SPBE 2023 with Pemdi 2026 through the mapping, not as a red decline', async () => {
    await page.goto('/bandingkan?a=2023&b=2026');
    await expectText(page.getByTestId('scale-change'), 'Kerangka berganti: SPBE 2020 → Pemdi 2026');
    await page.getByTestId('mapped-index').waitFor();
    assert.equal(await page.locator('.bad').count(), 0, 'no red "decline" across frameworks');
    await bothWidths(page, '/bandingkan?a=2023&b=2026', 'compare-2023-2026');
    // within one framework the change keeps its colour
    await page.goto('/bandingkan?a=2022&b=2023');
    assert.equal(await page.getByTestId('scale-change').count(), 0);
    await expectText(page.locator('.summary'), 'Perubahan +0,70');
  });

  it('plans with costs per level and one level per indicator, without JavaScript', async () => {
    const p = await newPage(noJs, problems, { who: 'no-js' });
    await p.goto('/siklus/2022/rencana?target=3.10');
    const want = cliJson('plan', '--year', '2022', '--target', '3.10');
    await expectText(p.locator('section.card h2').first(),
      `Target 3,10: ${want.steps.length} langkah, total upaya ${want.cost}`);
    // open the cost table, make reaching level 2 of indicator 14 dear, submit
    await p.locator('details.plan-costs summary').click();
    await p.fill('#c14_2', '50');
    await Promise.all([p.waitForURL('**/rencana?**'), p.getByRole('button', { name: 'Susun rencana' }).click()]);
    const dear = cliJson('plan', '--year', '2022', '--target', '3.10', '--cost', '14:2=50');
    await expectText(p.locator('section.card h2').first(),
      `Target 3,10: ${dear.steps.length} langkah, total upaya ${dear.cost}`);
    assert.equal(await p.locator('#c14_2').inputValue(), '50');
    assert.equal(await p.locator('a[href="/siklus/2022/indikator/14"]').count(), 0);
    // no indicator climbs two levels by default
    const steps = await p.locator('ol.criteria li .lv a').allTextContents();
    assert.equal(new Set(steps).size, steps.length, steps.join('|'));
    await shot(p, 'plan-2022');
    // the provisional index and floor on the 2026 plan, at both widths
    await bothWidths(p, '/siklus/2026/rencana?target=3.00', 'plan-2026');
    await expectText(p.locator('.plan-now'), 'Batas bawah 2,15');
    // a bad cost comes back as typed, marked, with the message
    await p.goto('/siklus/2022/rencana?target=3.10&c14_2=nol');
    await expectText(p.locator('p.error'), 'Biaya harus bilangan bulat 1 sampai 10000');
    assert.equal(await p.locator('#c14_2').inputValue(), 'nol');
    assert.equal(await p.locator('#c14_2').getAttribute('aria-invalid'), 'true');
    await shot(p, 'plan-bad-cost');
    await p.close();
  });

  it('keeps the simulated index in view while levels lower down change, on a phone', async () => {
    const p = await newPage(context, problems);
    await p.setViewportSize(PHONE);
    await p.goto('/siklus/2022/simulasi');
    const bar = p.getByTestId('whatif-bar');
    await expectText(bar, '3,05');
    assert.equal(await bar.evaluate((el) => getComputedStyle(el).position), 'sticky');
    // the last indicator's select is far below the bar
    const last = p.locator('select[name="l47"]');
    await last.scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    assert.ok(box && box.y >= -1 && box.y < 10, `bar at the top of the screen (y ${box?.y})`);
    await last.selectOption('5');
    await expectText(p.locator('[data-whatif=index]'), '3,11');
    const again = await bar.boundingBox();
    assert.ok(again.y >= -1 && again.y + again.height <= PHONE.height, 'bar still on screen');
    assert.ok(await p.locator('[data-whatif=index]').isVisible());
    await p.screenshot({ path: path.join(ARTIFACTS, 'numbers-whatif-phone-scrolled.png') });
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.locator('select[name="l1"]').scrollIntoViewIfNeeded();
    await p.screenshot({ path: path.join(ARTIFACTS, 'numbers-whatif-desktop.png') });
    await p.close();
    // without JavaScript the form still computes with its button
    const q = await newPage(noJs, problems, { who: 'no-js' });
    await q.goto('/siklus/2022/simulasi?l47=5');
    await expectText(q.getByTestId('whatif-bar'), '3,11');
    await q.close();
  });
});
