// Browser test of issue 9, points 3, 4 and 7 (counts): the indicator list's
// filters (with and without JavaScript), the dashboard's and the progress
// page's counts as links to their filtered lists, the asesor's "Perlu
// direviu" home, and closing a cycle through its confirmation page.
// Playwright (playwright-core) driving Debian's Chromium; desktop (1280) and
// phone (390) screenshots of every changed page go to ARTIFACTS.
//
//   MONEV=build/debug/monev node --test tests/e2e/test_review.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, clickAndWait, launchChromium, login, makeDemo, newContext, newPage,
  shutdown,
} from './lib.mjs';

const YEAR = 2026;
const PASSWORDS = {
  koordinator: 'Koordinator-Antrian-2026',
  asesor: 'Asesor-Antrian-2026',
};
const SUBMITTED = ['1', '14']; // the demo's submitted indicators
const PHONE = { width: 390, height: 844 };

let tmp, data, server, base, browser;
const problems = [];
const contexts = [];

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', timeout: 30_000, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function shot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `review-${name}.png`), fullPage: true });
}

// A logged-in page of user; js: false for a context without JavaScript.
async function person(user, { js = true, phone = false, landing } = {}) {
  const c = js && !phone ? await newContext(browser, base, problems, user)
    : await browser.newContext({ baseURL: base, locale: 'id-ID', javaScriptEnabled: js,
      viewport: phone ? PHONE : { width: 1280, height: 900 }, isMobile: phone });
  contexts.push(c);
  const p = await newPage(c, problems, { who: `${user}${js ? '' : ' (tanpa JS)'}` });
  await login(p, user, PASSWORDS[user], landing);
  return p;
}

async function rowCodes(p) {
  return p.$$eval('td.code', (tds) => tds.map((td) => td.textContent.trim()));
}

describe('Review queue, filters and closing in the browser', { timeout: 120_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-reviu-'));
    for (const [user, pw] of Object.entries(PASSWORDS))
      monev(['user', 'passwd', '--username', user, '--password-stdin'], `${pw}\n`);
    monev(['assign', '--year', String(YEAR), '--indicator', '5', '--opd', 'SETDA-ORG',
      '--deadline', '2026-01-15']);
    server = new Server(data, tmp);
    base = await server.start();
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp, 20_000);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
    assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
  });

  it('every dashboard count leads to a list with that many indicators', async () => {
    const p = await person('koordinator', { landing: '**/dasbor' });
    await p.goto(`/siklus/${YEAR}`);
    await shot(p, 'dasbor');
    const counts = await p.$$eval('ul.counts a', (as) => as.map((a) => ({
      href: a.getAttribute('href'), n: Number(a.querySelector('strong').textContent) })));
    assert.equal(counts.length, 6);
    for (const { href, n } of counts) {
      await p.goto(href);
      assert.equal((await rowCodes(p)).length, n, href);
    }
    // "Draf" does not count never-filled indicators
    const byKey = Object.fromEntries(counts.map((c) => [c.href.split('=')[1], c.n]));
    assert.equal(byKey['belum-diisi'], 7);
    assert.equal(byKey.draf, 9);
    await p.goto(`/siklus/${YEAR}`);
    await clickAndWait(p, p.getByTestId('count-diajukan'), /status=diajukan/);
    assert.deepEqual((await rowCodes(p)).sort(), SUBMITTED);
    await shot(p, 'daftar-diajukan');
  });

  it('the progress counts are links to their filtered lists', async () => {
    const p = await person('koordinator', { landing: '**/dasbor' });
    await p.goto(`/siklus/${YEAR}/progres`);
    await shot(p, 'progres');
    const links = await p.$$eval('table.progress td.num a, table.progress tfoot a',
      (as) => as.map((a) => ({ href: a.getAttribute('href'), n: Number(a.textContent) })));
    assert.ok(links.length > 30);
    for (const { href, n } of links.slice(0, 24)) {
      await p.goto(href);
      assert.equal((await rowCodes(p)).length, n, href);
    }
  });

  it('filters through the GET form without JavaScript, and keeps them on Back', async () => {
    const p = await person('koordinator', { js: false, landing: '**/dasbor' });
    await p.goto(`/siklus/${YEAR}/indikator`);
    await p.selectOption('select[name="status"]', 'belum-diisi');
    await p.check('input[name="lewat"]');
    await clickAndWait(p, p.getByRole('button', { name: 'Terapkan' }), /lewat=1/);
    const url = new URL(p.url());
    assert.equal(url.searchParams.get('status'), 'belum-diisi');
    const late = await rowCodes(p);
    assert.ok(late.includes('5'), 'the never-filled indicator past its deadline');
    assert.match(await p.getByTestId('list-count').textContent(),
      new RegExp(`${late.length} dari 20 indikator`));
    const chips = await p.$$eval('[data-testid="active-filters"] a.chip',
      (as) => as.map((a) => a.textContent.trim()));
    assert.equal(chips.length, 2);
    await shot(p, 'filter-tanpa-js');
    // open an indicator, come back: the filter is still there
    await clickAndWait(p, p.locator('table.list a').first(), /\/indikator\/\d+$/);
    await p.goBack();
    assert.equal(new URL(p.url()).search, url.search);
    assert.equal(await p.locator('select[name="status"]').inputValue(), 'belum-diisi');
    // removing one chip keeps the other filter
    await clickAndWait(p, p.locator('[data-testid="active-filters"] a.chip').first(),
      /indikator\?lewat=1$/);
    assert.ok((await rowCodes(p)).includes('5'));
    // text search
    await p.goto(`/siklus/${YEAR}/indikator`);
    await p.fill('input[name="q"]', '13');
    await clickAndWait(p, p.getByRole('button', { name: 'Terapkan' }), /q=13/);
    assert.ok((await rowCodes(p)).includes('13'));
  });

  it('the same filter list on a phone', async () => {
    const p = await person('koordinator', { phone: true, landing: '**/dasbor' });
    await p.goto(`/siklus/${YEAR}/indikator?status=diajukan`);
    assert.deepEqual((await rowCodes(p)).sort(), SUBMITTED);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
    await shot(p, 'daftar-ponsel');
    await p.goto(`/siklus/${YEAR}/progres`);
    await shot(p, 'progres-ponsel');
    await p.goto(`/siklus/${YEAR}`);
    await shot(p, 'dasbor-ponsel');
  });

  it('the asesor lands on Perlu direviu: submitted ones, oldest first', async () => {
    const p = await person('asesor', { landing: `**/siklus/${YEAR}/reviu` });
    assert.deepEqual((await rowCodes(p)).sort(), SUBMITTED);
    assert.match(await p.locator('h1').textContent(), /Perlu direviu/);
    assert.match(await p.getByTestId('review-count').textContent(), /^2 indikator/);
    await shot(p, 'perlu-direviu');
    const phone = await person('asesor', { phone: true, landing: `**/siklus/${YEAR}/reviu` });
    assert.deepEqual((await rowCodes(phone)).sort(), SUBMITTED);
    await shot(phone, 'perlu-direviu-ponsel');
    // the tab leads to the whole list
    await clickAndWait(p, p.locator('nav.tabs a', { hasText: 'Semua indikator' }),
      new RegExp(`/siklus/${YEAR}/indikator$`));
    assert.equal((await rowCodes(p)).length, 20);
  });

  it('closing goes through the confirmation page with a summary (no JavaScript)', async () => {
    const p = await person('koordinator', { js: false, landing: '**/dasbor' });
    await p.goto('/admin/siklus');
    await clickAndWait(p, p.locator(`a[href="/admin/siklus/${YEAR}/tutup"]`), /\/tutup$/);
    const summary = await p.$$eval('[data-testid="close-summary"] tbody tr',
      (trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.state,
        Number(tr.querySelector('strong').textContent)])));
    assert.deepEqual(summary, { terverifikasi: 1, final: 0, diajukan: 2, dikembalikan: 1, draf: 9,
      'belum-diisi': 7 });
    assert.match(await p.getByTestId('close-verdict').textContent(),
      /1 indikator menjadi Final · 12 indikator tidak diverifikasi/);
    await shot(p, 'tutup-konfirmasi');
    const phone = await person('koordinator', { phone: true, landing: '**/dasbor' });
    await phone.goto(`/admin/siklus/${YEAR}/tutup`);
    await shot(phone, 'tutup-konfirmasi-ponsel');
    // "tutup tetap" with a reason
    await p.check('input[name="force"]');
    await p.fill('#reason', 'Batas waktu evaluasi nasional.');
    await clickAndWait(p, p.getByRole('button', { name: `Ya, tutup siklus ${YEAR}` }),
      /\/admin\/siklus\?ok=ditutup$/);
    assert.match(await p.locator('body').textContent(), /Siklus ditutup/);
    await shot(p, 'tutup-selesai');
    await p.goto(`/siklus/${YEAR}/indikator?status=final`);
    assert.deepEqual(await rowCodes(p), ['13']);
    await p.goto(`/siklus/${YEAR}/indikator?status=diajukan`);
    assert.deepEqual((await rowCodes(p)).sort(), SUBMITTED);
  });
});
