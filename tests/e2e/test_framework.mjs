// Browser test of the framework editor: the admin changes a criterion and a
// level name of Pemdi 2026, sees the difference before saving, saves a new
// version (the difference is shown again after saving), and moves the 2026
// cycle to it; once with JavaScript on a desktop window and once without
// JavaScript on a phone-sized window.  Screenshots of every page go to
// ARTIFACTS (framework-*.png).
//
//   MONEV=build/debug/monev node --test tests/e2e/test_framework.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, clickAndWait, expectText, launchChromium, login, makeDemo, newContext,
  newPage, shutdown,
} from './lib.mjs';

const ADMIN = 'admin';
const PASSWORD = 'Admin-Kerangka-Browser-2026';

let tmp, data, server, base, browser;
const problems = [];

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', timeout: 30_000, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function cycleVersion(year) {
  const list = JSON.parse(monev(['cycle', 'list', '--format', 'json']));
  return list.find((c) => c.year === year).framework_version;
}

async function shot(p, name) {
  await p.screenshot({ path: path.join(ARTIFACTS, `framework-${name}.png`), fullPage: true });
}

// One round: edit version `from` of pemdi-2026 into version from + 1 and
// move the 2026 cycle to it.  js: JavaScript on; phone: a 390 px window.
async function round({ js, phone, from, criterion, levelName, tag }) {
  // newContext watches CSP violations through a script, which needs
  // JavaScript; without it the context is a plain one.
  const ctx = js ? await newContext(browser, base, problems, tag) : await browser.newContext({
    baseURL: base, locale: 'id-ID', javaScriptEnabled: false,
  });
  const p = await newPage(ctx, problems, { who: tag, dialogs: true });
  if (phone) await p.setViewportSize({ width: 390, height: 844 });
  await login(p, ADMIN, PASSWORD, '**/dasbor');

  await p.goto(`/admin/kerangka/pemdi-2026@${from}`);
  await expectText(p.locator('h1'), 'Pemerintah Digital');
  await shot(p, `${tag}-1-lihat`);
  await clickAndWait(p, p.getByRole('link', { name: 'Ubah kerangka (membuat versi baru)' }),
    `**/admin/kerangka/pemdi-2026@${from}/ubah`);
  await shot(p, `${tag}-2-editor`);
  await p.fill('#lv_0_3', levelName);
  await p.fill('#c_0_1', criterion);
  await clickAndWait(p, p.getByRole('button', { name: 'Pratinjau perubahan' }),
    `**/admin/kerangka/pemdi-2026@${from}/ubah`);
  await expectText(p.locator('.fw-diff'), 'Indikator 1 tingkat 1: kriteria');
  await expectText(p.locator('.fw-diff'), 'Nama tingkat 3 (rumpun pemdi)');
  assert.equal(await p.inputValue('#lv_0_3'), levelName, 'the preview keeps what was typed');
  await shot(p, `${tag}-3-pratinjau`);
  await clickAndWait(p, p.getByRole('button', { name: 'Simpan sebagai versi baru' }),
    `**/admin/kerangka/pemdi-2026@${from + 1}?dari=${from}&ok=simpan`);
  await expectText(p.locator('.fw-diff h2'), `Perubahan dari versi ${from}`);
  await expectText(p.locator('.fw-diff'), 'Indikator 1 tingkat 1: kriteria');
  await shot(p, `${tag}-4-tersimpan`);

  const move = p.getByRole('button', { name: `Pakai versi ${from + 1}` });
  assert.equal(await move.count(), 1, 'the 2026 cycle can move to the new version');
  await clickAndWait(p, move, `**/admin/kerangka/pemdi-2026@${from + 1}?ok=siklus`);
  await expectText(p.locator('table.fw-cycles'), 'memakai versi ini');
  assert.equal(cycleVersion(2026), from + 1);
  await p.locator('details.fw-ind').first().evaluate((d) => { d.open = true; });
  await expectText(p.locator('details.fw-ind').first(), criterion);
  await shot(p, `${tag}-5-siklus-pindah`);
  await ctx.close();
}

describe('The framework editor in the browser', { timeout: 120_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-kerangka-'));
    monev(['user', 'passwd', '--username', ADMIN, '--password-stdin'], `${PASSWORD}\n`);
    server = new Server(data, tmp);
    base = await server.start(20_000);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp, 20_000);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
  });

  it('with JavaScript on a desktop: edit, preview, save, move the cycle', async () => {
    assert.equal(cycleVersion(2026), 1);
    await round({ js: true, phone: false, from: 1, tag: 'desktop',
      criterion: 'Uji: kebijakan tata kelola belum ditetapkan (teks contoh).',
      levelName: 'Established (Mapan)' });
    const log = monev(['audit', 'log', '--limit', '10']);
    assert.match(log, /framework\.add/);
    assert.match(log, /cycle\.framework/);
  });

  it('without JavaScript on a phone: the same steps', async () => {
    await round({ js: false, phone: true, from: 2, tag: 'ponsel',
      criterion: 'Uji tanpa JavaScript: kebijakan dalam penyusunan.',
      levelName: 'Established (Tertata)' });
  });

  it('no console errors, page errors, CSP violations or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
