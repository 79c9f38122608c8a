// A phishing mail with a crafted link to the organisation's real page: the link must
// not point the page at another server, another pool or another sign-in flow. The
// page is served under a non-loopback host name (mfa.example.test, resolved to
// 127.0.0.1 by Chromium only), as a deployed page is; an "attacker" server logs every
// request it gets and answers CORS, so nothing the page sends it can go unseen.
// Cognito's regional endpoint, which the admin's file implies, is routed to the local
// emulator (behind the SRP-checking front), so the page's real sign-in can be watched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, csp, scanQrCode, startLoggingServer } from './support.mjs';
import { serve } from '../../scripts/serve.mjs';

const DEPLOYED_HOST = 'mfa.example.test';
const env = useEmulatorAndBrowser({ chromiumArgs: [`--host-resolver-rules=MAP ${DEPLOYED_HOST} 127.0.0.1`] });

let attacker;
before(async () => { attacker = await startLoggingServer(); });
after(async () => { await attacker?.close(); });

/**
 * Every setting key in a link, with values that would each work for the attacker if
 * the page took them: a loopback endpoint passes the https rule, so only the rule
 * on where settings come from stands between the link and the attacker.
 */
function craftedQuery(region) {
  return new URLSearchParams({
    lang: 'en',
    endpoint: attacker.url,
    authFlow: 'USER_PASSWORD_AUTH',
    userPoolId: `${region}_Attacker1`,
    clientId: 'attackerclient1',
    region,
    clientSecret: 'attacker-secret',
    disableSms: 'false',
    issuer: 'Call +1 555 0100 to finish',
  }).toString();
}
const IGNORED_KEYS = ['endpoint', 'authFlow', 'userPoolId', 'clientId', 'region', 'clientSecret', 'disableSms', 'issuer'];

/**
 * The demo pool, and the page served with `files(pool)` (`{ config, files }` for
 * serve()). Returns what the test needs, the page's origin as deployed among it.
 */
async function deploy(t, files) {
  const { pool, front, mfa, password } = await serveDemo(t, env.moto);
  const region = pool.config.userPoolId.split('_')[0];
  const server = await serve(files(pool.config));
  t.after(() => server.close());
  const port = new URL(server.url).port;
  return { region, front, mfa, password, deployedUrl: `http://${DEPLOYED_HOST}:${port}/`, loopbackUrl: server.url };
}

/**
 * A page that records where every request goes, the console's warnings, and the
 * Cognito calls it makes to the regional endpoint (answered by the emulator).
 */
async function watchedPage(t, front) {
  const context = await env.browser.newContext({ viewport: { width: 480, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const requested = [];
  const warnings = [];
  const cognito = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.route(/^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//, async (route) => {
    const request = route.request();
    if (request.method() === 'OPTIONS') {
      return route.fulfill({ status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'POST' } });
    }
    cognito.push({ url: request.url(), target: request.headers()['x-amz-target'], body: JSON.parse(request.postData() ?? '{}') });
    return route.fulfill({ response: await route.fetch({ url: front.url }) });
  });
  return { page, requested, warnings, cognito };
}

async function signIn(page, password) {
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('6-digit code').waitFor();
}

function assertAttackerGotNothing() {
  assert.deepEqual(attacker.log, [], "the attacker's server received nothing");
}

/** Only the page's own origin and the regional endpoint were asked for anything. */
function assertOnlyTrustedHosts(requested, pageOrigin, region) {
  const regional = `https://cognito-idp.${region}.amazonaws.com/`;
  const elsewhere = requested.filter((url) => !url.startsWith(pageOrigin) && !url.startsWith(regional));
  assert.deepEqual(elsewhere, [], 'no request left for another server');
}

test('a crafted link on a page set up as the README shows: the admin\'s pool, endpoint and SRP; the attacker gets nothing', async (t) => {
  attacker.log.length = 0;
  // Exactly the README's example config.json, with the demo pool's ids.
  let clientId;
  const { region, front, mfa, password, deployedUrl } = await deploy(t, (c) => {
    clientId = c.clientId;
    return { config: { userPoolId: c.userPoolId, clientId: c.clientId, issuer: 'Example Corp' } };
  });
  const { page, requested, warnings, cognito } = await watchedPage(t, front);
  await page.goto(`${deployedUrl}?${craftedQuery(region)}`);
  await signIn(page, password('demo-sms'));

  const initiate = cognito.find((c) => c.target.endsWith('.InitiateAuth'));
  assert.equal(initiate.url, `https://cognito-idp.${region}.amazonaws.com/`, 'the regional endpoint');
  assert.equal(initiate.body.AuthFlow, 'USER_SRP_AUTH', 'SRP, not the flow the link asked for');
  assert.equal(initiate.body.ClientId, clientId, "the file's app client");
  assert.ok(!('PASSWORD' in initiate.body.AuthParameters) && !('SECRET_HASH' in initiate.body.AuthParameters), 'no password, no secret hash');
  assert.ok(!JSON.stringify(cognito).includes(password('demo-sms')), 'the password never went over the wire');

  // Through to the switch: the admin's issuer in the QR code, and SMS turned off as
  // the admin's file (not the link's disableSms=false) says.
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const uri = await scanQrCode(page);
  assert.equal(uri.searchParams.get('issuer'), 'Example Corp');
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(uri.searchParams.get('secret')));
  await page.getByLabel('6-digit code from the app').press('Enter');
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  assert.deepEqual(await mfa('demo-sms'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });

  assert.ok(cognito.every((c) => c.body.ClientId === undefined || c.body.ClientId === clientId), "every call with the file's client");
  assertAttackerGotNothing();
  assertOnlyTrustedHosts(requested, deployedUrl.replace(/\/$/, ''), region);
  for (const key of IGNORED_KEYS) {
    assert.equal(warnings.filter((w) => w.includes(`"${key}"`)).length, 1, `one warning names ${key}: ${warnings.join(' | ')}`);
  }
});

test('a crafted link on a page set up by amplify_outputs.json: the pool from the file, the regional endpoint, SRP', async (t) => {
  attacker.log.length = 0;
  const outputs = (c) => ({ version: '1.3', auth: { user_pool_id: c.userPoolId, user_pool_client_id: c.clientId, aws_region: c.userPoolId.split('_')[0] } });
  let clientId;
  const { region, front, password, deployedUrl } = await deploy(t, (c) => {
    clientId = c.clientId;
    return { config: null, files: { '/amplify_outputs.json': outputs(c) } };
  });
  const { page, requested, warnings, cognito } = await watchedPage(t, front);
  await page.goto(`${deployedUrl}?${craftedQuery(region)}`);
  await signIn(page, password('demo-sms'));
  const initiate = cognito.find((c) => c.target.endsWith('.InitiateAuth'));
  assert.equal(initiate.url, `https://cognito-idp.${region}.amazonaws.com/`);
  assert.equal(initiate.body.AuthFlow, 'USER_SRP_AUTH');
  assert.equal(initiate.body.ClientId, clientId, "the file's app client");
  assert.ok(!JSON.stringify(cognito).includes(password('demo-sms')));
  assertAttackerGotNothing();
  assertOnlyTrustedHosts(requested, deployedUrl.replace(/\/$/, ''), region);
  for (const key of IGNORED_KEYS) assert.ok(warnings.some((w) => w.includes(`"${key}"`)), `a warning names ${key}`);
});

test('a crafted link on a page with no settings file: the page refuses to start and sends nothing', async (t) => {
  attacker.log.length = 0;
  const { region, front, deployedUrl } = await deploy(t, () => ({ config: null }));
  const { page, requested, cognito } = await watchedPage(t, front);
  await page.goto(`${deployedUrl}?${craftedQuery(region)}`);
  await page.getByRole('alert').filter({ hasText: 'This page is not set up correctly (userPoolId)' }).waitFor();
  assert.equal(await page.getByLabel('Password').count(), 0, 'no sign-in form to type a password into');
  assert.deepEqual(cognito, []);
  assertAttackerGotNothing();
  assertOnlyTrustedHosts(requested, deployedUrl.replace(/\/$/, ''), region);
});

test('the same link on a loopback origin (development) does use the query: the origin decides, and the attacker server sees what it is sent', async (t) => {
  // The control for the tests above: were the page to take the link's settings, the
  // attacker's server would see the sign-in, and these tests would fail.
  attacker.log.length = 0;
  // Served without index.html's meta policy, as for development with a link's
  // endpoint: with it, the browser would refuse the attacker's server anyway.
  const { region, front, loopbackUrl } = await deploy(t, () => ({ config: null, pageEndpoint: false }));
  const { page } = await watchedPage(t, front);
  await page.goto(`${loopbackUrl}?${craftedQuery(region)}`);
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill('typed-Passw0rd');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: /\w/ }).waitFor();
  const posted = attacker.log.filter((r) => r.method === 'POST');
  assert.equal(posted.length, 1, 'the sign-in went to the server the query named');
  assert.match(posted[0].body, /"PASSWORD":"typed-Passw0rd"/, 'with the flow the query named');
});

test("a tampered config.json that names another endpoint is stopped by the README's Content-Security-Policy", async (t) => {
  // Someone who can replace config.json but not the host's headers: the policy the
  // README gives allows connections to the page and the regional endpoint only.
  attacker.log.length = 0;
  const { front, password, deployedUrl } = await deploy(t, (c) => ({
    config: { userPoolId: c.userPoolId, clientId: c.clientId, issuer: 'Example Corp', endpoint: attacker.url },
    headers: { 'Content-Security-Policy': csp(`https://cognito-idp.${c.userPoolId.split('_')[0]}.amazonaws.com/`) },
  }));
  const { page } = await watchedPage(t, front);
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective)));
  await page.goto(`${deployedUrl}?lang=en`);
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(password('demo-sms'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: /\w/ }).waitFor();
  assert.ok(violations.includes('connect-src'), `the browser refused the connection: ${violations}`);
  assertAttackerGotNothing();
});
