// Browser test of Monev: Playwright (playwright-core) driving Debian's Chromium.
//
// Run through CTest (ctest -R e2e_) or by hand:
//   MONEV=build/release/monev node --test tests/e2e/test_browser.mjs
// Environment:
//   MONEV      the monev binary (default build/release/monev)
//   CHROMIUM   the browser (default /usr/bin/chromium)
//   ARTIFACTS  folder for the screenshots (default tests/e2e/artifacts/local)
//
// One server with a fresh demo data folder; one koordinator account made
// with a known password.  The browser logs in with the keyboard, screenshots
// every page, changes one indicator of the 2026 Pemdi cycle and checks that
// the dashboard shows exactly the index the CLI computes.  Every page is
// watched for console errors, uncaught exceptions and CSP violations.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, STEP_TIMEOUT, Server, clickAndWait as clickAndWaitOn, expectText,
  launchChromium, login, makeDemo, newContext, newPage, shutdown, watch,
} from './lib.mjs';

const YEAR = 2026;
const USER = 'penguji';
const ADMIN = 'pengurus';
const PASSWORD = 'Uji-peramban-7421-monev';

let tmp, data, server, base, browser, context, page;
const problems = []; // console errors, page errors, CSP violations, failed requests
const expectedErrors = new Set(); // URLs that a test expects to fail (4xx)

function monev(...args) {
  return execFileSync(MONEV, ['--data', data, ...args], { encoding: 'utf8', timeout: 20_000 });
}

function cliIndex() {
  const out = JSON.parse(monev('index', '--year', String(YEAR), '--format', 'json'));
  assert.match(out.index, /^\d\.\d\d$/, `index from the CLI: ${out.index}`);
  return out.index.replace('.', ','); // as the Indonesian page shows it (3,05)
}

async function shot(name, p = page) {
  await p.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// Clicks and waits for the navigation that the click causes.
function clickAndWait(locator, url) {
  return clickAndWaitOn(page, locator, url);
}

async function dashboardIndex() {
  const el = page.getByTestId('index');
  await el.waitFor();
  return (await el.textContent()).trim();
}

describe('Monev in the browser', { timeout: 60_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-'));
    execFileSync(MONEV, ['--data', data, 'user', 'add', '--username', USER, '--name',
      'Penguji Peramban', '--role', 'koordinator', '--opd', 'DISKOMINFO', '--password-stdin'],
    { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'], timeout: 20_000 });
    execFileSync(MONEV, ['--data', data, 'user', 'add', '--username', ADMIN, '--name',
      'Pengurus Sistem', '--role', 'admin', '--password-stdin'],
    { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'], timeout: 20_000 });
    server = new Server(data, tmp);
    base = await server.start();
    browser = await launchChromium();
    context = await newContext(browser, base, problems);
    page = await newPage(context, problems, { expected: expectedErrors });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
  });

  it('switches the login page to English and back', async () => {
    await page.goto('/masuk');
    await expectText(page.locator('form button[type=submit]'), 'Masuk');
    await clickAndWait(page.getByRole('link', { name: 'English' }), '**/masuk');
    await expectText(page.locator('form button[type=submit]'), 'Log in');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await shot('login-en');
    await clickAndWait(page.getByRole('link', { name: 'Bahasa Indonesia' }), '**/masuk');
    await expectText(page.locator('form button[type=submit]'), 'Masuk');
    assert.equal(await page.locator('html').getAttribute('lang'), 'id');
  });

  it('logs in with the keyboard only (Tab and Enter)', async () => {
    await page.goto('/masuk');
    await shot('login');
    // From the top of the page, Tab until the user name field has focus.
    await page.evaluate(() => document.activeElement?.blur());
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'username'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(focused, 'username', 'Tab reaches the user name field');
    await page.keyboard.type(USER);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password',
      'Tab moves from the user name to the password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL('**/dasbor'), page.keyboard.press('Enter')]);
    await expectText(page.locator('h1'), `Dasbor ${YEAR}`);
  });

  let before_index;
  it('shows the same index on the dashboard as the CLI', async () => {
    before_index = cliIndex();
    assert.equal(await dashboardIndex(), before_index);
    await shot('dashboard');
  });

  it('shows the dashboard on a phone', async () => {
    const phone = await context.newPage();
    watch(phone, problems, { expected: expectedErrors });
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/dasbor');
    assert.equal((await phone.getByTestId('index').textContent()).trim(), before_index);
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow}px)`);
    await shot('dashboard-phone', phone);
    await phone.close();
  });

  it('screenshots the admin pages the koordinator may open', async () => {
    await clickAndWait(page.locator('nav.nav').getByRole('link', { name: 'Administrasi' }), '**/admin');
    await shot('admin');
    const tiles = await page.$$eval('a.tile', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(tiles.sort(), ['/admin/kerangka', '/admin/opd', '/admin/siklus']);
    for (const href of tiles) {
      const res = await page.goto(href);
      assert.equal(res.status(), 200, href);
      await shot(`admin-${href.split('/').pop()}`);
    }
    // Accounts are the administrator's alone.
    expectedErrors.add(`${base}/admin/pengguna`);
    const res = await page.goto('/admin/pengguna');
    assert.equal(res.status(), 403);
    await expectText(page.locator('main'), 'Anda tidak berwenang');
  });

  it('screenshots the accounts page as the administrator', async () => {
    const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const p = await ctx.newPage();
    p.setDefaultTimeout(STEP_TIMEOUT);
    watch(p, problems, { expected: expectedErrors });
    await login(p, ADMIN, PASSWORD, '**/dasbor');
    const res = await p.goto('/admin/pengguna');
    assert.equal(res.status(), 200);
    await expectText(p.locator('main'), USER);
    await shot('admin-pengguna', p);
    await ctx.close();
  });

  let code, newLevel, others = [];
  it(`changes an indicator of the ${YEAR} cycle and the index follows`, async () => {
    await page.goto(`/siklus/${YEAR}`);
    await clickAndWait(page.locator('nav.nav').getByRole('link', { name: 'Indikator' }),
      `**/siklus/${YEAR}/indikator`);
    await shot('indicators');

    // A filled indicator that the koordinator may edit (a draft or a returned
    // one); a large level jump so that the index visibly moves.
    const rows = await page.$$eval('table.list tbody tr', (trs) => trs.map((tr) => ({
      code: tr.querySelector('td.code')?.textContent.trim(),
      level: Number(tr.querySelector('.level')?.textContent.trim() || 0),
      status: [...(tr.querySelector('.status')?.classList ?? [])].find((k) => k !== 'status'),
      external: !!tr.querySelector('.tag'),
    })));
    assert.ok(rows.length > 10, `the ${YEAR} cycle lists its indicators (${rows.length})`);
    const editable = rows.filter((r) => ['draft', 'returned'].includes(r.status) && !r.external);
    assert.ok(editable.length > 0, `some indicator of ${YEAR} is editable: ${JSON.stringify(rows)}`);
    const pick = editable.find((r) => r.level > 0) ?? editable[0];
    others = editable.filter((r) => r !== pick).map((r) => r.code);
    code = pick.code;
    newLevel = pick.level && pick.level <= 2 ? 5 : 1;

    await clickAndWait(page.locator(`table.list a[href="/siklus/${YEAR}/indikator/${code}"]`),
      `**/siklus/${YEAR}/indikator/${code}`);
    const form = page.locator('form#penilaian');
    await form.waitFor();
    await shot('indicator');
    const checked = await form.locator('input[name=level]:checked').getAttribute('value')
      .catch(() => null);
    assert.equal(Number(checked ?? 0), pick.level, 'the form shows the stored level');

    const fakta = `Perwal No. 12 Tahun 2025 tentang SPBE, pasal 4 ayat (2), hlm. 7 <b>bukan tag</b> & "kutip" — bukti ${code}-L${newLevel}-01.`;
    const analisis = `Kriteria tingkat ${newLevel} terpenuhi karena kebijakan sudah ditetapkan dan dievaluasi; belum ada reviu berkala untuk tingkat berikutnya.`;
    await form.locator(`input[name=level][value="${newLevel}"]`).check();
    await page.fill('#fakta', fakta);
    await page.fill('#analisis', analisis);
    await clickAndWait(form.getByRole('button', { name: 'Simpan draf' }), /\?ok=tersimpan$/);
    await expectText(page.locator('p.notice[role=status]'), 'Perubahan disimpan.');
    await shot('indicator-saved');

    // What was saved comes back exactly, escaped and not interpreted.
    assert.equal(await page.inputValue('#fakta'), fakta);
    assert.equal(await page.inputValue('#analisis'), analisis);
    assert.equal(await page.locator('#fakta b').count(), 0);
    assert.equal(await form.locator('input[name=level]:checked').getAttribute('value'),
      String(newLevel));

    const expected = cliIndex();
    assert.notEqual(expected, before_index,
      `the index changes when ${code} goes from ${pick.level} to ${newLevel}`);
    await clickAndWait(page.locator('nav.nav').getByRole('link', { name: 'Dasbor' }), '**/dasbor');
    assert.equal(await dashboardIndex(), expected);
    await shot('dashboard-after');
  });

  it('shows a change made with the CLI on the next page view', async () => {
    const shown = await dashboardIndex();
    const other = others[0];
    assert.ok(other, 'a second editable indicator');
    // The same page again first, so that a cached copy would exist.
    await page.reload();
    assert.equal(await dashboardIndex(), shown);
    const before_cli = cliIndex();
    for (const level of [5, 1]) {
      monev('assess', 'set', '--year', String(YEAR), '--indicator', other, '--level', String(level));
      if (cliIndex() !== before_cli) break;
    }
    const expected = cliIndex();
    assert.notEqual(expected, before_cli, `the CLI change of indicator ${other} moves the index`);
    await page.reload();
    assert.equal(await dashboardIndex(), expected);
  });

  it('had no console errors, page errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
