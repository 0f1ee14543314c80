// Browser test of the searchable, paged document lists on the indicator page
// (issue 9, point 19): with 300 documents in the cycle, the koordinator
// searches the documents offered for reuse, pages through them and links
// one; looks up a person in charge by name and saves the team; an OPD
// member on a phone without JavaScript is offered only its own OPD's
// documents.  Playwright (playwright-core) driving Debian's Chromium.
//
// Run through CTest (ctest -R e2e_test_scale) or by hand:
//   MONEV=build/debug/monev node --test tests/e2e/test_scale.mjs
//
// The documents and the 40 extra accounts are test data written with the
// sqlite3 shell before the server starts (no blobs: nothing here downloads
// them).  Screenshots (desktop 1280 and phone 390 wide) go to ARTIFACTS.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, clickAndWait, launchChromium, login, makeDemo, newContext, newPage,
  shutdown,
} from './lib.mjs';

const YEAR = 2026;
const URL_IND = `/siklus/${YEAR}/indikator/3`;
const PASSWORDS = { koordinator: 'Koordinator-Skala-Layar-2026', bappeda: 'Bappeda-Skala-Layar-2026' };
const SQL = `
BEGIN;
CREATE TEMP TABLE n AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  SELECT i FROM n;
INSERT INTO evidence (sha256, size, mime, filename, title, doc_number, created_at)
  SELECT printf('%064x', 100000 + i), 1000, 'application/pdf', printf('d%d.pdf', i),
         printf('Dokumen uji skala %03d', i), printf('SK/%03d/2026', i), unixepoch() FROM n;
INSERT INTO evidence_link (cycle_id, indicator, evidence_id, level, code, created_at)
  SELECT c.id, CASE WHEN n.i % 2 THEN '1' ELSE '2' END, e.id, n.i % 5 + 1,
         printf('I%s-L%d-%03d', CASE WHEN n.i % 2 THEN '1' ELSE '2' END, n.i % 5 + 1, 100 + n.i),
         unixepoch()
  FROM n JOIN evidence e ON e.sha256 = printf('%064x', 100000 + n.i) JOIN cycle c ON c.year = ${YEAR};
INSERT INTO evidence_seq (cycle_id, indicator, level, made)
  SELECT cycle_id, indicator, level, 999 FROM evidence_link GROUP BY cycle_id, indicator, level
  HAVING true ON CONFLICT DO UPDATE SET made = 999;
INSERT INTO user_account (username, name, role, opd_id, created_at)
  SELECT printf('pegawai%02d', i), printf('Pegawai Contoh %02d', i), 'opd',
         (SELECT id FROM opd WHERE code = 'BPKAD'), unixepoch() FROM n WHERE i <= 40;
COMMIT;
`;

let tmp, data, server, base, browser;
const problems = [];

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', timeout: 30_000, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

// The whole page, and the part under test (a selector) on its own.
async function shot(p, name, part) {
  await p.screenshot({ path: path.join(ARTIFACTS, `scale-${name}.png`), fullPage: true });
  if (part) await p.locator(part).screenshot({ path: path.join(ARTIFACTS, `scale-${name}-part.png`) });
}

describe('searchable, paged document lists', () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-skala-'));
    for (const [user, pw] of Object.entries(PASSWORDS))
      monev(['user', 'passwd', '--username', user, '--password-stdin'], `${pw}\n`);
    monev(['assign', '--year', String(YEAR), '--indicator', '3', '--opd', 'BAPPEDA']);
    execFileSync('sqlite3', [path.join(data, 'monev.db')], { input: SQL, timeout: 30_000 });
    server = new Server(data, tmp);
    base = await server.start();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    const how = await shutdown(server, tmp);
    assert.equal(how, 0, 'monev serve exits 0 on SIGTERM');
  });

  it('the koordinator searches, pages and links a document, and looks up a person', async () => {
    const context = await newContext(browser, base, problems, 'koordinator');
    const p = await newPage(context, problems, { who: 'koordinator' });
    await login(p, 'koordinator', PASSWORDS.koordinator, /\/dasbor$/);
    await p.goto(URL_IND);
    const reuse = p.locator('#pakai');
    assert.equal(await reuse.locator('input[name=evidence]').count(), 20);
    await shot(p, 'indicator-desktop', '#bukti');
    // page 2, then a search
    await clickAndWait(p, reuse.getByRole('link', { name: /Berikutnya/ }), /hal=2/);
    assert.equal(await p.locator('#pakai input[name=evidence]').count(), 20);
    await p.fill('#cari', 'uji skala 04');
    await clickAndWait(p, p.locator('#pakai').getByRole('button', { name: 'Cari' }), /cari=/);
    const rows = p.locator('#pakai tbody tr');
    assert.equal(await rows.count(), 10); // 040..049
    await shot(p, 'reuse-search-desktop', '#pakai');
    const code = (await rows.first().locator('td.code').textContent()).trim();
    await rows.first().locator('input[type=radio]').check();
    await clickAndWait(p, p.getByRole('button', { name: 'Tautkan' }), /ok=bukti/);
    assert.ok((await p.locator('#bukti table.evidence').textContent()).includes('Dokumen uji skala 049'),
      `linked ${code}`);
    // the person in charge: searched, chosen, saved
    await p.locator('#tim summary').click();
    await p.fill('#pj', 'contoh 07');
    await clickAndWait(p, p.locator('#tim').getByRole('button', { name: 'Cari' }), /pj=/);
    await p.locator('#tim input[name=pic][value=pegawai07]').check();
    await shot(p, 'pic-search-desktop', '#tim');
    await p.setViewportSize({ width: 390, height: 844 });
    await shot(p, 'pic-search-phone', '#tim');
    await p.setViewportSize({ width: 1280, height: 900 });
    await clickAndWait(p, p.getByRole('button', { name: 'Simpan tim' }), /ok=penugasan/);
    assert.ok((await p.locator('#tim').textContent()).includes('Pegawai Contoh 07'));
    await context.close();
  });

  it('an OPD member on a phone without JavaScript is offered only its own documents', async () => {
    const context = await browser.newContext({
      baseURL: base, viewport: { width: 390, height: 844 }, locale: 'id-ID', javaScriptEnabled: false,
    });
    const p = await newPage(context, problems, { who: 'bappeda' });
    await login(p, 'bappeda', PASSWORDS.bappeda, /\/(dasbor|tugas)$/);
    await p.goto(URL_IND);
    // (the document the koordinator linked here is the indicator's own now)
    const offered = p.locator('#pakai');
    const text = (await offered.count()) ? await offered.textContent() : '';
    assert.ok(!text.includes('Dokumen uji skala'), `no other OPD document is offered: ${text}`);
    await p.goto(`${URL_IND}?cari=uji`);
    assert.equal(await p.locator('#pakai input[name=evidence]').count(), 0);
    await shot(p, 'indicator-phone-nojs', '#bukti');
    await context.close();
  });

  it('no console error, page error or CSP violation', () => {
    assert.deepEqual(problems, []);
  });
});
