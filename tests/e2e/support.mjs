// Shared by the end-to-end tests: Chromium as this machine runs it, a phone's view
// of the QR code, and TOTP codes.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { startMoto, seedDemo, adminCall, freePort, waitForPort } from '../../scripts/emulator.mjs';
import { serve } from '../../scripts/serve.mjs';
import { startSrpFront } from '../../scripts/srp-front.mjs';
import { totp } from '../../scripts/totp.mjs';
import { headerPolicy } from '../../scripts/page-csp.mjs';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Lets tests call gc(): the widget must survive the page dropping its handle.
  '--js-flags=--expose-gc',
];

/** The README's Content-Security-Policy, with this run's Cognito endpoint. */
export const csp = headerPolicy;

/** Debian's Chromium; Playwright gives every launch a fresh temporary profile. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** axe-core, WCAG 2.x A and AA rules: no violations allowed on `page` now. */
export async function axeClean(page, where) {
  // Evaluated through the DevTools protocol, not as a <script>: the page's own
  // Content-Security-Policy (index.html's meta) refuses inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `axe at ${where}`);
}

/** Reads a QR code from a screenshot (PNG bytes), as a phone camera would. */
export function decodeQr(pngBytes) {
  const png = PNG.sync.read(pngBytes);
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code found in the screenshot');
  return found.data;
}

/** Waits for the widget's QR code and reads it from a screenshot, as a phone camera
 *  would: the otpauth:// URI it carries. */
export async function scanQrCode(page) {
  const qr = page.getByRole('img', { name: /QR/ });
  await qr.waitFor();
  return new URL(decodeQr(await qr.screenshot()));
}

/** Scans the QR code, types the app's current code into `field` and presses
 *  `button` (a host UI has its own); returns the secret. */
export async function scanAndVerify(page, { field = '6-digit code from the app', button = 'Verify and switch' } = {}) {
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  await page.getByLabel(field).fill(await freshTotp(secret));
  await page.getByRole('button', { name: button }).click();
  return secret;
}

export { base32Decode, totp } from '../../scripts/totp.mjs';

/** Waits for the next 30 s TOTP step when fewer than `seconds` are left of this one. */
export async function awaitTotpStepLeft(seconds) {
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (left < seconds) await new Promise((r) => setTimeout(r, left * 1000 + 200));
}

/** The current code, waiting for a fresh 30 s step when fewer than 4 s are left
 *  (moto accepts the current step only). */
export async function freshTotp(secret) {
  await awaitTotpStepLeft(4);
  return totp(secret);
}

const passwordsOf = (users) => Object.fromEntries(Object.entries(users).map(([u, { password }]) => [u, password]));

/**
 * A freshly seeded demo (scripts/seed_demo.py) behind the SRP-checking front, which
 * answers as AWS does (scripts/aws-rules.mjs; `rules` switches its rules), and the
 * page served for it; closed when the test ends. `required` serves the pool that
 * requires MFA, `alias` the one whose users sign in by email through a client with
 * a secret; `serveOptions` go to serve() (e.g. `files`, or `config: null`).
 */
export async function serveDemo(t, moto, { required = false, alias = false, clock, serveOptions = {}, configOverrides = {}, fault, rules } = {}) {
  const demo = seedDemo(moto.url);
  const poolsOf = [demo, demo.required, demo.alias];
  const front = await startSrpFront({
    motoUrl: moto.url,
    pools: poolsOf.map((p) => ({ poolId: p.config.userPoolId, clientId: p.config.clientId, passwords: passwordsOf(p.users) })),
    now: clock ? () => clock.getTime() : undefined,
    fault,
    rules,
  });
  const pool = required ? demo.required : alias ? demo.alias : demo;
  const config = { ...pool.config, endpoint: front.url, ...configOverrides };
  const headers = typeof serveOptions.headers === 'function' ? serveOptions.headers(front.url) : serveOptions.headers;
  const server = await serve({ config, ...serveOptions, headers });
  t.after(async () => {
    await server.close();
    await front.close();
  });
  /** A user's MFA state through moto's admin API, not through the page. */
  const mfa = async (username) => {
    const user = await adminCall(moto.url, 'AdminGetUser', { UserPoolId: pool.config.userPoolId, Username: username });
    return { enabled: user.UserMFASettingList ?? [], preferred: user.PreferredMfaSetting ?? '' };
  };
  return { demo, pool, config, front, server, mfa, password: (username) => pool.users[username].password };
}

/** A browser page with uncaught errors and POST bodies recorded; closed at the end. */
export async function newPage(t, browser, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 480, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  const bodies = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('request', (r) => { if (r.method() === 'POST') bodies.push(r.postData() ?? ''); });
  t.after(async () => {
    await context.close();
    if (errors.length) throw new Error(`uncaught errors on the page: ${errors.join('; ')}`);
  });
  return { page, bodies };
}

/**
 * The headless example (www/examples/headless.html) as far as the QR code: signs
 * demo-sms in, answers the SMS code, and asks for the setup. Returns `next`, which
 * presses the example's one button.
 */
export async function headlessToQr(page, serverUrl, password) {
  await page.goto(`${serverUrl}examples/headless.html`);
  const next = () => page.getByRole('button', { name: 'Next' }).click();
  await page.locator('#first').fill('demo-sms');
  await page.locator('#second').fill(password);
  await next();
  await page.getByRole('status').filter({ hasText: 'Enter the sms code' }).waitFor();
  await page.locator('#first').fill('123456');
  await next();
  await page.getByRole('status').filter({ hasText: 'Factors: SMS_MFA' }).waitFor();
  await next();
  return next;
}

/**
 * One moto and one Chromium for a test file, started before its tests and stopped
 * after them; read `env.moto` and `env.browser` inside tests. `chromiumArgs` are
 * added to Chromium's command line (e.g. `--host-resolver-rules`).
 */
export function useEmulatorAndBrowser({ chromiumArgs = [] } = {}) {
  const env = { moto: null, browser: null };
  before(async () => {
    env.moto = await startMoto();
    env.browser = await launchChromium(chromiumArgs);
  });
  after(async () => {
    await env.browser?.close();
    await env.moto?.stop();
  });
  return env;
}

/**
 * A server on 127.0.0.1 that takes anything and logs each request (`log`): an
 * attacker's, in the tests of what a page must never send. `answer(req, res)` may
 * answer a request itself (true when it did); otherwise preflights get 204 and every
 * other request 400 as from Cognito, both with CORS, so nothing the page sends it
 * can go unseen.
 */
export function startLoggingServer(answer = () => false) {
  const log = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      log.push({ method: req.method, url: req.url, body });
      if (answer(req, res)) return;
      res.writeHead(req.method === 'OPTIONS' ? 204 : 400, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Content-Type': 'application/x-amz-json-1.1',
      });
      res.end(req.method === 'OPTIONS' ? '' : '{"__type":"NotAuthorizedException","message":"Incorrect username or password."}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    log,
    port: server.address().port,
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  })));
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Packs the npm package and installs the tarball into the portal at `app` (a
 *  folder of tests/embed/), as `npm install` would. */
export function installPackedPackage(app) {
  const tarball = execFileSync('node', [`${ROOT}scripts/package.mjs`], { encoding: 'utf8' }).trim();
  rmSync(`${app}node_modules`, { recursive: true, force: true });
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, stdio: 'pipe' });
}

/** The portal at `app` on Vite's dev server with `config` as its config.json, no
 *  configuration of Vite's own; stopped when the test ends. Resolves to its URL. */
export async function viteDevServer(t, app, config) {
  mkdirSync(`${app}public`, { recursive: true });
  writeFileSync(`${app}public/config.json`, JSON.stringify(config));
  const port = await freePort();
  const vite = spawn(`${ROOT}node_modules/.bin/vite`, ['--port', String(port), '--strictPort', '--host', '127.0.0.1', '--force', '--logLevel', 'warn'], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  t.after(() => new Promise((done) => {
    vite.once('exit', done);
    vite.kill('SIGTERM');
  }));
  await waitForPort(port, vite);
  return `http://127.0.0.1:${port}/`;
}
