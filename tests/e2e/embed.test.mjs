// The package as front-end developers use it (issue #15): packed with `npm pack`,
// installed into a Vite + React + TypeScript portal (tests/embed/react-app) that
// type-checks under `strict`, builds with `vite build` and runs on Vite's dev server,
// neither with any bundler configuration; the custom element in a plain page; and
// the element loaded from another origin under the README's CORS, MIME and CSP rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { useEmulatorAndBrowser, serveDemo, newPage, scanAndVerify, installPackedPackage, viteDevServer } from './support.mjs';

const env = useEmulatorAndBrowser();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = `${ROOT}tests/embed/react-app/`;
const bin = (name) => `${ROOT}node_modules/.bin/${name}`;
const TOTP_ON = { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' };

// Pack the package and install the tarball into the app, as `npm install` would.
before(() => {
  installPackedPackage(APP);
});

/** Counts the requests a page sends to one Cognito operation. */
function countOperation(page, operation) {
  const seen = { count: 0 };
  page.on('request', (r) => { if (r.headers()['x-amz-target']?.endsWith(`.${operation}`)) seen.count += 1; });
  return seen;
}

/** Scans, types the code, presses the button, and waits for the end. */
async function switchAtTheQrCode(page) {
  await scanAndVerify(page);
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
}

/** The React portal at `url`: its own sign-in, then the widget with its token. */
async function switchInThePortal(t, demo, url) {
  const { page } = await newPage(t, env.browser);
  const associations = countOperation(page, 'AssociateSoftwareToken');
  await page.goto(url);
  await page.getByLabel('Portal user').fill('demo-none');
  await page.getByLabel('Portal password').fill(demo.password('demo-none'));
  await page.getByRole('button', { name: 'Portal sign-in' }).click();
  await page.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
  // React re-renders the host element's className in the middle of the flow.
  await page.getByRole('button', { name: 'Highlight' }).click();
  const box = page.locator('.portal-box');
  assert.equal(await box.getAttribute('class'), 'portal-box highlighted', "the host's className is React's alone");
  assert.equal(await box.locator('.cte').count(), 1, 'one widget in the element');
  const accent = await box.locator('button[type=submit]').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, 'rgb(11, 87, 208)', 'still styled');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await switchAtTheQrCode(page);
  await page.getByRole('status').filter({ hasText: 'Enrolled: SOFTWARE_TOKEN_MFA' }).waitFor();
  assert.equal(associations.count, 1, 'one secret: no second widget asked for its own');
  assert.deepEqual(await demo.mfa('demo-none'), TOTP_ON);
}

test('React + TypeScript: the packed package type-checks under strict, builds with vite build, and completes a switch', async (t) => {
  execFileSync(bin('tsc'), ['-p', APP], { stdio: 'pipe' });
  rmSync(`${APP}dist`, { recursive: true, force: true });
  execFileSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: APP, stdio: 'pipe' });
  const demo = await serveDemo(t, env.moto);
  const site = await serve({ root: `${APP}dist/`, config: { ...demo.config } });
  t.after(() => site.close());
  await switchInThePortal(t, demo, site.url);
});

test("React on Vite's dev server, no configuration: under StrictMode's double effect, one widget shown and one secret", async (t) => {
  const demo = await serveDemo(t, env.moto);
  const url = await viteDevServer(t, APP, demo.config);
  await switchInThePortal(t, demo, url);
});

test('the custom element in a plain page: the host\'s CSS cannot reach in, its custom properties can, events reach the page', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const { page } = await newPage(t, env.browser);
  await page.goto(`${demo.server.url}examples/element.html`);
  await page.evaluate(() => {
    window.seen = [];
    window.addEventListener('error', () => window.seen.push('window error'));
    document.querySelector('cognito-totp-enroll').addEventListener('error', (e) => window.seen.push(e.detail.code));
  });
  // A wrong password: the element's own error event, not the window's.
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'username or password is wrong' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.seen), ['NotAuthorizedException']);
  await page.getByLabel('Password').fill(demo.password('demo-sms'));
  const signIn = page.getByRole('button', { name: 'Sign in' });
  const style = await signIn.evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderStyle]);
  assert.deepEqual(style, ['rgb(91, 46, 166)', 'none'], "the host's --cte-accent, not its button rule");
  const font = await page.getByRole('heading', { level: 2 }).evaluate((h) => getComputedStyle(h).fontFamily);
  assert.equal(font, 'Georgia, serif', "the host's font");
  assert.equal(await page.locator('cognito-totp-enroll').getAttribute('class'), null);
  await signIn.click();
  await page.getByLabel('6-digit code', { exact: true }).fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await switchAtTheQrCode(page);
  await page.getByRole('status').filter({ hasText: 'Authenticator app enabled (SOFTWARE_TOKEN_MFA)' }).waitFor();
  assert.deepEqual(await demo.mfa('demo-sms'), TOTP_ON);
});

test('the element loaded from another origin, with the README\'s CORS, MIME and CSP settings: styled under style-src \'self\'', async (t) => {
  const demo = await serveDemo(t, env.moto);
  // The module's origin: www/ with `Access-Control-Allow-Origin` (module scripts and
  // the wasm fetch are CORS requests); served as localhost, the page as 127.0.0.1.
  const assets = await serve({ headers: { 'Access-Control-Allow-Origin': '*' } });
  t.after(() => assets.close());
  const moduleOrigin = assets.url.replace('127.0.0.1', 'localhost').replace(/\/$/, '');
  const cognito = demo.front.url.replace(/\/$/, '');
  // No style source for the module's origin: the element's stylesheet is text in its
  // module (a constructed stylesheet), not a file the policy would have to allow.
  const policy = `default-src 'none'; script-src ${moduleOrigin} 'wasm-unsafe-eval'; style-src 'self'; ` +
    `connect-src ${moduleOrigin} ${cognito}; img-src data:; base-uri 'none'; form-action 'none'`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>
    <link rel="icon" href="data:,">
    <script type="module" src="${moduleOrigin}/pkg/element.js"></script></head>
    <body><cognito-totp-enroll user-pool-id="${demo.config.userPoolId}" client-id="${demo.config.clientId}"
      endpoint="${demo.front.url}" issuer="Cross Origin Co" lang="en"></cognito-totp-enroll></body></html>`;
  const portal = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': policy });
    res.end(html);
  });
  await new Promise((listening) => portal.listen(0, '127.0.0.1', listening));
  t.after(() => new Promise((closed) => { portal.closeAllConnections(); portal.close(closed); }));
  const { page } = await newPage(t, env.browser);
  const violations = [];
  page.on('console', (m) => { if (/Content.Security.Policy|CORS|MIME/i.test(m.text())) violations.push(m.text()); });
  await page.goto(`http://127.0.0.1:${portal.address().port}/`);
  await page.evaluate(() => document.querySelector('cognito-totp-enroll').addEventListener('enrolled', (e) => {
    document.title = `enrolled ${e.detail.preferred}`;
  }));
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(demo.password('demo-sms'));
  const accent = await page.getByRole('button', { name: 'Sign in' }).evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, 'rgb(11, 87, 208)', "styled by the element's own stylesheet");
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('6-digit code', { exact: true }).fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await switchAtTheQrCode(page);
  await page.waitForFunction(() => document.title === 'enrolled SOFTWARE_TOKEN_MFA');
  assert.deepEqual(violations, []);
  assert.deepEqual(await demo.mfa('demo-sms'), TOTP_ON);
});
