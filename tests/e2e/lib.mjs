// Shared scaffolding of the browser tests (tests/e2e/test_*.mjs): the
// environment, a fresh demo data folder, `monev serve` on a free loopback
// port, Chromium, browser contexts that report CSP violations, pages that
// report console errors, page errors and failed requests, and a few steps.
// Not a test itself: tests/CMakeLists.txt registers test_*.mjs only.
//
// Environment:
//   MONEV      the monev binary (default build/release/monev)
//   CHROMIUM   the browser (default /usr/bin/chromium)
//   ARTIFACTS  folder for the screenshots (default tests/e2e/artifacts/local)
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const MONEV = path.resolve(process.env.MONEV || path.join(here, '../../build/release/monev'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(process.env.ARTIFACTS || path.join(here, 'artifacts/local'));
export const STEP_TIMEOUT = 15_000;
const VIEWPORT = { width: 1280, height: 900 };

// Checks the binary, makes the artifacts folder and a temporary folder
// (named after prefix) with a demo data folder in it: { tmp, data }.
export function makeDemo(prefix) {
  assert.ok(fs.existsSync(MONEV), `monev binary not found: ${MONEV} (set MONEV)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const data = path.join(tmp, 'data');
  try {
    execFileSync(MONEV, ['demo', '--data', data], { stdio: 'ignore', timeout: 30_000 });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { tmp, data };
}

// `monev serve` on a free loopback port, its stderr in TMP/serve.log.
export class Server {
  constructor(data, tmp) {
    this.data = data;
    this.log = path.join(tmp, 'serve.log');
    this.proc = null;
  }

  // Starts the server; resolves with its base URL once it has printed
  // "Monev berjalan di http://127.0.0.1:PORT/".
  start(timeout = 10_000) {
    const logFd = fs.openSync(this.log, 'w');
    const server = spawn(MONEV, ['serve', '--data', this.data, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', logFd],
    });
    this.proc = server;
    fs.closeSync(logFd);
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), timeout);
      server.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`serve exited early (${code ?? sig}): ${out}`));
      });
      server.stdout.setEncoding('utf8');
      server.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/Monev berjalan di (http:\/\/127\.0\.0\.1:\d+)\//);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
  }

  // SIGTERM, then wait for the exit (SIGKILL after timeout); resolves with
  // the exit code or signal ('timeout' when killed, null when never started).
  stop(timeout = 10_000) {
    const server = this.proc;
    if (!server || server.exitCode !== null || server.signalCode !== null)
      return Promise.resolve(server ? (server.exitCode ?? server.signalCode) : null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        server.kill('SIGKILL');
        resolve('timeout');
      }, timeout);
      server.removeAllListeners('exit');
      server.on('exit', (code, sig) => {
        clearTimeout(timer);
        resolve(code ?? sig);
      });
      server.kill('SIGTERM');
    });
  }
}

// Stops server when there is one (printing its log unless it ended with 0)
// and removes tmp; resolves with how the server ended (null: no server).
export async function shutdown(server, tmp, timeout) {
  const how = server ? await server.stop(timeout) : null;
  if (how !== 0 && server && fs.existsSync(server.log))
    process.stderr.write(`monev serve ended with ${how}; its log:\n${fs.readFileSync(server.log, 'utf8')}`);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  return how;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    timeout: 20_000,
  });
}

// A browser context on base (Indonesian locale) whose CSP violations,
// which come as DOM events, land in problems, prefixed with `${who}: `
// when who is given.
export async function newContext(browser, base, problems, who) {
  const prefix = who ? `${who}: ` : '';
  const context = await browser.newContext({ baseURL: base, viewport: VIEWPORT, locale: 'id-ID' });
  await context.exposeBinding('__monevCsp', (_src, text) => problems.push(`${prefix}CSP: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__monevCsp(`${e.violatedDirective} blocked ${e.blockedURI} on ${location.href}`);
    });
  });
  return context;
}

// Reports console errors and warnings, page errors, failed requests and
// HTTP errors of page p into problems.  Options: who (a prefix for each
// line), expected (a set of URLs that a test expects to fail with a 4xx)
// and dialogs (report and dismiss any dialog).
export function watch(p, problems, { who, expected = new Set(), dialogs = false } = {}) {
  const prefix = who ? `${who}: ` : '';
  p.on('console', (msg) => {
    if (expected.has(msg.location()?.url) && /status of 4\d\d/.test(msg.text())) return;
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`${prefix}console ${msg.type()} on ${p.url()}: ${msg.text()}`);
  });
  p.on('pageerror', (err) => problems.push(`${prefix}page error on ${p.url()}: ${err.message}`));
  p.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? '';
    // A navigation cancels what the page before it still loaded; not a fault.
    if (why !== 'net::ERR_ABORTED') problems.push(`${prefix}request failed: ${req.url()} ${why}`);
  });
  p.on('response', (res) => {
    if (res.status() >= 400 && !expected.has(res.url()))
      problems.push(`${prefix}HTTP ${res.status()} for ${res.url()}`);
  });
  if (dialogs)
    p.on('dialog', (d) => {
      problems.push(`${prefix}unexpected dialog on ${p.url()}: ${d.type()} ${d.message()}`);
      d.dismiss().catch(() => {});
    });
}

// A new page of context with the step timeouts, watched as watch() does.
export async function newPage(context, problems, watchOptions) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT);
  watch(page, problems, watchOptions);
  return page;
}

// Logs in on the login page of p and waits for the page it leads to (url).
export async function login(p, user, password, url) {
  await p.goto('/masuk');
  await p.fill('#username', user);
  await p.fill('#password', password);
  await Promise.all([p.waitForURL(url), p.getByRole('button', { name: 'Masuk' }).click()]);
}

// Clicks and waits for the page the click leads to.
export async function clickAndWait(p, locator, url) {
  await Promise.all([p.waitForURL(url, { waitUntil: 'load' }), locator.click()]);
}

// Waits (at most STEP_TIMEOUT) until the first match of locator contains text.
export async function expectText(locator, text) {
  await locator.first().waitFor();
  const deadline = Date.now() + STEP_TIMEOUT;
  let got;
  do {
    got = (await locator.first().textContent()) ?? '';
    if (got.includes(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  } while (Date.now() < deadline);
  assert.fail(`expected "${text}" in "${got.trim()}"`);
}
