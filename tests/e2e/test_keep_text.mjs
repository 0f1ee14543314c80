// Issue 9, points 1 and 2 in the browser: what a person typed is never lost.
//
//  - without JavaScript (desktop): a session that ends while typing ->
//    "Simpan draf" -> login -> the same indicator page with the text back,
//    not saved; an upload before saving keeps (and saves) the text; a
//    refused form shows the message beside the field;
//  - with JavaScript (phone): the draft saves itself as the person types
//    ("Tersimpan otomatis"), without a level a copy stays in the browser and
//    comes back; uploading never asks to leave the page and keeps the text;
//  - a link opened while logged out comes back after login.
// Screenshots go to ARTIFACTS (keep-text-*.png).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, launchChromium, makeDemo, newPage, shutdown,
} from './lib.mjs';

const YEAR = 2026;
const PASSWORD = 'Bappeda-Teks-Aman-2026';
const URL = (code) => `/siklus/${YEAR}/indikator/${code}`;
const PHONE = { width: 390, height: 844 };

let tmp, data, server, base, browser;
const problems = [];

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', timeout: 30_000, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function makePdf(text) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 16 Tf 72 760 Td (${text}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function shot(name, p) {
  await p.screenshot({ path: path.join(ARTIFACTS, `keep-text-${name}.png`), fullPage: true });
}

// A logged-in bappeda page in a context of its own.
async function person({ js, viewport, who }) {
  const ctx = await browser.newContext({
    baseURL: base, locale: 'id-ID', javaScriptEnabled: js, viewport: viewport || { width: 1280, height: 900 },
  });
  // a refused form answers 4xx with its page, by design
  const expected = new Set(['3', '11', '12', '15', '19'].flatMap(
    (c) => [`${base}${URL(c)}`, `${base}${URL(c)}/bukti`]));
  const p = await newPage(ctx, problems, { who, dialogs: true, expected });
  await p.goto('/masuk');
  await p.fill('#username', 'bappeda');
  await p.fill('#password', PASSWORD);
  await Promise.all([p.waitForURL('**/tugas'), p.getByRole('button', { name: 'Masuk' }).click()]);
  return { ctx, p };
}

function shown(code) {
  return monev(['assess', 'show', '--year', String(YEAR), '--indicator', code]);
}

describe('Keeping what was typed', { timeout: 120_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-teks-'));
    monev(['user', 'passwd', '--username', 'bappeda', '--password-stdin'], `${PASSWORD}\n`);
    for (const code of ['3', '11', '12', '15', '19'])
      monev(['assign', '--year', String(YEAR), '--indicator', code, '--opd', 'BAPPEDA']);
    server = new Server(data, tmp);
    base = await server.start(20_000);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp, 20_000);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
    assert.deepEqual(problems, []);
  });

  it('no JS: the session ends while typing; login brings the text back, not saved', async () => {
    const { ctx, p } = await person({ js: false, who: 'nojs' });
    await p.goto(URL('3'));
    const fakta = 'Perwal 12/2025 pasal 4, halaman 7; bukti I3-L2-01.\nDiketik selama 40 menit.';
    await p.check('input[name=level][value="2"]');
    await p.fill('#fakta', fakta);
    await p.fill('#analisis', 'Analisis yang tidak boleh hilang.');
    await ctx.clearCookies({ name: 'monev_sesi' }); // the session is gone
    await Promise.all([p.waitForURL('**/masuk?**'), p.getByRole('button', { name: 'Simpan draf' }).click()]);
    assert.match(await p.locator('.login').textContent(), /Teks yang Anda isi disimpan sementara/);
    await shot('login-sesi-berakhir', p);
    await p.fill('#username', 'bappeda');
    await p.fill('#password', PASSWORD);
    await Promise.all([p.waitForURL(`**${URL('3')}?pulih=*`), p.getByRole('button', { name: 'Masuk' }).click()]);
    assert.match(await p.locator('#form-restored').textContent(), /Teks Anda dipulihkan; periksa lalu simpan/);
    assert.equal(await p.inputValue('#fakta'), fakta);
    assert.equal(await p.inputValue('#analisis'), 'Analisis yang tidak boleh hilang.');
    assert.ok(await p.isChecked('input[name=level][value="2"]'));
    assert.doesNotMatch(shown('3'), /Diketik selama 40 menit/, 'restored, not saved');
    await shot('dipulihkan-desktop', p);
    await Promise.all([p.waitForURL('**ok=tersimpan'), p.getByRole('button', { name: 'Simpan draf' }).click()]);
    assert.match(shown('3'), /Diketik selama 40 menit/);
    await ctx.close();
  });

  it('no JS: uploading before "Simpan draf" saves the typed text with the file', async () => {
    const { ctx, p } = await person({ js: false, who: 'nojs-upload' });
    await p.goto(URL('12'));
    await p.check('input[name=level][value="3"]');
    await p.fill('#fakta', 'Fakta diketik sebelum mengunggah.');
    await p.fill('#analisis', 'Analisis diketik sebelum mengunggah.');
    await p.setInputFiles('#file', { name: 'sk-tim.pdf', mimeType: 'application/pdf', buffer: makePdf('SK Tim') });
    await p.fill('#title', 'SK Tim SPBE');
    await Promise.all([p.waitForURL('**ok=bukti**'), p.getByRole('button', { name: 'Unggah' }).click()]);
    assert.equal(await p.inputValue('#fakta'), 'Fakta diketik sebelum mengunggah.');
    assert.match(shown('12'), /Fakta diketik sebelum mengunggah/);
    assert.match(await p.locator('#bukti').textContent(), /SK Tim SPBE/);
    await shot('unggah-teks-tersimpan', p);
    await ctx.close();
  });

  it('no JS: a refused form comes back with the message beside the field', async () => {
    const { ctx, p } = await person({ js: false, who: 'nojs-refused' });
    await p.goto(URL('15')); // never filled: no level
    await p.fill('#fakta', 'Teks tanpa tingkat.');
    // no level: the browser's own check is bypassed to reach the server's
    await p.evaluate(() => document.getElementById('penilaian').setAttribute('novalidate', ''));
    await p.getByRole('button', { name: 'Simpan draf' }).click();
    await p.waitForLoadState('load');
    assert.match(await p.locator('#level-error').textContent(), /Pilih tingkat 1 sampai 5/);
    assert.equal(await p.inputValue('#fakta'), 'Teks tanpa tingkat.');
    assert.equal(await p.getByText('Kembali ke dasbor').count(), 0);
    await shot('ditolak-di-samping-isian', p);
    await ctx.close();
  });

  it('JS, phone: autosave as one types; without a level a browser copy comes back', async () => {
    const { ctx, p } = await person({ js: true, viewport: PHONE, who: 'js-phone' });
    await p.goto(URL('19'));
    await p.check('input[name=level][value="2"]');
    await p.fill('#fakta', 'Ditulis di ponsel, tersimpan sendiri.');
    await p.locator('[data-autosave-status]').filter({ hasText: /Tersimpan otomatis \d\d\.\d\d/ }).waitFor();
    assert.match(shown('19'), /Ditulis di ponsel, tersimpan sendiri/);
    await shot('autosave-ponsel', p);
    // indicator 11 has no level yet: kept in this browser, back on reload
    await p.goto(URL('11'));
    await p.fill('#analisis', 'Belum ada tingkat, jangan hilang.');
    await p.locator('[data-autosave-status]').filter({ hasText: /pilih tingkat dulu/ }).waitFor();
    await p.reload();
    assert.equal(await p.inputValue('#analisis'), 'Belum ada tingkat, jangan hilang.');
    assert.match(await p.locator('[data-autosave-status]').textContent(), /dipulihkan/);
    await shot('salinan-peramban-ponsel', p);
    await ctx.close();
  });

  it('JS, phone: an upload keeps the text and never asks to leave', async () => {
    const { ctx, p } = await person({ js: true, viewport: PHONE, who: 'js-upload' });
    await p.goto(URL('3'));
    await p.check('input[name=level][value="4"]');
    await p.fill('#fakta', 'Teks ponsel sebelum unggah.');
    await p.setInputFiles('#file', { name: 'perwal.pdf', mimeType: 'application/pdf', buffer: makePdf('Perwal') });
    await Promise.all([p.waitForURL('**ok=bukti**'), p.getByRole('button', { name: 'Unggah' }).click()]);
    assert.equal(await p.inputValue('#fakta'), 'Teks ponsel sebelum unggah.');
    assert.match(shown('3'), /Teks ponsel sebelum unggah/);
    await shot('unggah-ponsel', p);
    await ctx.close();
  });

  it('a link opened while logged out returns to it after login', async () => {
    const ctx = await browser.newContext({ baseURL: base, locale: 'id-ID' });
    const p = await ctx.newPage();
    await p.goto(URL('12') + '#bukti');
    assert.match(p.url(), /\/masuk\?next=/);
    await p.fill('#username', 'bappeda');
    await p.fill('#password', PASSWORD);
    await Promise.all([p.waitForURL(`**${URL('12')}`), p.getByRole('button', { name: 'Masuk' }).click()]);
    await ctx.close();
  });
});
