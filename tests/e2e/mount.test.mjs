// mount() as an embedding host calls it (issue #15): on a plain page served from www/,
// against moto. The host's element is left as it was, a second mount replaces the
// first, free() and Symbol.dispose destroy, listeners in the options are there from
// the first step, off() stops one, the colour scheme is the host's choice, and a
// refused access token is renewed through getAccessToken or ends in signInRequired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCall } from '../../scripts/emulator.mjs';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, scanQrCode, scanAndVerify } from './support.mjs';

const env = useEmulatorAndBrowser();

/** A blank host page on the demo's server, with the module loaded but not started. */
async function hostPage(t, demo) {
  const { page } = await newPage(t, env.browser);
  // A page of the demo's origin with nothing of its own (the server's plain 404); the
  // host's markup is built below.
  await page.goto(`${demo.server.url}blank-host-page`);
  await page.evaluate(async (config) => {
    const sheet = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/widget.css' });
    document.head.append(sheet);
    await new Promise((loaded) => { sheet.onload = loaded; });
    // A host's base stylesheet: element rules that must not reach into the widget.
    document.head.append(Object.assign(document.createElement('style'), {
      textContent: 'h2 { color: rgb(255, 0, 0) } button { background: rgb(255, 0, 0) } div { text-align: center }',
    }));
    document.body.innerHTML = '<div id="host" class="host-class" lang="de" data-x="1"><p id="kept">Host content</p></div>';
    window.lib = await import('/pkg/cognito_totp_enroll.js');
    window.config = config;
    window.events = [];
  }, demo.config);
  return page;
}

/** A fresh access token for `username`, as a host's own sign-in gets one (an SMS
 *  user answers the SMS challenge: moto checks no SMS code). */
async function accessToken(demo, username) {
  const call = async (operation, body) => {
    const response = await fetch(demo.front.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify({ ClientId: demo.config.clientId, ...body }),
    });
    return response.json();
  };
  let answer = await call('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: demo.password(username) },
  });
  if (answer.ChallengeName === 'SMS_MFA') {
    answer = await call('RespondToAuthChallenge', {
      ChallengeName: 'SMS_MFA',
      Session: answer.Session,
      ChallengeResponses: { USERNAME: answer.ChallengeParameters?.USER_ID_FOR_SRP ?? username, SMS_MFA_CODE: '123456' },
    });
  }
  if (!answer.AuthenticationResult) throw new Error(`no token for ${username}: ${JSON.stringify(answer)}`);
  return answer.AuthenticationResult.AccessToken;
}

test('mount before init() or without an element says so; the host element is left as it was and restored by destroy, free and dispose', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const early = await page.evaluate(() => {
    try {
      window.lib.mount(document.getElementById('host'), window.config);
      return null;
    } catch (error) {
      return { name: error.name, code: error.code, message: error.message };
    }
  });
  assert.deepEqual(early, { name: 'CognitoTotpError', code: 'NotInitialized', message: 'cognito-totp-enroll: call `await init()` before mount()' });

  const noElement = await page.evaluate(async () => {
    await window.lib.default();
    try {
      window.lib.mount(null, window.config);
      return null;
    } catch (error) {
      return `${error.name} ${error.code} ${error.field}`;
    }
  });
  assert.equal(noElement, 'CognitoTotpError ConfigError element', 'no element: a config error, not a TypeError');

  const outcome = await page.evaluate(async () => {
    const host = document.getElementById('host');
    const snapshot = () => ({ class: host.className, lang: host.lang, data: host.dataset.x, html: host.innerHTML });
    const before = snapshot();
    const results = {};
    for (const end of ['destroy', 'free', 'dispose']) {
      const widget = window.lib.mount(host, window.config);
      const during = { class: host.className, lang: host.lang, widgets: host.querySelectorAll('.cte').length, kept: !!document.getElementById('kept') };
      if (end === 'dispose') widget[Symbol.dispose]();
      else widget[end]();
      widget.destroy(); // a second end of any kind does nothing
      widget.free();
      results[end] = { during, after: snapshot() };
    }
    return { before, results };
  });
  for (const [end, { during, after }] of Object.entries(outcome.results)) {
    assert.deepEqual(during, { class: 'host-class', lang: 'de', widgets: 1, kept: false }, `${end}: the host's attributes untouched`);
    assert.deepEqual(after, outcome.before, `${end}: the element as it was`);
  }
});

test('a second mount on one element replaces the first: one widget, one form, the first one silent', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const counts = await page.evaluate(async () => {
    await window.lib.default();
    const host = document.getElementById('host');
    const first = window.lib.mount(host, { ...window.config, lang: 'en' });
    first.on('cancel', () => window.events.push('first'));
    const second = window.lib.mount(host, { ...window.config, lang: 'en', onCancel: () => window.events.push('second') });
    window.second = second;
    host.className = 'rerendered-by-a-framework';
    return { widgets: host.querySelectorAll('.cte').length, forms: host.querySelectorAll('form').length, second: typeof second.on };
  });
  assert.deepEqual(counts, { widgets: 1, forms: 1, second: 'function' });
  // The widget still styled after the host's className changed: its own element carries .cte.
  const look = await page.locator('#host .cte').evaluate((widget) => ({
    button: getComputedStyle(widget.querySelector('button[type=submit]')).backgroundColor,
    title: getComputedStyle(widget.querySelector('h2')).color,
    align: getComputedStyle(widget.querySelector('p')).textAlign,
  }));
  assert.deepEqual(look, { button: 'rgb(11, 87, 208)', title: 'rgb(27, 31, 36)', align: 'start' }, "the host's element rules stay out");
  await page.getByRole('button', { name: 'Cancel' }).click(); // onCancel: shown from the first step
  assert.deepEqual(await page.evaluate(() => window.events), ['second']);
  // Destroying the second brings back what the element held before the first: the
  // first widget is gone, not kept aside as if it were the host's content.
  const after = await page.evaluate(() => {
    window.second?.destroy();
    return document.getElementById('host').innerHTML;
  });
  assert.equal(after, '<p id="kept">Host content</p>');
});

test('off() stops a listener; colorScheme dark and light override the system', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate(async () => {
    await window.lib.default();
    const removed = () => window.events.push('removed');
    window.widget = window.lib.mount(document.getElementById('host'), {
      ...window.config,
      lang: 'en',
      colorScheme: 'dark',
      onCancel: () => window.events.push('kept'),
    });
    window.widget.on('cancel', removed).on('cancel', () => window.events.push('added')).off('cancel', removed);
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await page.evaluate(() => window.events), ['kept', 'added']);
  const result = await page.evaluate(async () => {
    const host = document.getElementById('host');
    const dark = getComputedStyle(host.querySelector('.cte')).backgroundColor;
    window.widget.destroy();
    const light = window.lib.mount(host, { ...window.config, colorScheme: 'light', lang: 'en' });
    const lightBg = getComputedStyle(host.querySelector('.cte')).backgroundColor;
    light.destroy();
    let wrong = null;
    try {
      window.lib.mount(host, { ...window.config, colorScheme: 'sepia' });
    } catch (error) {
      wrong = `${error.code} ${error.field}`;
    }
    return { dark, light: lightBg, wrong };
  });
  assert.deepEqual(result, { dark: 'rgb(21, 24, 28)', light: 'rgb(255, 255, 255)', wrong: 'ConfigError colorScheme' });
});

test('a token refused mid-setup is renewed once through getAccessToken, and the setup goes on with the fresh one', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const first = await accessToken(demo, 'demo-none');
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.asked = 0;
    window.lib.mount(document.getElementById('host'), {
      ...window.config,
      lang: 'en',
      accessToken: token,
      getAccessToken: async () => {
        window.asked += 1;
        return window.freshToken;
      },
      onEnrolled: (state) => window.events.push(state),
      onSignInRequired: () => window.events.push('signInRequired'),
    });
  }, first);
  await page.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'the first step takes no focus');
  // The host's session ends (signed out elsewhere): the token the widget holds is dead.
  await adminCall(env.moto.url, 'GlobalSignOut', { AccessToken: first });
  const fresh = await accessToken(demo, 'demo-none');
  await page.evaluate((token) => { window.freshToken = token; }, fresh);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const uri = await scanQrCode(page);
  assert.equal(decodeURIComponent(uri.pathname), '/Demo Corp:demo-none', "nobody typed a name: Cognito's username it is");
  assert.equal(await page.locator('.cte-preview-issuer + span').textContent(), 'demo-none');
  const secret = uri.searchParams.get('secret');
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  const [asked, events] = await page.evaluate(() => [window.asked, window.events]);
  assert.equal(asked, 1);
  assert.equal(events.length, 1, 'one enrolled event, nothing else');
  assert.deepEqual(Object.keys(events[0]).sort(), ['email', 'enabled', 'preferred', 'username']);
  assert.deepEqual([events[0].username, events[0].enabled, events[0].preferred], ['demo-none', ['SOFTWARE_TOKEN_MFA'], 'SOFTWARE_TOKEN_MFA']);
  assert.deepEqual(await demo.mfa('demo-none'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
});

test('a refused token with no fresh one says to sign in again and fires signInRequired', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const token = await accessToken(demo, 'demo-none');
  await adminCall(env.moto.url, 'GlobalSignOut', { AccessToken: token });
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.lib.mount(document.getElementById('host'), {
      ...window.config,
      lang: 'ja',
      accessToken: token,
      getAccessToken: () => Promise.reject(new Error('the portal session is over too')),
      onSignInRequired: () => window.events.push('signInRequired'),
    });
  }, token);
  const alert = page.getByRole('alert').filter({ hasText: 'もう一度サインインしてから' });
  await alert.waitFor();
  assert.equal(await alert.getAttribute('data-code'), 'SignInRequired');
  assert.deepEqual(await page.evaluate(() => window.events), ['signInRequired']);
});

/** Records the Cognito calls `page` sends, by operation, and whether each went out
 *  after `mark()`; `pause(operation, during)` runs `during` while that call waits. */
async function watchCalls(page) {
  const calls = [];
  let marked = false;
  const paused = new Map();
  await page.route(/.*/, async (route) => {
    const target = route.request().headers()['x-amz-target'];
    if (!target) return route.continue();
    const operation = target.split('.').pop();
    calls.push({ operation, afterMark: marked });
    const during = paused.get(operation);
    if (during) {
      paused.delete(operation);
      await during();
    }
    await route.continue().catch(() => {}); // aborted by the page meanwhile
  });
  return {
    calls,
    mark: () => { marked = true; },
    pause: (operation, during) => paused.set(operation, during),
    sentAfterMark: () => calls.filter((c) => c.afterMark).map((c) => c.operation),
  };
}

for (const [operation, step] of [
  ['GetUser', 'the first account read'],
  ['AssociateSoftwareToken', 'the new secret'],
  ['VerifySoftwareToken', 'the first code'],
  ['SetUserMFAPreference', 'the switch'],
]) {
  test(`destroyed during ${step} (${operation}), the widget sends nothing more and no late answer changes anything; a new mount reads the account`, async (t) => {
    const demo = await serveDemo(t, env.moto);
    const page = await hostPage(t, demo);
    const watch = await watchCalls(page);
    watch.pause(operation, async () => {
      await page.evaluate(() => window.widget.destroy());
      watch.mark();
    });
    await page.evaluate(async (token) => {
      await window.lib.default();
      window.widget = window.lib.mount(document.getElementById('host'), {
        ...window.config, lang: 'en', accessToken: token,
        onEnrolled: (s) => window.events.push(`enrolled ${s.preferred}`),
        onError: (e) => window.events.push(`error ${e.code}`),
      });
    }, await accessToken(demo, 'demo-sms'));
    if (operation !== 'GetUser') {
      await page.getByRole('button', { name: 'Set up authenticator app' }).click();
      if (operation !== 'AssociateSoftwareToken') await scanAndVerify(page);
    }
    await page.waitForFunction(() => !document.querySelector('#host .cte'));
    // Long enough for any retry after its back-off (at most 2 s) and a read-back.
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(watch.sentAfterMark(), [], 'nothing after destroy()');
    assert.equal(await page.locator('#host').innerHTML(), '<p id="kept">Host content</p>', 'the element as it was');
    assert.deepEqual(await page.evaluate(() => window.events), [], 'no event from a destroyed widget');
    // The switch is sent last: before it, SMS is as it was; a new widget reads the truth.
    const state = await demo.mfa('demo-sms');
    assert.deepEqual(state, { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' }, 'SMS untouched: the switch never reached Cognito');
    await page.evaluate(async (token) => {
      window.lib.mount(document.getElementById('host'), { ...window.config, lang: 'en', accessToken: token });
    }, await accessToken(demo, 'demo-sms'));
    const factors = page.locator('#host dl.cte-factors');
    await factors.waitFor();
    assert.match(await factors.innerText(), /Authenticator app\s+Off[\s\S]*Text message \(SMS\)\s+On, asked at sign-in/);
  });
}

test('a token handed over with setAccessToken mid-setup is used without a new mount: the same secret, one AssociateSoftwareToken', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const watch = await watchCalls(page);
  const first = await accessToken(demo, 'demo-none');
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.widget = window.lib.mount(document.getElementById('host'), {
      ...window.config, lang: 'en', accessToken: token,
      getAccessToken: async () => { window.events.push('asked'); return undefined; },
      onEnrolled: (s) => window.events.push(`enrolled ${s.preferred}`),
      onError: (e) => window.events.push(`error ${e.code}`),
    });
  }, first);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  // The host's session renews (as Amplify's refresh does), and the old token dies.
  await adminCall(env.moto.url, 'GlobalSignOut', { AccessToken: first });
  const renewed = await accessToken(demo, 'demo-none');
  await page.evaluate((token) => window.widget.setAccessToken(token), renewed);
  assert.equal((await scanQrCode(page)).searchParams.get('secret'), secret, 'the step stays: the same secret');
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.events), ['enrolled SOFTWARE_TOKEN_MFA'], 'no fresh token asked for, no error');
  assert.equal(watch.calls.filter((c) => c.operation === 'AssociateSoftwareToken').length, 1);
  assert.deepEqual(await demo.mfa('demo-none'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
});

test("another person's token handed over starts again with that person's account", async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.widget = window.lib.mount(document.getElementById('host'), { ...window.config, lang: 'en', accessToken: token });
  }, await accessToken(demo, 'demo-none'));
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await scanQrCode(page);
  await page.evaluate((token) => window.widget.setAccessToken(token), await accessToken(demo, 'demo-sms'));
  const factors = page.locator('#host dl.cte-factors');
  await factors.waitFor();
  assert.match(await factors.innerText(), /Text message \(SMS\)\s+On, asked at sign-in/, "demo-sms's account, not demo-none's QR code");
  assert.equal(await page.getByRole('img', { name: /QR/ }).count(), 0);
});

test('a revoked token with no fresh one: signInRequired alone, no error event, nothing left to press; a handed-over token goes on', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const watch = await watchCalls(page);
  const token = await accessToken(demo, 'demo-none');
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.widget = window.lib.mount(document.getElementById('host'), {
      ...window.config, lang: 'en', accessToken: token,
      onSignInRequired: () => window.events.push('signInRequired'),
      onError: (e) => window.events.push(`error ${e.code} ${e.message}`),
    });
  }, token);
  await page.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
  await adminCall(env.moto.url, 'GlobalSignOut', { AccessToken: token });
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Sign in again, then come back here' });
  await alert.waitFor();
  assert.deepEqual(await page.evaluate(() => window.events), ['signInRequired'], 'no error event for an ordinary expiry');
  assert.equal(await page.locator('#host button').count(), 0, 'no Set up button to repeat the refused call');
  const associations = watch.calls.filter((c) => c.operation === 'AssociateSoftwareToken').length;
  assert.equal(associations, 1);
  await page.evaluate((token) => window.widget.setAccessToken(token), await accessToken(demo, 'demo-none'));
  await page.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.events), ['signInRequired']);
});

test('Cancel only where the host listens for it; error messages carry the type, never Cognito\'s text', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const token = await accessToken(demo, 'demo-none');
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.widget = window.lib.mount(document.getElementById('host'), { ...window.config, lang: 'en', accessToken: token });
  }, token);
  await page.getByRole('button', { name: 'Set up authenticator app' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0, 'signed-in mode alone asks for no Cancel');
  await page.evaluate(async (token) => {
    window.widget = window.lib.mount(document.getElementById('host'), {
      ...window.config, lang: 'en', accessToken: token, onCancel: () => window.events.push('cancel'),
    });
  }, token);
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(await page.evaluate(() => window.events), ['cancel']);
  // A sign-in with a wrong password: the error's message names the type only.
  const message = await page.evaluate(async () => {
    const seen = [];
    window.widget = window.lib.mount(document.getElementById('host'), {
      ...window.config, lang: 'en', onError: (e) => seen.push(e.message),
    });
    document.querySelector('#host input[autocomplete=username]').value = 'demo-none';
    document.querySelector('#host input[type=password]').value = 'wrong-password';
    document.querySelector('#host button[type=submit]').click();
    const deadline = Date.now() + 10_000;
    await new Promise((r) => { const wait = () => (seen.length || Date.now() > deadline ? r() : setTimeout(wait, 50)); wait(); });
    return seen[0];
  });
  assert.equal(message, 'Cognito answered NotAuthorizedException');
});

test("another person's token handed over while the first person's call is out: that call's refusal asks for no token, and nothing goes out for the first person with the second's", async (t) => {
  const demo = await serveDemo(t, env.moto);
  const page = await hostPage(t, demo);
  const [first, second] = [await accessToken(demo, 'demo-none'), await accessToken(demo, 'demo-sms')];
  const sent = [];
  let answerFirst;
  await page.route(/.*/, async (route) => {
    const target = route.request().headers()['x-amz-target'];
    if (!target) return route.continue();
    const operation = target.split('.').pop();
    sent.push({ operation, token: route.request().postDataJSON().AccessToken });
    if (operation === 'AssociateSoftwareToken' && !answerFirst) {
      // Held until the host has handed over the other person's token, then refused
      // as AWS refuses a token its user signed out.
      await new Promise((release) => { answerFirst = release; });
      return route.fulfill({
        status: 400,
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ __type: 'NotAuthorizedException', message: 'Access Token has been revoked' }),
      }).catch(() => {}); // the widget may have aborted it
    }
    return route.continue();
  });
  await page.evaluate(async (token) => {
    await window.lib.default();
    window.widget = window.lib.mount(document.getElementById('host'), {
      ...window.config, lang: 'en', accessToken: token,
      getAccessToken: async () => { window.events.push('asked'); return window.secondToken; },
      onError: (e) => window.events.push(`error ${e.code}`),
    });
  }, first);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  while (!answerFirst) await new Promise((r) => setTimeout(r, 50));
  await page.evaluate((token) => { window.secondToken = token; window.widget.setAccessToken(token); }, second);
  await page.locator('#host dl.cte-factors').waitFor();
  answerFirst();
  await new Promise((r) => setTimeout(r, 2500));
  assert.match(await page.locator('#host dl.cte-factors').innerText(), /Text message \(SMS\)\s+On, asked at sign-in/, "the second person's account");
  assert.deepEqual(await page.evaluate(() => window.events), [], "no token asked for the first person's call, no error");
  const secondsCalls = sent.filter((c) => c.token === second).map((c) => c.operation);
  assert.deepEqual(secondsCalls, ['GetUser'], "the second person's token read their account, and did nothing else");
  assert.deepEqual(await demo.mfa('demo-sms'), { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' });
});
