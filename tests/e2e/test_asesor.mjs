// Browser test of the asesor's own level beside the claim, the refusal to
// verify while a document is marked revisi, and the warnings about the
// evidence codes a justification cites (issue 9 points 5 and 6): desktop,
// phone (390 wide) and without JavaScript.  Playwright driving Chromium.
//
//   MONEV=build/debug/monev node --test tests/e2e/test_asesor.mjs
//
// Demo data: indicator 1 of the 2026 cycle is submitted and cites I1-L3-01
// and I1-L2-01; indicator 4 is a draft the koordinator may edit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, clickAndWait, expectText, launchChromium, login as loginOn, makeDemo,
  newContext, newPage, shutdown,
} from './lib.mjs';

const YEAR = 2026;
const PASSWORDS = { asesor: 'Asesor-Level-E2E-2026', koordinator: 'Koordinator-Lint-E2E-2026' };
const IND1 = `/siklus/${YEAR}/indikator/1`;
const IND4 = `/siklus/${YEAR}/indikator/4`;

let tmp, data, server, base, browser;
const problems = [];
const contexts = [];

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', timeout: 30_000, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function shot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `asesor-${name}.png`), fullPage: true });
}

async function person(user, options = {}) {
  const context = await newContext(browser, base, problems, user);
  contexts.push(context);
  const page = await newPage(context, problems, { who: user, ...options });
  await loginOn(page, user, PASSWORDS[user], /\/(dasbor|tugas|siklus\/\d+\/reviu)$/);
  return page;
}

describe('asesor level, revisi and cited codes', () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-asesor-'));
    for (const [user, pw] of Object.entries(PASSWORDS))
      monev(['user', 'passwd', '--username', user, '--password-stdin'], `${pw}\n`);
    monev(['assess', 'set', '--year', String(YEAR), '--indicator', '4', '--level', '3',
      '--fakta', 'Nota kesepahaman kolaborasi (I4-L3-07) dan SK tim (I1-L2-01).',
      '--analisis', 'Kolaborasi berjalan.']);
    server = new Server(data, tmp);
    base = await server.start();
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp, 20_000);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
    assert.deepEqual(problems, [], 'no console errors, page errors, CSP violations');
  });

  it('refuses to verify with a document under revision, naming it', async () => {
    const p = await person('asesor', { expected: new Set([`${base}${IND1}/status`]) });
    await p.goto(IND1);
    const row = p.locator('table.evidence tr', { hasText: 'I1-L2-01' });
    await row.locator('summary', { hasText: 'Reviu' }).click();
    await row.locator('textarea[name="note"]').fill('Tanda tangan pejabat belum ada.');
    await clickAndWait(p, row.getByRole('button', { name: 'Minta revisi' }), /#bukti$/);
    await expectText(p.locator('#asesor .notice'), 'I1-L2-01');
    await shot(p, 'revisi-notice-desktop');
    await clickAndWait(p, p.locator('#alur').getByRole('button', { name: 'Verifikasi' }),
      /\/status$/);
    await expectText(p.locator('main'), 'bukti I1-L2-01 masih ditandai revisi');
    await shot(p, 'verify-refused-desktop');
    assert.match(monev(['assess', 'show', '--year', String(YEAR), '--indicator', '1']),
      /Status\s*:\s*diajukan/, 'still submitted');
  });

  it('records the asesor level beside the claim (desktop, phone)', async () => {
    const p = await person('asesor');
    await p.goto(IND1);
    const form = p.locator('form.asesor-form');
    await form.locator('input[name="asesor_level"][value="2"]').check();
    await form.locator('#asesor_note').fill('Pemantauan berkala belum terdokumentasi (I1-L3-01).');
    await clickAndWait(p, form.getByRole('button', { name: 'Simpan tingkat asesor' }), /#asesor$/);
    await expectText(p.locator('#asesor'), 'klaim terlalu tinggi (+1)');
    await expectText(p.locator('#asesor'), 'Pemantauan berkala belum terdokumentasi');
    assert.match(monev(['assess', 'show', '--year', String(YEAR), '--indicator', '1']),
      /Tingkat\s*:\s*3/, 'the claim stays 3');
    await shot(p, 'level-desktop');
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(`${IND1}#asesor`);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width})`);
    await p.locator('#asesor').screenshot({ path: path.join(ARTIFACTS, 'asesor-level-phone.png') });
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const p = await newPage(context, problems, { who: 'asesor (no JS)' });
    await loginOn(p, 'asesor', PASSWORDS.asesor, /\/(dasbor|tugas|siklus\/\d+\/reviu)$/);
    await p.goto(IND1);
    const form = p.locator('form.asesor-form');
    await form.locator('input[name="asesor_level"][value="3"]').check();
    await form.locator('#asesor_note').fill('');
    await clickAndWait(p, form.getByRole('button', { name: 'Simpan tingkat asesor' }), /#asesor$/);
    await expectText(p.locator('#asesor'), 'sama dengan klaim');
  });

  it('imports official results from an Indonesian CSV file and compares (desktop, phone)',
    async () => {
      const p = await person('koordinator');
      await p.goto(`/siklus/${YEAR}/hasil-resmi`);
      await p.locator('#file').setInputFiles({ name: 'hasil-resmi.csv', mimeType: 'text/csv',
        buffer: Buffer.from('\ufeffIndikator;Tingkat\r\n1;2\r\n4;3\r\n13;3\r\n') });
      await clickAndWait(p, p.getByRole('button', { name: 'Impor' }), /ok=tersimpan/);
      await expectText(p.locator('main'), 'Indeks hasil resmi');
      await expectText(p.locator('main'), 'Indeks menurut tingkat asesor internal');
      await shot(p, 'official-desktop');
      await p.setViewportSize({ width: 390, height: 844 });
      await p.reload();
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling on a phone (${width})`);
      await shot(p, 'official-phone');
    });

  it('warns about cited codes before submitting (desktop, phone)', async () => {
    const p = await person('koordinator');
    await p.goto(IND4);
    const warn = p.locator('#alur .warn-box');
    await expectText(warn, 'Fakta: I4-L3-07 bukan kode bukti yang dikenal di siklus ini.');
    await expectText(warn, 'Fakta: I1-L2-01 adalah bukti milik indikator 1.');
    await shot(p, 'lint-desktop');
    await p.setViewportSize({ width: 390, height: 844 });
    await p.goto(`${IND4}#alur`);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width})`);
    await p.locator('#alur').screenshot({ path: path.join(ARTIFACTS, 'asesor-lint-phone.png') });
  });
});
