// Hostile context and bad input: a strict Content-Security-Policy, markup where text
// belongs, knowably wrong input, and no secret left anywhere a page can look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser, serveDemo, newPage, csp, scanAndVerify } from './support.mjs';

const env = useEmulatorAndBrowser();

async function switchToTotp(page, password) {
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const secret = await scanAndVerify(page);
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  return secret;
}

test('the page works under a strict Content-Security-Policy, with no violation', async (t) => {
  const { server, mfa, password } = await serveDemo(t, env.moto, { serveOptions: { headers: (endpoint) => ({ 'Content-Security-Policy': csp(endpoint) }) } });
  const { page } = await newPage(t, env.browser);
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  const response = await page.goto(`${server.url}?lang=en`);
  assert.match(response.headers()['content-security-policy'], /^default-src 'none'/, 'the policy is in force');
  await switchToTotp(page, password('demo-sms'));
  assert.deepEqual(violations, []);
  assert.deepEqual(await mfa('demo-sms'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
});

test('after a complete switch no secret is in storage, cookies, the URL, the console or the page', async (t) => {
  const { server, password } = await serveDemo(t, env.moto);
  const { page } = await newPage(t, env.browser);
  const consoleText = [];
  const tokens = [];
  page.on('console', (m) => consoleText.push(m.text()));
  page.on('response', async (r) => {
    if (r.request().method() !== 'POST') return;
    const body = await r.text().catch(() => '');
    for (const m of body.matchAll(/"(AccessToken|IdToken|RefreshToken|Session)":\s*"([^"]+)"/g)) tokens.push(m[2]);
  });
  await page.goto(`${server.url}?lang=en`);
  const secret = await switchToTotp(page, password('demo-sms'));
  const seen = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }),
    cookies: document.cookie, url: location.href, html: document.documentElement.outerHTML,
  }));
  const cookies = await page.context().cookies();
  assert.ok(tokens.length >= 3, `tokens and sessions seen on the wire: ${tokens.length}`);
  for (const [where, text] of Object.entries({ ...seen, console: consoleText.join('\n'), cookieJar: JSON.stringify(cookies) })) {
    for (const value of [password('demo-sms'), secret, ...tokens]) {
      assert.ok(!text.includes(value), `${where} must not contain a secret (${value.slice(0, 6)}...)`);
    }
  }
  assert.equal(seen.local, '{}');
  assert.equal(seen.session, '{}');
  assert.equal(new URL(seen.url).search, '?lang=en', 'nothing added to the URL');
});

test('markup in a username or the issuer is shown as text, never run', async (t) => {
  const issuer = '<img src=x onerror="window.pwned=1">Acme';
  const { server, password } = await serveDemo(t, env.moto, { configOverrides: { issuer } });
  const { page } = await newPage(t, env.browser);
  await page.goto(`${server.url}?lang=en`);
  await page.getByLabel('Username').fill('<img src=x onerror="window.pwned=2">');
  await page.getByLabel('Password').fill('whatever-Passw0rd');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: /\w/ }).waitFor();
  assert.equal(await page.locator('#enroll img').count(), 0, 'no element made from input');
  // The issuer, in the preview of the app entry, is text too.
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(password('demo-sms'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await page.locator('.cte-preview-issuer').waitFor();
  assert.equal(await page.locator('.cte-preview-issuer').innerText(), issuer);
  assert.equal(await page.locator('#enroll img').count(), 0, 'no element made from the issuer');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
});

test('knowably wrong input gets a clear message before any request', async (t) => {
  const { server } = await serveDemo(t, env.moto);
  const { page, bodies } = await newPage(t, env.browser);
  await page.goto(`${server.url}?lang=en`);
  const cases = [
    ['', 'x', 'Please fill in every field'],
    ['   ', 'x', 'Please fill in every field'],
    ['a'.repeat(129), 'x', 'longer than this account allows'],
    ['ali\u0007ce', 'x', 'characters that cannot be used'],
  ];
  for (const [username, passwordText, message] of cases) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(passwordText);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
  }
  assert.deepEqual(bodies, [], 'no request was sent');
});
