// Browser test of issue 9, points 9 and 11: the admin fills a conversion
// table for an external Pemdi indicator, the koordinator enters the value
// the central agency published (it is converted to a level and shown with
// the row of the table), the admin edits a row of the SPBE -> Pemdi mapping
// by indicator names, and the comparison shows the reasons.  With and
// without JavaScript, desktop (1280) and phone (390) screenshots of every
// changed page go to ARTIFACTS (external-*.png).
//
//   MONEV=build/debug/monev node --test tests/e2e/test_external.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, clickAndWait, expectText, launchChromium, login, makeDemo,
  newContext, newPage, shutdown, watch,
} from './lib.mjs';

const KOORD = 'koord-uji';
const ADMIN = 'admin-uji';
const PASSWORD = 'Uji-eksternal-5531-monev';
const PHONE = { width: 390, height: 844 };

let tmp, data, server, base, browser;
const problems = [];
const expected = new Set(); // the refused forms the test sends on purpose (400)

function addUser(name, role, opd) {
  const args = ['--data', data, 'user', 'add', '--username', name, '--name', `Uji ${role}`,
    '--role', role, '--password-stdin'];
  if (opd) args.push('--opd', opd);
  execFileSync(MONEV, args, { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'],
    timeout: 20_000 });
}

function sql(query) {
  return execFileSync('sqlite3', [path.join(data, 'monev.db'), query], { encoding: 'utf8' }).trim();
}

// A logged-in page: desktop or phone, with or without JavaScript.
async function session(user, { phone = false, js = true, who } = {}) {
  const context = phone || !js
    ? await browser.newContext({ baseURL: base, viewport: phone ? PHONE : { width: 1280, height: 900 },
      locale: 'id-ID', javaScriptEnabled: js, isMobile: phone, hasTouch: phone })
    : await newContext(browser, base, problems, who);
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  watch(p, problems, { who: who ?? user, expected });
  await login(p, user, PASSWORD, '**/dasbor');
  return { context, p };
}

async function shot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `external-${name}.png`), fullPage: true });
}

describe('External values and the mapping in the browser', { timeout: 120_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-ext-'));
    addUser(KOORD, 'koordinator', 'DISKOMINFO');
    addUser(ADMIN, 'admin');
    server = new Server(data, tmp);
    base = await server.start();
    expected.add(`${base}/siklus/2026/indikator/5/eksternal`);
    expected.add(`${base}/admin/pemetaan/baris`);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
    assert.deepEqual(problems, []);
  });

  it('admin fills the conversion table of indicator 7', async () => {
    const { context, p } = await session(ADMIN);
    await p.goto('/admin/kerangka/pemdi-2026');
    await clickAndWait(p, p.getByRole('link', { name: 'Konversi nilai eksternal' }),
      '**/admin/kerangka/pemdi-2026/konversi');
    await expectText(p.locator('#konversi-7 h2'), 'Pembangunan Statistik');
    const rows = [['0', '1'], ['1,8', '2'], ['2,6', '3'], ['3,5', '4'], ['4,2', '5']];
    for (const [i, [from, level]] of rows.entries()) {
      await p.fill(`input[name=from_7_${i + 1}]`, from);
      await p.selectOption(`select[name=level_7_${i + 1}]`, level);
    }
    await p.fill('#note_7', 'Uji peramban: batas dari petunjuk teknis (contoh).');
    await shot(p, 'conversion-desktop');
    await clickAndWait(p, p.getByRole('button', { name: 'Simpan sebagai versi baru' }),
      '**/konversi?ok=tersimpan');
    assert.equal(await p.inputValue('input[name=from_7_2]'), '1,8');
    await context.close();
    const phone = await session(ADMIN, { phone: true });
    await phone.p.goto('/admin/kerangka/pemdi-2026/konversi');
    await shot(phone.p, 'conversion-phone');
    await phone.context.close();
  });

  it('koordinator enters the external value and sees the conversion', async () => {
    const { context, p } = await session(KOORD);
    await p.goto('/siklus/2026/indikator');
    await expectText(p.locator('tr', { hasText: 'Pembangunan Statistik' }),
      'diisi koordinator · nilai dari Badan Pusat Statistik');
    await p.goto('/siklus/2026/indikator/7');
    await expectText(p.locator('#nilai-eksternal'), 'Nilai dari instansi pusat: Badan Pusat Statistik');
    await shot(p, 'indicator-before-desktop');
    await clickAndWait(p, p.getByRole('link', { name: 'Isi nilai eksternal' }),
      '**/indikator/7/eksternal');
    await p.fill('#value', '3,51');
    await p.fill('#source', 'Laporan EPSS BPS 2026 untuk Kota Uji');
    await p.fill('#date', '2026-10-01');
    await shot(p, 'form-desktop');
    await clickAndWait(p, p.getByRole('button', { name: 'Simpan nilai eksternal' }),
      '**/eksternal?ok=tersimpan');
    await expectText(p.locator('main'), '3,51 → tingkat 4');
    await expectText(p.locator('tr.hit'), '3,5');
    await shot(p, 'stored-desktop');
    assert.equal(sql("SELECT a.level FROM assessment a JOIN cycle c ON c.id = a.cycle_id " +
      "WHERE c.year = 2026 AND a.indicator = '7'"), '4');
    await p.goto('/siklus/2026/indikator/7');
    await expectText(p.locator('#nilai-eksternal'), '3,51 → tingkat 4');
    await shot(p, 'indicator-after-desktop');
    await context.close();
    const phone = await session(KOORD, { phone: true });
    await phone.p.goto('/siklus/2026/indikator/7');
    await shot(phone.p, 'indicator-after-phone');
    await phone.p.goto('/siklus/2026/indikator/7/eksternal');
    await shot(phone.p, 'stored-phone');
    await phone.context.close();
  });

  it('works without JavaScript: a refused value keeps the input, a good one is stored', async () => {
    const { context, p } = await session(KOORD, { js: false });
    await p.goto('/siklus/2026/indikator/5/eksternal');
    await p.fill('#value', 'tujuh puluh');
    await p.fill('#source', 'Penilaian SDI 2026');
    await p.fill('#date', '2026-09-30');
    await p.getByRole('button', { name: 'Simpan nilai eksternal' }).click();
    await p.waitForLoadState('load');
    await expectText(p.locator('#value-error'), 'Tulis nilai sebagai angka');
    assert.equal(await p.inputValue('#source'), 'Penilaian SDI 2026');
    await shot(p, 'form-error-nojs');
    await p.fill('#value', '72,5');
    await clickAndWait(p, p.getByRole('button', { name: 'Simpan nilai eksternal' }),
      '**/eksternal?ok=tersimpan');
    await expectText(p.locator('main'), 'Belum dapat dikonversi');
    await context.close();
  });

  it('admin edits a mapping row by names (desktop, phone without JavaScript)', async () => {
    const { context, p } = await session(ADMIN);
    await p.goto('/admin/pemetaan');
    await expectText(p.locator('#i-21'), 'Tingkat Kematangan Manajemen Layanan Digital Pemerintah');
    await shot(p, 'mapping-desktop');
    await clickAndWait(p, p.locator('#i-21').getByRole('link', { name: /Ubah/ }),
      '**/admin/pemetaan/baris?**');
    await p.getByLabel('Tingkat Kematangan Keamanan Pemdi', { exact: false }).first().check();
    await p.fill('#reason', 'Manajemen risiko mencakup risiko layanan dan risiko keamanan.');
    await shot(p, 'mapping-row-desktop');
    await clickAndWait(p, p.getByRole('button', { name: 'Simpan baris ini' }),
      '**/admin/pemetaan?**');
    await expectText(p.locator('#i-21'), 'Tingkat Kematangan Keamanan Pemdi');
    await expectText(p.locator('#i-21'), 'risiko layanan dan risiko keamanan');
    await context.close();

    const phone = await session(ADMIN, { phone: true, js: false });
    await phone.p.goto('/admin/pemetaan');
    await shot(phone.p, 'mapping-phone');
    await phone.p.goto('/admin/pemetaan/baris?dari=spbe-2020&ke=pemdi-2026&kode=9');
    await phone.p.locator('input[name=ke]:checked').uncheck();
    await phone.p.fill('#reason', '   '); // blank: the browser's required check lets it through
    await phone.p.getByRole('button', { name: 'Simpan baris ini' }).click();
    await phone.p.waitForLoadState('load');
    await expectText(phone.p.locator('#row-error'), 'tuliskan mengapa');
    await shot(phone.p, 'mapping-row-error-phone');
    await phone.p.fill('#reason', 'Uji: kebijakan audit TIK tidak dinilai tersendiri.');
    await clickAndWait(phone.p, phone.p.getByRole('button', { name: 'Simpan baris ini' }),
      '**/admin/pemetaan?**');
    await expectText(phone.p.locator('#i-9'), 'Tidak ada padanan');
    await phone.context.close();
  });

  it('the comparison shows the reasons', async () => {
    const { context, p } = await session(KOORD);
    await p.goto('/bandingkan?a=2023&b=2026');
    await p.locator('#dasar-pemetaan summary').click();
    await expectText(p.locator('#dasar-pemetaan'), 'risiko layanan dan risiko keamanan');
    await shot(p, 'compare-desktop');
    await context.close();
    const phone = await session(KOORD, { phone: true });
    await phone.p.goto('/bandingkan?a=2023&b=2026');
    await phone.p.locator('#dasar-pemetaan summary').click();
    await shot(phone.p, 'compare-phone');
    await phone.context.close();
  });
});
