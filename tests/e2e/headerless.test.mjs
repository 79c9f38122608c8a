// The page on a host that sends no security headers at all (a plain S3 website),
// tried as an attacker would: served under a non-loopback name (mfa.example.test),
// framed by another site (attacker.test), with its settings file failing or
// tampered with, its endpoint redirecting. What protects it here is the page itself:
// index.html's meta Content-Security-Policy (written with the admin's settings, as
// `npm run page` does), its refusal of other sites' frames, and its reading of the
// settings. Cognito's regional endpoint is routed to the emulator behind the front.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser, freshTotp, serveDemo, scanQrCode, startLoggingServer } from './support.mjs';
import { readFileSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';
import { headerPolicy } from '../../scripts/page-csp.mjs';

const DEPLOYED = 'mfa.example.test';
const ATTACKER = 'attacker.test';
const env = useEmulatorAndBrowser({ chromiumArgs: [`--host-resolver-rules=MAP ${DEPLOYED} 127.0.0.1, MAP ${ATTACKER} 127.0.0.1`] });

let attacker;
before(async () => { attacker = await startLoggingServer(); });
after(async () => { await attacker?.close(); });

/**
 * The demo's page as deployed on a header-less host: `settings(pool)` gives serve()'s
 * options (its config.json, files); the meta policy names the admin's regional
 * endpoint unless `pageEndpoint` says otherwise.
 */
async function deploy(t, settings = (c) => ({ config: { userPoolId: c.userPoolId, clientId: c.clientId, issuer: 'Example Corp' } })) {
  const demo = await serveDemo(t, env.moto);
  const region = demo.pool.config.userPoolId.split('_')[0];
  const regional = `https://cognito-idp.${region}.amazonaws.com/`;
  const server = await serve({ pageEndpoint: regional, ...settings(demo.pool.config, regional) });
  t.after(() => server.close());
  return { ...demo, region, url: `http://${DEPLOYED}:${new URL(server.url).port}/` };
}

/** A browser page whose Cognito calls to the regional endpoint reach the front;
 *  records them, every request's URL and every policy violation. */
async function openPage(t, demo, { locale = 'en-US' } = {}) {
  const context = await env.browser.newContext({ locale, viewport: { width: 480, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const cognito = [];
  const violations = [];
  const requested = [];
  const targets = []; // every Cognito operation sent, wherever it went
  page.on('request', (r) => {
    requested.push(r.url());
    if (r.method() === 'POST') targets.push(r.headers()['x-amz-target']?.split('.').pop());
  });
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.route(/^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//, async (route) => {
    const request = route.request();
    if (request.method() === 'OPTIONS') {
      return route.fulfill({ status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'POST' } });
    }
    cognito.push({ target: request.headers()['x-amz-target']?.split('.').pop(), body: JSON.parse(request.postData() ?? '{}') });
    return route.fulfill({ response: await route.fetch({ url: demo.front.url }) });
  });
  return { page, cognito, violations, requested, targets };
}

const signIn = async (page, username, password) => {
  await page.locator('input[autocomplete=username]').fill(username);
  await page.locator('input[autocomplete=current-password]').fill(password);
  await page.locator('button[type=submit]').click();
};

test('the ready header files for CloudFront, Netlify and Cloudflare, and nginx carry the page\'s policy', () => {
  const policy = headerPolicy('https://cognito-idp.REGION.amazonaws.com');
  for (const file of ['cloudfront-response-headers-policy.json', '_headers', 'nginx.conf']) {
    const text = readFileSync(new URL(`../../docs/headers/${file}`, import.meta.url), 'utf8');
    assert.ok(text.includes(policy), `docs/headers/${file} has the policy of scripts/page-csp.mjs`);
    assert.match(text, /DENY/, `docs/headers/${file} refuses frames`);
  }
});

test('framed by another site, the page shows only a way to open it on its own, and sends nothing', async (t) => {
  const demo = await deploy(t);
  const framing = await startLoggingServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    // The decoy: the page at 5 % opacity over a button that asks for a click.
    res.end(`<button style="position:absolute;top:200px">Win a prize</button>
      <iframe src="${demo.url}?lang=en" style="opacity:0.05;position:absolute;top:0;width:480px;height:900px"></iframe>`);
    return true;
  });
  t.after(() => framing.close());
  const { page, cognito } = await openPage(t, demo);
  await page.goto(`http://${ATTACKER}:${framing.port}/`);
  const frame = page.frameLocator('iframe');
  const alert = frame.getByRole('alert');
  const link = alert.getByRole('link', { name: 'Open this page in a new tab' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `${demo.url}?lang=en`);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await frame.locator('form, input, button').count(), 0, 'nothing to click but the link');
  await page.waitForTimeout(500);
  assert.deepEqual(cognito, [], 'no request to Cognito');
});

for (const failure of [403, 503, 'network error']) {
  test(`config.json answering ${failure}: a planted amplify_outputs.json is not read, and the page stops`, async (t) => {
    const planted = { auth: { user_pool_id: 'us-east-1_Attacker1', user_pool_client_id: 'attackerclient1', aws_region: 'us-east-1' } };
    const demo = await deploy(t, (c) => ({ config: { userPoolId: c.userPoolId, clientId: c.clientId }, files: { '/amplify_outputs.json': planted } }));
    const { page, cognito, requested } = await openPage(t, demo);
    await page.route('**/config.json', (route) => (failure === 'network error' ? route.abort('failed') : route.fulfill({ status: failure, body: 'no' })));
    await page.goto(demo.url);
    await page.getByRole('alert').filter({ hasText: 'could not read its settings' }).waitFor();
    assert.equal(requested.filter((u) => u.includes('amplify_outputs.json')).length, 0, 'the planted file was never asked for');
    assert.equal(await page.locator('form').count(), 0);
    assert.deepEqual(cognito, []);
  });
}

test("a tampered config.json that names another endpoint is stopped by the page's own policy, with no header at all", async (t) => {
  attacker.log.length = 0;
  const demo = await deploy(t, (c) => ({ config: { userPoolId: c.userPoolId, clientId: c.clientId, endpoint: attacker.url } }));
  const { page, violations } = await openPage(t, demo);
  await page.goto(demo.url);
  await signIn(page, 'demo-sms', demo.password('demo-sms'));
  await page.getByRole('alert').filter({ hasText: /\w/ }).waitFor();
  assert.ok(violations.some((v) => v.startsWith('connect-src')), `refused by the meta policy: ${violations}`);
  assert.deepEqual(attacker.log, [], "the attacker's server received nothing");
});

test('an endpoint that redirects gets the sign-in refused, not re-sent to where it points', async (t) => {
  attacker.log.length = 0;
  const redirector = await startLoggingServer((req, res) => {
    if (req.method === 'OPTIONS') return false;
    res.writeHead(307, { Location: attacker.url, 'Access-Control-Allow-Origin': '*' });
    res.end();
    return true;
  });
  t.after(() => redirector.close());
  // No policy at all here, so that only the page's refusal of redirects stands between.
  const demo = await deploy(t, (c) => ({ config: { userPoolId: c.userPoolId, clientId: c.clientId, endpoint: redirector.url }, pageEndpoint: false }));
  const { page } = await openPage(t, demo);
  await page.goto(demo.url);
  await signIn(page, 'demo-sms', demo.password('demo-sms'));
  await page.getByRole('alert').filter({ hasText: 'Could not reach the sign-in service' }).waitFor();
  // A refused redirect is a network error, which the driver tries again (3 attempts).
  assert.equal(redirector.log.filter((r) => r.method === 'POST').length, 3, 'every try met the redirect, none followed it');
  assert.deepEqual(attacker.log, [], 'nothing re-sent to the redirect target');
});

const TEXT = {
  en: { locale: 'en-US', wrong: 'The username or password is wrong', locked: 'locked for a while', dropped: 'The connection dropped', wait: /wait (\d+) seconds/ },
  ja: { locale: 'ja-JP', wrong: 'ユーザー名かパスワードが違います', locked: '一時的にロックされています', dropped: '接続が切れた', wait: /(\d+)秒待って/ },
};

for (const [lang, T] of Object.entries(TEXT)) {
  test(`${lang}: an unknown user and a wrong password read the same`, async (t) => {
    const demo = await deploy(t);
    const { page } = await openPage(t, demo, { locale: T.locale });
    await page.goto(demo.url);
    await signIn(page, 'nobody-here', 'Some-Passw0rd!');
    const alert = page.getByRole('alert').filter({ hasText: T.wrong });
    await alert.waitFor();
    const unknown = await alert.textContent();
    await signIn(page, 'demo-sms', 'not-the-Passw0rd');
    assert.equal(await alert.getAttribute('data-code'), 'UserNotFoundException', 'what moto answers an unknown user');
    await page.locator('[role=alert][data-code=NotAuthorizedException]').waitFor();
    assert.equal(await page.getByRole('alert').textContent(), unknown);
  });

  test(`${lang}: a lockout after too many wrong passwords is named as one, with when to try again`, async (t) => {
    // moto locks nobody out: AWS's answer, as the API reference and the developer guide
    // give it, is played for InitiateAuth here.
    const demo = await deploy(t);
    const { page } = await openPage(t, demo, { locale: T.locale });
    await page.route(/^https:\/\/cognito-idp\./, (route) => route.request().method() === 'OPTIONS'
      ? route.fulfill({ status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' } })
      : route.fulfill({ status: 400, headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/x-amz-json-1.1' },
        body: JSON.stringify({ __type: 'NotAuthorizedException', message: 'Password attempts exceeded' }) }));
    await page.goto(demo.url);
    await signIn(page, 'demo-sms', 'not-the-Passw0rd');
    const alert = page.getByRole('alert').filter({ hasText: T.locked });
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'PasswordAttemptsExceeded');
    assert.match(await alert.textContent(), /15/);
    assert.doesNotMatch(await alert.textContent(), new RegExp(T.wrong));
  });

  test(`${lang}: the SMS answer's reply lost, the page says so and holds a new text message back for a while`, async (t) => {
    let answers = 0; // the first RespondToAuthChallenge is the password claim, the second the SMS code
    const demo = await serveDemo(t, env.moto, {
      fault: (operation) => (operation === 'RespondToAuthChallenge' && ++answers === 2 ? 'lost-answer' : null),
    });
    const { page, targets } = await openPage(t, demo, { locale: T.locale });
    await page.goto(demo.server.url);
    await signIn(page, 'demo-sms', demo.password('demo-sms'));
    await page.locator('input[autocomplete=one-time-code]').fill('123456');
    const dropped = page.getByRole('alert').filter({ hasText: T.dropped });
    await dropped.waitFor();
    assert.equal(await dropped.getAttribute('data-code'), 'SessionUsed');
    const initiated = () => targets.filter((target) => target === 'InitiateAuth').length;
    const before = initiated();
    await signIn(page, 'demo-sms', demo.password('demo-sms'));
    const wait = page.getByRole('alert').filter({ hasText: T.wait });
    await wait.waitFor();
    assert.equal(await wait.getAttribute('data-code'), 'SmsCooldown');
    const seconds = Number(T.wait.exec(await wait.textContent())[1]);
    assert.ok(seconds > 0 && seconds <= 30, `${seconds} s`);
    assert.equal(initiated(), before, 'no new sign-in sent, so no new text message');
  });

  test(`${lang}: the whole switch runs under the page's own policy, with no violation and no header`, async (t) => {
    const demo = await deploy(t);
    const { page, violations, cognito } = await openPage(t, demo, { locale: T.locale });
    await page.goto(demo.url);
    await signIn(page, 'demo-sms', demo.password('demo-sms'));
    await page.locator('input[autocomplete=one-time-code]').fill('123456');
    await page.locator('form button[type=submit]').click();
    const secret = (await scanQrCode(page)).searchParams.get('secret');
    await page.locator('input[autocomplete=one-time-code]').fill(await freshTotp(secret));
    await page.locator('button[type=submit]').click();
    await page.locator('.cte-sms-after').waitFor();
    assert.deepEqual(violations, []);
    assert.ok(cognito.some((c) => c.target === 'SetUserMFAPreference'), 'through the regional endpoint');
    assert.deepEqual(await demo.mfa('demo-sms'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
  });
}
