// Issue #25's portal: AWS Amplify v6 (the real aws-amplify package) signs the person
// in through the emulator and the front, which plays AWS's token operations
// (GetTokensFromRefreshToken, GlobalSignOut, RevokeToken), and the widget and the
// element run on its security page as the README's Amplify recipe writes them
// (tests/embed/amplify-app). Production builds are served under the README's
// Content-Security-Policy for a host page.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { useEmulatorAndBrowser, serveDemo, newPage, scanQrCode, freshTotp, installPackedPackage, viteDevServer } from './support.mjs';

const env = useEmulatorAndBrowser();
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = `${ROOT}tests/embed/amplify-app/`;
const bin = (name) => `${ROOT}node_modules/.bin/${name}`;
const TOTP_ON = { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' };

// The packed package installed into the portal, and the portal built once for production.
before(() => {
  installPackedPackage(APP);
  execFileSync(bin('tsc'), ['-p', APP], { stdio: 'pipe' });
  rmSync(`${APP}dist`, { recursive: true, force: true });
  execFileSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: APP, stdio: 'pipe' });
});

/** The README's policy for a page that embeds the widget, with Cognito's endpoint. */
const hostPolicy = (cognito) => `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; ` +
  `img-src 'self' data:; connect-src 'self' ${cognito}; base-uri 'none'; form-action 'none'`;

/** The built portal for `demo`, under the host policy. */
async function servePortal(t, demo) {
  const site = await serve({
    root: `${APP}dist/`,
    config: { ...demo.config },
    headers: { 'Content-Security-Policy': hostPolicy(demo.front.url.replace(/\/$/, '')) },
  });
  t.after(() => site.close());
  return site;
}

/** A page that records Cognito calls by operation and every CSP violation. */
async function portalPage(t) {
  const { page } = await newPage(t, env.browser);
  const calls = [];
  const violations = [];
  page.on('request', (r) => {
    const target = r.headers()['x-amz-target'];
    if (target) calls.push(target.split('.').pop());
  });
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const count = (operation) => calls.filter((c) => c === operation).length;
  return { page, calls, count, violations };
}

/** Amplify's sign-in on the portal's form; `code` answers its SMS or TOTP step. */
async function portalSignIn(page, username, password, code) {
  await page.getByLabel('Portal user').fill(username);
  await page.getByLabel('Portal password').fill(password);
  await page.getByRole('button', { name: 'Portal sign-in' }).click();
  if (code) {
    await page.getByLabel('Portal code').fill(await code());
    await page.getByRole('button', { name: 'Portal sign-in' }).click();
  }
  await page.getByText('Signed in as').waitFor();
}

test('Amplify portal, production build under the host policy: a token renewed mid-switch keeps the switch (one secret, one mount), and Amplify then signs in with the app\'s code', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const site = await servePortal(t, demo);
  const { page, count, violations } = await portalPage(t);
  await page.goto(site.url);
  await portalSignIn(page, 'demo-sms', demo.password('demo-sms'), async () => '123456'); // moto checks no SMS code
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  // Amplify renews the session (Hub tokenRefresh): the widget gets the new token.
  const before = await page.evaluate(() => window.portal.token);
  await page.getByRole('button', { name: 'Renew session' }).click();
  await page.waitForFunction((old) => window.portal.token && window.portal.token !== old, before);
  assert.ok(count('GetTokensFromRefreshToken') >= 1, 'Amplify 6.15+ refreshes with GetTokensFromRefreshToken');
  // The token on the widget's first code has expired as AWS says so: the widget asks
  // the portal (Amplify's refresh) and sends the code again with the fresh token.
  const renewed = await page.evaluate(() => window.portal.token);
  const verifiedWith = [];
  let expired = false;
  await page.route(/.*/, (route) => {
    const target = route.request().headers()['x-amz-target'] ?? '';
    if (target.endsWith('.VerifySoftwareToken')) verifiedWith.push(route.request().postDataJSON().AccessToken);
    if (!expired && target.endsWith('.VerifySoftwareToken')) {
      expired = true;
      return route.fulfill({
        status: 400,
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ __type: 'NotAuthorizedException', message: 'Access Token has expired' }),
      });
    }
    return route.continue();
  });
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('status').filter({ hasText: 'Enrolled: SOFTWARE_TOKEN_MFA' }).waitFor();
  assert.ok(expired, 'the expired answer was given');
  assert.equal(verifiedWith[0], renewed, 'the first code went with the token handed over by setAccessToken');
  assert.equal(verifiedWith.length, 2, 'sent again once');
  assert.notEqual(verifiedWith[1], renewed, "then with getAccessToken's fresh one");
  assert.equal(count('AssociateSoftwareToken'), 1, 'one secret: no reset');
  assert.deepEqual(await page.evaluate(() => [window.portal.mounts, window.portal.events]), [1, []], 'one mount, no error');
  assert.deepEqual(await demo.mfa('demo-sms'), TOTP_ON);
  // Amplify's next sign-in asks for the app's code, and takes it.
  await page.getByRole('button', { name: 'Portal sign-out' }).click();
  await portalSignIn(page, 'demo-sms', demo.password('demo-sms'), () => freshTotp(secret));
  assert.deepEqual(violations, []);
});

test('Amplify portal: a session revoked elsewhere ends in signInRequired alone, with no error event and nothing left to press', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const site = await servePortal(t, demo);
  const { page, violations } = await portalPage(t);
  await page.goto(site.url);
  await portalSignIn(page, 'demo-none', demo.password('demo-none'));
  await page.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
  // Signed out on every device (another tab, an admin): every token of the session dies.
  const token = await page.evaluate(() => window.portal.token);
  const answer = await fetch(demo.front.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.GlobalSignOut' },
    body: JSON.stringify({ AccessToken: token }),
  });
  assert.equal(answer.status, 200);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await page.getByRole('alert').filter({ hasText: 'Sign in again, then come back here' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.portal.events), ['signInRequired']);
  assert.equal(await page.locator('.cte button').count(), 0);
  assert.deepEqual(violations, []);
});

test('the element on the Amplify portal, production build under the host policy: styled, and it completes a switch with no violation', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const site = await servePortal(t, demo);
  const { page, count, violations } = await portalPage(t);
  await page.goto(`${site.url}?view=element`);
  await portalSignIn(page, 'demo-none', demo.password('demo-none'));
  const setUp = page.getByRole('button', { name: 'Set up authenticator app' });
  await setUp.waitFor();
  assert.equal(await setUp.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(11, 87, 208)', 'its own stylesheet applies');
  // Amplify renews the session: the element hands the new token to its widget.
  const before = await page.evaluate(() => window.portal.token);
  await page.getByRole('button', { name: 'Renew session' }).click();
  await page.waitForFunction((old) => window.portal.token && window.portal.token !== old, before);
  const renewed = await page.evaluate(() => window.portal.token);
  const carried = [];
  page.on('request', (r) => {
    if (/\.(AssociateSoftwareToken|VerifySoftwareToken)$/.test(r.headers()['x-amz-target'] ?? '')) carried.push(r.postDataJSON().AccessToken);
  });
  await setUp.click();
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('status').filter({ hasText: 'Element enrolled: SOFTWARE_TOKEN_MFA' }).waitFor();
  assert.deepEqual(carried, [renewed, renewed], 'the renewed token, handed over, went with the setup');
  assert.equal(count('AssociateSoftwareToken'), 1);
  assert.deepEqual(await demo.mfa('demo-none'), TOTP_ON);
  assert.deepEqual(violations, []);
});

test("the Amplify portal on Vite's dev server: under StrictMode's double effect, one mount, one widget, one secret", async (t) => {
  const demo = await serveDemo(t, env.moto);
  const url = await viteDevServer(t, APP, demo.config);
  const { page, count } = await portalPage(t);
  await page.goto(url);
  await portalSignIn(page, 'demo-none', demo.password('demo-none'));
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  assert.equal(await page.locator('.cte').count(), 1, 'one widget');
  // The first effect's cleanup runs before init() resolves: it never mounts.
  assert.equal(await page.evaluate(() => window.portal.mounts), 1, 'one mount under the double effect');
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('status').filter({ hasText: 'Enrolled: SOFTWARE_TOKEN_MFA' }).waitFor();
  assert.equal(count('AssociateSoftwareToken'), 1);
  assert.deepEqual(await demo.mfa('demo-none'), TOTP_ON);
});

test("the package README's Amplify recipe is the portal's code, word for word", () => {
  const readme = readFileSync(`${ROOT}www/lib/README.md`, 'utf8');
  const app = readFileSync(`${APP}src/App.tsx`, 'utf8');
  const section = readme.slice(readme.indexOf('## With AWS Amplify v6'));
  const recipe = section.slice(section.indexOf('```tsx\n') + 7, section.indexOf('```\n', section.indexOf('```tsx\n') + 7));
  const code = recipe.split('\n').filter((line) => !line.startsWith('import ')).join('\n').trim();
  assert.ok(code.includes('function useAccessToken()') && code.includes('async function freshToken()'), code);
  assert.ok(app.includes(code), 'App.tsx holds the recipe as the README prints it');
  // The mount-once pattern of the README's React section, as the portal runs it.
  for (const line of [
    '  // Mount once per user, not once per token: a new token must not reset a switch.',
    '  }, [userId]);',
    '  // Each renewed token goes to the widget on screen.',
    '    widget.current?.setAccessToken(accessToken);',
  ]) {
    assert.ok(readme.includes(line), `README: ${line}`);
    assert.ok(app.includes(line), `App.tsx: ${line}`);
  }
});
