// Browser test of the navigation, the wide tables, the accounts page and the
// Indonesian formats (issue 9, points 14, 15, 16 and 18).
//
// For each role: every page its menu links to shows the same menu, in the
// same order, with exactly the current page marked; the review queue for
// the asesor and the koordinator; no report buttons left at the bottom of
// the dashboard.  On a phone (390 px) the menu is a <details> disclosure
// that opens and leads on without JavaScript; every wide table scrolls
// inside .table-scroll with its hint, and no page scrolls sideways.  The
// users page: the role placeholder, a duplicate username's message beside
// the field with the typed values kept, an edit, paging and search.
// Indonesian formats: "2,80" on the dashboard, "5 Desember 2026"-style
// dates; English keeps the dot.  Every page of the koordinator and the
// admin is screenshot at 1280 and 390 px into ARTIFACTS/nav-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, launchChromium, login, makeDemo, newContext, newPage, shutdown,
} from './lib.mjs';

const YEAR = 2026;
const PASSWORDS = {
  admin: 'Admin-Navigasi-2026',
  koordinator: 'Koordinator-Navigasi-2026',
  sekda: 'Sekda-Navigasi-2026',
  asesor: 'Asesor-Navigasi-2026',
  bappeda: 'Bappeda-Navigasi-2026',
};
// What each role's menu holds, in order (the year's links for YEAR).
const MENUS = {
  admin: ['Dasbor', 'Indikator', 'Progres', 'Simulasi', 'Rencana', 'Bandingkan', 'Hasil resmi',
    'Laporan', 'Administrasi', 'Akun'],
  koordinator: ['Dasbor', 'Indikator', 'Perlu direviu', 'Progres', 'Simulasi', 'Rencana',
    'Bandingkan', 'Hasil resmi', 'Laporan', 'Administrasi', 'Akun'],
  sekda: ['Dasbor', 'Indikator', 'Progres', 'Simulasi', 'Rencana', 'Bandingkan', 'Hasil resmi',
    'Laporan', 'Akun'],
  asesor: ['Dasbor', 'Indikator', 'Perlu direviu', 'Progres', 'Simulasi', 'Rencana', 'Bandingkan',
    'Hasil resmi', 'Laporan', 'Akun'],
  bappeda: ['Dasbor', 'Tugas saya', 'Indikator', 'Simulasi', 'Rencana', 'Bandingkan', 'Akun'],
};
// Pages outside the menu that still show it (and mark their section).
const EXTRA = {
  koordinator: [[`/siklus/${YEAR}/indikator/1`, 'Indikator'], [`/siklus/${YEAR}/kesenjangan`, 'Rencana'],
    ['/admin/opd', 'Administrasi'], ['/admin/siklus', 'Administrasi'], ['/admin/kerangka', 'Administrasi'],
    [`/siklus/${YEAR}`, 'Dasbor'], ['/akun/sandi', 'Akun']],
  admin: [['/admin/pengguna', 'Administrasi'], ['/admin/opd', 'Administrasi'],
    ['/admin/siklus', 'Administrasi'], ['/admin/kerangka', 'Administrasi']],
};
const SHOTS = new Set(['admin', 'koordinator']);

let tmp, data, server, base, browser;
const problems = [];

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', input, timeout: 20_000 });
}

function shotName(user, href, width) {
  const slug = href.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '') || 'root';
  return path.join(ARTIFACTS, `nav-${user}-${slug}-${width}.png`);
}

// The menu of the wide screen: [{label, href, current}].
function menuOf(p) {
  return p.$$eval('nav.nav-wide a', (as) => as.map((a) => ({
    label: a.textContent.trim(), href: a.getAttribute('href'),
    current: a.getAttribute('aria-current') === 'page',
  })));
}

// No sideways scrolling of the page itself; every table in .table-scroll.
async function checkPhoneLayout(p, where) {
  const overflow = await p.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${where}: the page scrolls sideways by ${overflow}px on a phone`);
  const bare = await p.$$eval('main table', (ts) => ts.filter(
    (t) => !t.closest('.table-scroll') && !t.classList.contains('chart-table')).length);
  assert.equal(bare, 0, `${where}: every table sits in .table-scroll`);
  // a table wider than the screen shows its hint
  const hidden = await p.$$eval('.table-scroll', (boxes) => boxes
    .filter((b) => b.scrollWidth > b.clientWidth + 1 && b.offsetParent !== null)
    .filter((b) => {
      const hint = b.previousElementSibling;
      return !hint || !hint.classList.contains('scroll-hint') || getComputedStyle(hint).display === 'none';
    }).length);
  assert.equal(hidden, 0, `${where}: a wide table without its "geser" hint`);
}

describe('One navigation per role, phone menu, wide tables, users page', { timeout: 300_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-nav-'));
    for (const [user, pw] of Object.entries(PASSWORDS))
      monev(['user', 'passwd', '--username', user, '--password-stdin'], `${pw}\n`);
    for (let i = 0; i < 60; i++)
      monev(['user', 'add', '--username', `pegawai${String(i).padStart(2, '0')}`, '--name',
        `Pegawai Dinas ${i}`, '--role', 'opd', '--opd', 'BPKAD']);
    server = new Server(data, tmp);
    base = await server.start(20_000);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp, 20_000);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
    assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
  });

  for (const user of Object.keys(MENUS)) {
    it(`${user}: the same menu on every page, the current one marked; phone layout`, async () => {
      const context = await newContext(browser, base, problems, user);
      const p = await newPage(context, problems, { who: user });
      await login(p, user, PASSWORDS[user], /\/(dasbor|tugas|reviu)$/);
      await p.goto('/dasbor');
      const menu = await menuOf(p);
      assert.deepEqual(menu.map((m) => m.label), MENUS[user], `${user}: the menu`);
      if (MENUS[user].includes('Perlu direviu'))
        assert.equal(menu.find((m) => m.label === 'Perlu direviu').href,
          `/siklus/${YEAR}/reviu`);
      // the dashboard no longer ends in a row of report buttons
      for (const gone of ['laporan', 'hasil-resmi', 'simulasi', 'rencana', 'bandingkan'])
        assert.equal(await p.locator(`main p.actions a[href*="${gone}"]`).count(), 0,
          `${user}: no ${gone} button at the bottom of the dashboard`);
      const pages = menu.map((m) => [m.href, m.label]).concat(EXTRA[user] ?? []);
      for (const [href, label] of pages) {
        const res = await p.goto(href);
        assert.equal(res.status(), 200, `${user} ${href}`);
        const here = await menuOf(p);
        assert.deepEqual(here.map((m) => [m.label, m.href]), menu.map((m) => [m.label, m.href]),
          `${user} ${href}: the same menu`);
        assert.deepEqual(here.filter((m) => m.current).map((m) => m.label), [label],
          `${user} ${href}: marks ${label}`);
        if (SHOTS.has(user)) await p.screenshot({ path: shotName(user, href, 1280), fullPage: true });
      }
      // the phone
      await p.setViewportSize({ width: 390, height: 844 });
      for (const [href] of pages) {
        await p.goto(href);
        assert.equal(await p.locator('nav.nav-wide').isVisible(), false, `${href}: no wide menu`);
        assert.equal(await p.locator('details.nav-phone > summary').isVisible(), true,
          `${href}: the phone menu button`);
        await checkPhoneLayout(p, `${user} ${href}`);
        if (SHOTS.has(user)) await p.screenshot({ path: shotName(user, href, 390), fullPage: true });
      }
      await context.close();
    });
  }

  it('the phone menu opens and leads on without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 },
      locale: 'id-ID', javaScriptEnabled: false });
    const p = await newPage(context, problems, { who: 'nojs' });
    await login(p, 'koordinator', PASSWORDS.koordinator, /\/dasbor$/);
    const list = p.locator('details.nav-phone .nav-list');
    assert.equal(await list.isVisible(), false, 'closed at first');
    await p.locator('details.nav-phone > summary').click();
    assert.equal(await list.isVisible(), true, 'open after a tap');
    await p.screenshot({ path: path.join(ARTIFACTS, 'nav-phone-open-nojs-390.png') });
    await Promise.all([p.waitForURL('**/siklus/2026/reviu'),
      list.getByRole('link', { name: 'Perlu direviu' }).click()]);
    assert.equal(await p.locator('details.nav-phone a[aria-current="page"]').textContent(),
      'Perlu direviu');
    // wide tables carry the hint without JavaScript too
    await p.goto(`/siklus/${YEAR}/progres`);
    await checkPhoneLayout(p, 'nojs progres');
    await p.screenshot({ path: path.join(ARTIFACTS, 'nav-progres-nojs-390.png'), fullPage: true });
    // logging out from the phone menu
    await p.locator('details.nav-phone > summary').click();
    await Promise.all([p.waitForURL('**/masuk**'),
      p.locator('details.nav-phone').getByRole('button', { name: 'Keluar' }).click()]);
    await context.close();
  });

  it('the users page: placeholder, duplicate message, edit, paging, search', async () => {
    for (const js of [true, false]) {
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 },
        locale: 'id-ID', javaScriptEnabled: js });
      const p = await newPage(context, problems, { who: `admin-users-${js ? 'js' : 'nojs'}`,
        expected: new Set([`${base}/admin/pengguna`]) });
      await login(p, 'admin', PASSWORDS.admin, /\/dasbor$/);
      await p.goto('/admin/pengguna');
      assert.equal(await p.locator('#role').inputValue(), '', 'no role chosen at first');
      assert.match(await p.locator('#role option').first().textContent(), /pilih peran/);
      // a duplicate username: the message beside the field, the values kept
      await p.fill('#username', 'bappeda');
      await p.fill('#name', 'Siti Kedua');
      await p.selectOption('#role', 'opd');
      await p.selectOption('#opd', 'BPKAD');
      await Promise.all([p.waitForLoadState('load'),
        p.getByRole('button', { name: 'Buat akun' }).click()]);
      assert.equal((await p.locator('#username-err').textContent()).trim(),
        'Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.');
      assert.equal(await p.locator('#username').inputValue(), 'bappeda');
      assert.equal(await p.locator('#name').inputValue(), 'Siti Kedua');
      assert.equal(await p.locator('#role').inputValue(), 'opd');
      assert.equal(await p.locator('#opd').inputValue(), 'BPKAD');
      if (js) await p.screenshot({ path: path.join(ARTIFACTS, 'nav-users-duplicate-1280.png'), fullPage: true });
      // paging and search, in the URL
      await p.goto('/admin/pengguna');
      assert.equal(await p.locator('main table tbody tr').count(), 50);
      await Promise.all([p.waitForURL('**/admin/pengguna?hal=2'),
        p.getByRole('link', { name: /Berikutnya/ }).click()]);
      assert.ok(await p.locator('main table tbody tr').count() > 0);
      await p.fill('#q', 'Dinas 1');
      await Promise.all([p.waitForURL(/q=Dinas\+1/), p.getByRole('button', { name: 'Cari', exact: true }).click()]);
      const found = await p.$$eval('main table tbody td.code', (tds) => tds.map((t) => t.textContent));
      assert.deepEqual(found.sort(), ['pegawai01', ...Array.from({ length: 10 }, (_, i) => `pegawai${10 + i}`)].sort());
      // edit one
      await p.goto('/admin/pengguna?q=pegawai07');
      await Promise.all([p.waitForURL(/\/ubah$/), p.getByRole('link', { name: 'Ubah' }).click()]);
      await p.fill('#name', js ? 'Rina Wulandari' : 'Rina Wulandari Tanpa JS');
      await p.selectOption('#opd', 'BAPPEDA');
      await Promise.all([p.waitForURL('**/admin/pengguna?ok=pengguna'),
        p.getByRole('button', { name: 'Simpan perubahan' }).click()]);
      await p.goto('/admin/pengguna?q=pegawai07');
      assert.match(await p.locator('main table tbody tr').first().textContent(),
        js ? /Rina Wulandari\s*Anggota OPD\s*BAPPEDA/ : /Rina Wulandari Tanpa JS/);
      await context.close();
    }
  });

  it('Indonesian numbers and dates; English keeps the dot', async () => {
    const context = await newContext(browser, base, problems, 'format');
    const p = await newPage(context, problems, { who: 'format' });
    await login(p, 'koordinator', PASSWORDS.koordinator, /\/dasbor$/);
    const idx = (await p.getByTestId('index').textContent()).trim();
    assert.match(idx, /^\d,\d\d$/, `the dashboard index in Indonesian: ${idx}`);
    await p.goto(`/siklus/${YEAR}/indikator`);
    const dates = await p.$$eval('main table td span', (s) => s.map((x) => x.textContent.trim())
      .filter((t) => /\d{4}/.test(t)));
    for (const d of dates)
      assert.match(d, /^\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}( · lewat tenggat)?$/, d);
    await p.goto('/bahasa/en?ke=/dasbor');
    const en = (await p.getByTestId('index').textContent()).trim();
    assert.equal(en, idx.replace(',', '.'), 'English: a dot');
    await context.close();
  });
});
