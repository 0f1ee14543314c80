// Browser test of the review workflow: an OPD member fills in an indicator,
// uploads evidence and submits it; the koordinator returns it with a note;
// the member answers and submits again; the asesor accepts the evidence and
// verifies.  Playwright (playwright-core) driving Debian's Chromium.
//
// Run through CTest (ctest -R e2e_) or by hand:
//   MONEV=build/debug/monev node --test tests/e2e/test_workflow.mjs
// Environment:
//   MONEV      the monev binary (default build/release/monev)
//   CHROMIUM   the browser (default /usr/bin/chromium)
//   ARTIFACTS  folder for the screenshots (default tests/e2e/artifacts/local)
//
// One server with a fresh demo data folder; known passwords for the
// member of BAPPEDA, the koordinator and the asesor (`monev user passwd`),
// and indicator 3 of the 2026 Pemdi cycle assigned to BAPPEDA.  Each person
// has a browser context of their own.  After every step the progress page
// (per OPD and in total) and the dashboard's status counts must have moved
// exactly by that step.  Every page is watched for console errors,
// uncaught exceptions and CSP violations.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, MONEV, Server, clickAndWait, expectText, launchChromium, login as loginOn, makeDemo,
  newContext, newPage, shutdown,
} from './lib.mjs';

const YEAR = 2026;
const CODE = '3';
const OPD = 'BAPPEDA';
const LEVEL = 3;
const EV_CODE = `I${CODE}-L${LEVEL}-01`; // the first document for level 3 of indicator 3
const PASSWORDS = {
  bappeda: 'Bappeda-Alur-Reviu-2026',
  koordinator: 'Koordinator-Alur-Reviu-2026',
  asesor: 'Asesor-Alur-Reviu-2026',
};
const URL_IND = `/siklus/${YEAR}/indikator/${CODE}`;

let tmp, data, server, base, browser;
const people = {}; // username -> { context, page }
const problems = []; // console errors, page errors, CSP violations, failed requests
let shotNo = 0;

function monev(args, input) {
  return execFileSync(MONEV, ['--data', data, ...args],
    { encoding: 'utf8', timeout: 30_000, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

// A small valid PDF: one page with a line of text, with a correct xref.
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
  shotNo += 1;
  await p.screenshot({
    path: path.join(ARTIFACTS, `workflow-${String(shotNo).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

async function login(user) {
  const context = await newContext(browser, base, problems, user);
  // What the upload form's status line shows, kept across the page load
  // that follows the upload.
  await context.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.querySelector('form[data-upload] .upload-status');
      if (!status) return;
      new MutationObserver(() => {
        const seen = JSON.parse(sessionStorage.getItem('monev-upload') || '[]');
        seen.push(status.textContent);
        sessionStorage.setItem('monev-upload', JSON.stringify(seen));
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  const page = await newPage(context, problems, { who: user, dialogs: true });
  await loginOn(page, user, PASSWORDS[user], /\/(dasbor|tugas|siklus\/\d+\/reviu)$/);
  people[user] = { context, page };
  return page;
}

// The progress page of the koordinator: { OPD code or 'all': counts }.
async function progress() {
  const p = people.koordinator.page;
  await p.goto(`/siklus/${YEAR}/progres`);
  const rows = await p.$$eval('table.progress tbody tr, table.progress tfoot tr', (trs) =>
    trs.map((tr) => {
      const cells = [...tr.children].map((td) => td.textContent.trim());
      return { code: tr.parentElement.tagName === 'TFOOT' ? 'all' : cells[0].split(/\s/)[0],
        n: cells.slice(1, 10).map(Number) };
    }));
  const out = {};
  for (const r of rows) {
    const [total, empty, draft, submitted, returned, verified, final, overdue, noEvidence] = r.n;
    out[r.code] = { total, empty, draft, submitted, returned, verified, final, overdue, noEvidence };
  }
  return out;
}

// The dashboard's status counts: { draft, submitted, returned, verified, final }.
async function dashboardCounts() {
  const p = people.koordinator.page;
  await p.goto(`/siklus/${YEAR}`);
  const items = await p.$$eval('ul.counts li', (lis) => lis.map((li) => ({
    key: [...li.querySelector('.dot').classList].find((k) => k !== 'dot'),
    n: Number(li.querySelector('strong').textContent),
  })));
  return Object.fromEntries(items.map((i) => [i.key, i.n]));
}

let start; // { progress, dashboard } before the first step

// Asserts that, compared with the start, the indicator moved from draft to
// status (and evidence was added when withEvidence).
async function assertCounts(status, withEvidence, label, shotName) {
  const now = await progress();
  if (shotName) await shot(`${shotName}-progres`, people.koordinator.page);
  const dash = await dashboardCounts();
  if (shotName) await shot(`${shotName}-dasbor`, people.koordinator.page);
  for (const row of [OPD, 'all']) {
    const exp = { ...start.progress[row] };
    if (status !== 'draft') {
      exp.draft -= 1;
      exp[status] += 1;
    }
    if (withEvidence) exp.noEvidence -= 1;
    for (const k of ['total', 'draft', 'submitted', 'returned', 'verified', 'final', 'noEvidence'])
      assert.equal(now[row][k], exp[k], `${label}: progress ${row}.${k}`);
  }
  const expDash = { ...start.dashboard };
  if (status !== 'draft') {
    expDash.draft -= 1;
    expDash[status] += 1;
  }
  assert.deepEqual(dash, expDash, `${label}: dashboard status counts`);
}

describe('The review workflow in the browser', { timeout: 90_000 }, () => {
  before(async () => {
    ({ tmp, data } = makeDemo('monev-e2e-alur-'));
    for (const [user, pw] of Object.entries(PASSWORDS))
      monev(['user', 'passwd', '--username', user, '--password-stdin'], `${pw}\n`);
    monev(['assign', '--year', String(YEAR), '--indicator', CODE, '--opd', OPD]);
    const shown = monev(['assess', 'show', '--year', String(YEAR), '--indicator', CODE]);
    assert.match(shown, /Status\s*:\s*draf/, 'indicator 3 starts as a draft');
    assert.doesNotMatch(monev(['evidence', 'list', '--year', String(YEAR), '--indicator', CODE]),
      /^I3-/m, 'indicator 3 starts without evidence');
    server = new Server(data, tmp);
    base = await server.start(20_000);
    browser = await launchChromium();
  });

  after(async () => {
    for (const { context } of Object.values(people)) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    const how = await shutdown(server, tmp, 20_000);
    assert.equal(how, 0, 'monev serve stops cleanly on SIGTERM');
  });

  it('logs in the koordinator and the asesor; the progress before any step', async () => {
    await login('koordinator');
    await login('asesor');
    start = { progress: await progress(), dashboard: await dashboardCounts() };
    assert.ok(start.progress[OPD], `a ${OPD} row on the progress page`);
    assert.ok(start.progress[OPD].draft >= 1);
    await shot('awal-dasbor', people.koordinator.page);
    await progress();
    await shot('awal-progres', people.koordinator.page);
  });

  it('the OPD member lands on Tugas saya and fills in the indicator', async () => {
    const p = await login('bappeda');
    assert.equal(new URL(p.url()).pathname, '/tugas');
    await expectText(p.locator('h1'), `Tugas saya ${YEAR}`);
    assert.equal(await p.locator(`table.list a[href="${URL_IND}"]`).count(), 1);
    await shot('tugas-saya', p);
    await clickAndWait(p, p.locator(`table.list a[href="${URL_IND}"]`), `**${URL_IND}`);
    const form = p.locator('form#penilaian');
    await form.waitFor();
    await shot('indikator-draf', p);
    await form.locator(`input[name=level][value="${LEVEL}"]`).check();
    await p.fill('#fakta', `Peraturan Wali Kota Contoh Nomor 9 Tahun 2026 tentang Pengembangan ` +
      `Kompetensi ASN Digital, pasal 5 dan lampiran I (${EV_CODE}).`);
    await p.fill('#analisis', 'Rencana pengembangan kompetensi digital telah ditetapkan dan ' +
      'dilaksanakan; evaluasi berkala belum ada untuk tingkat 4.');
    await clickAndWait(p, form.getByRole('button', { name: 'Simpan draf' }), /\?ok=tersimpan$/);
    await expectText(p.locator('p.notice[role=status]'), 'Perubahan disimpan.');
    await assertCounts('draft', false, 'after saving the draft');
  });

  it('uploads a PDF and sees the progress and the notice', async () => {
    const p = people.bappeda.page;
    const pdf = path.join(tmp, 'perwal-9-2026.pdf');
    fs.writeFileSync(pdf, makePdf('Peraturan Wali Kota Contoh Nomor 9 Tahun 2026'));
    const up = p.locator('form[data-upload]');
    await up.locator('#file').setInputFiles(pdf);
    await up.locator('#title').fill('Perwal 9/2026 tentang Kompetensi ASN Digital');
    assert.equal(await up.locator('#ev-level').inputValue(), String(LEVEL),
      'the upload form proposes the claimed level');
    await up.locator('#document_number').fill('9 Tahun 2026');
    await up.locator('#document_date').fill('2026-02-17');
    await clickAndWait(p, up.getByRole('button', { name: 'Unggah' }), /\?ok=bukti/);
    await expectText(p.locator('p.notice[role=status]'), 'Bukti disimpan.');
    const seen = JSON.parse(await p.evaluate(() => sessionStorage.getItem('monev-upload') || '[]'));
    assert.ok(seen.some((t) => /^\d+%$/.test(t)), `the upload showed its progress: ${seen}`);
    const row = p.locator('table.evidence tbody tr', { hasText: EV_CODE });
    await expectText(row, 'Perwal 9/2026 tentang Kompetensi ASN Digital');
    await expectText(row, 'perwal-9-2026.pdf');
    // Cited in the Fakta and supporting the claimed level: nothing to warn.
    assert.equal(await p.locator('#alur .warn-box').count(), 0,
      await p.locator('#alur').textContent());
    await shot('bukti-diunggah', p);
    await assertCounts('draft', true, 'after the upload');
  });

  it('submits for review', async () => {
    const p = people.bappeda.page;
    await p.goto(URL_IND);
    await clickAndWait(p, p.getByRole('button', { name: 'Ajukan untuk direviu' }), /\?ok=status$/);
    await expectText(p.locator('p.notice[role=status]'), 'Status indikator diperbarui.');
    await expectText(p.locator('.heading .status'), 'Diajukan');
    assert.equal(await p.locator('form#penilaian').count(), 0, 'no editing while submitted');
    await shot('diajukan', p);
    await assertCounts('submitted', true, 'after submitting', 'diajukan');
  });

  const NOTE = 'Lampiran I belum ditandatangani; unggah versi yang sudah ditetapkan ' +
    'dan sebutkan halaman pasal 5.';
  it('the koordinator returns it with a note', async () => {
    const p = people.koordinator.page;
    await p.goto(URL_IND);
    const step = p.locator('form.step', { has: p.locator('input[name=step][value=return]') });
    await step.locator('textarea[name=note]').fill(NOTE);
    await shot('kembalikan', p);
    await clickAndWait(p, step.getByRole('button', { name: 'Kembalikan ke OPD' }), /\?ok=status$/);
    await expectText(p.locator('.heading .status'), 'Dikembalikan');
    await assertCounts('returned', true, 'after returning', 'dikembalikan');
  });

  it('the member sees the note on top, answers and submits again', async () => {
    const p = people.bappeda.page;
    await p.goto(URL_IND);
    const box = p.locator('.notice.warn-box[role=note]');
    await expectText(box, 'Dikembalikan untuk diperbaiki');
    await expectText(box, NOTE);
    await expectText(box, 'Rina Marlina, S.T., M.Kom. (DISKOMINFO)');
    // On top: before the criteria and the form.
    const order = await p.evaluate(() => {
      const note = document.querySelector('.notice.warn-box[role=note]');
      const form = document.querySelector('form#penilaian');
      return !!(note.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(order, 'the return note comes before the form');
    await shot('catatan-kembali', p);
    const fakta = await p.inputValue('#fakta');
    await p.fill('#fakta', `${fakta} Lampiran I yang telah ditandatangani Wali Kota, ` +
      `pasal 5 pada halaman 3 (${EV_CODE}).`);
    const form = p.locator('form#penilaian');
    await clickAndWait(p, form.getByRole('button', { name: 'Simpan draf' }), /\?ok=tersimpan$/);
    assert.match(await p.inputValue('#fakta'), /halaman 3/);
    await expectText(p.locator('.heading .status'), 'Dikembalikan'); // saving keeps the status
    await clickAndWait(p, p.getByRole('button', { name: 'Ajukan untuk direviu' }), /\?ok=status$/);
    await expectText(p.locator('.heading .status'), 'Diajukan');
    assert.equal(await p.locator('.notice.warn-box[role=note]').count(), 0,
      'the note is no longer on top');
    await expectText(p.locator('#riwayat'), NOTE); // but stays in the history
    await shot('diajukan-lagi', p);
    await assertCounts('submitted', true, 'after submitting again', 'diajukan-lagi');
  });

  it('the asesor accepts the evidence and verifies', async () => {
    const p = people.asesor.page;
    await p.goto(URL_IND);
    const row = p.locator('table.evidence tbody tr', { hasText: EV_CODE });
    await row.locator('details.review summary').click();
    await shot('reviu-bukti', p);
    await clickAndWait(p, row.getByRole('button', { name: 'Diterima' }), /\?ok=tersimpan/);
    await expectText(p.locator('table.evidence tbody tr', { hasText: EV_CODE }).locator('.status'),
      'diterima');
    assert.match(monev(['evidence', 'list', '--year', String(YEAR), '--indicator', CODE]),
      new RegExp(`^${EV_CODE}\\s+\\d+\\s+${CODE}\\s+diterima`, 'm'));
    await clickAndWait(p, p.getByRole('button', { name: 'Verifikasi' }), /\?ok=status$/);
    await expectText(p.locator('.heading .status'), 'Terverifikasi');
    await expectText(p.locator('#riwayat'), 'Ir. Made Suarna (INSPEKTORAT)');
    await shot('terverifikasi', p);
    await assertCounts('verified', true, 'after verifying', 'terverifikasi');
    // The member sees the result and has no step left.
    const m = people.bappeda.page;
    await m.goto(URL_IND);
    await expectText(m.locator('.heading .status'), 'Terverifikasi');
    assert.equal(await m.locator('form.step').count(), 0);
    await shot('anggota-terverifikasi', m);
  });

  it('left an intact audit trail with every step by its web user', () => {
    assert.match(monev(['audit', 'verify']), /Rantai audit utuh/);
    const log = monev(['audit', 'log', '--year', String(YEAR), '--indicator', CODE]);
    for (const [actor, action] of [['web:bappeda', 'assessment.set'],
      ['web:bappeda', 'evidence.link'], ['web:bappeda', 'assessment.submit'],
      ['web:koordinator', 'assessment.return'], ['web:asesor', 'evidence.review'],
      ['web:asesor', 'assessment.verify']])
      assert.match(log, new RegExp(`\\s${actor}\\s+${action.replace('.', '\\.')}\\s`),
        `${actor} ${action} in:\n${log}`);
  });

  it('had no console errors, page errors, dialogs or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
