// mount() as an embedding host calls it (issue #15): on a plain page served from www/,
// against moto. The host's element is left as it was, a second mount replaces the
// first, free() and Symbol.dispose destroy, listeners in the options are there from
// the first step, off() stops one, the colour scheme is the host's choice, and a
// refused access token is renewed through getAccessToken or ends in signInRequired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCall } from '../../scripts/emulator.mjs';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, scanQrCode } from './support.mjs';

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

/** A fresh access token for `username`, as a host's own sign-in gets one. */
async function accessToken(demo, username) {
  const response = await fetch(demo.front.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: demo.config.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: demo.password(username) },
    }),
  });
  return (await response.json()).AuthenticationResult.AccessToken;
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
