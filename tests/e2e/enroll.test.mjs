// End to end: the served page in Debian's Chromium against moto, driven as a person
// would. The QR code is read from a screenshot, not from the DOM, and the result is
// checked through moto's admin API, not through the page. Sign-in is SRP through the
// SRP-checking front (srp-front.mjs), since moto accepts any password claim.
//
// The README's screenshots come from experience.test.mjs, one set per language and width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startMoto } from '../../scripts/emulator.mjs';
import { launchChromium, scanQrCode, freshTotp, totp, serveDemo, newPage } from './support.mjs';

let moto;
let browser;

before(async () => {
  moto = await startMoto();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await moto?.stop();
});

/**
 * A fresh demo behind the SRP-checking front, the page serving it, and a page at the
 * sign-in step. `clock` fixes the browser's and the front's time.
 */
async function openPage(t, { width = 480, height = 900, locale, timezoneId, clock } = {}) {
  const { demo, front, server, mfa, password } = await serveDemo(t, moto, { clock });
  const { page, bodies } = await newPage(t, browser, { viewport: { width, height }, locale, timezoneId });
  if (clock) await page.clock.setFixedTime(clock);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 2 }).waitFor();
  return { page, demo, mfa: () => mfa('demo-sms'), password: password('demo-sms'), front, bodies };
}

async function signInWithSms(page, password) {
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
  // moto checks no SMS code; six digits submit by themselves.
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('heading', { name: 'How you sign in now' }).waitFor();
}

/** Opens the QR step and reads the secret from the QR image. */
async function scanQr(page) {
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const url = await scanQrCode(page);
  assert.equal(url.protocol, 'otpauth:');
  assert.equal(url.host, 'totp');
  assert.equal(decodeURIComponent(url.pathname), '/Demo Corp:demo-sms');
  assert.equal(url.searchParams.get('issuer'), 'Demo Corp');
  return url.searchParams.get('secret');
}

test('an SMS user switches to an authenticator app, and SMS is turned off', async (t) => {
  const { page, mfa, password, front, bodies } = await openPage(t);
  assert.deepEqual(await mfa(), { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' });
  await signInWithSms(page, password);
  const secret = await scanQr(page);
  const shown = (await page.locator('.cte-secret').textContent()).replace(/\s/g, '');
  assert.equal(shown, secret, 'the typed key matches the QR code');
  assert.equal(await page.locator('.cte-preview-entry').innerText(), 'Demo Corp\ndemo-sms', 'the app entry preview');
  await page.getByLabel('6-digit code from the app').fill(await freshTotp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  await page.getByText('Text message codes are turned off.').waitFor();
  assert.deepEqual(await mfa(), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
  assert.equal(front.stats.verified, 1, 'signed in with a checked SRP claim');
  assert.ok(bodies.length >= 7, `requests captured: ${bodies.length}`);
  assert.deepEqual(bodies.filter((b) => b.includes(password)), [], 'no request carries the password');
});

test('a wrong authenticator code shows a clear message and changes nothing', async (t) => {
  const { page, mfa, password } = await openPage(t);
  await signInWithSms(page, password);
  const secret = await scanQr(page);
  const right = await freshTotp(secret);
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  assert.notEqual(wrong, totp(secret));
  await page.getByLabel('6-digit code from the app').fill(wrong);
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  const alert = page.getByRole('alert');
  await assert.doesNotReject(alert.filter({ hasText: 'That code is not right' }).waitFor());
  assert.deepEqual(await mfa(), { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' });
  assert.equal(await page.getByRole('button', { name: 'Verify and switch' }).isEnabled(), true, 'another try is possible');
});

test('a wrong password shows a clear message', async (t) => {
  const { page, mfa, front } = await openPage(t);
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The username or password is wrong' }).waitFor();
  assert.deepEqual(front.stats.problems, ['wrong PASSWORD_CLAIM_SIGNATURE'], 'rejected by the SRP check');
  assert.equal(await page.getByLabel('Username').inputValue(), 'demo-sms', 'the username is kept');
  assert.deepEqual(await mfa(), { enabled: ['SMS_MFA'], preferred: 'SMS_MFA' });
});

test('a code that is not six digits is refused before any request', async (t) => {
  const { page, password } = await openPage(t);
  await signInWithSms(page, password);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await page.getByRole('img', { name: /QR code/ }).waitFor();
  let verifies = 0;
  page.on('request', (r) => { if (r.headers()['x-amz-target']?.endsWith('VerifySoftwareToken')) verifies += 1; });
  await page.getByLabel('6-digit code from the app').fill('12345');
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('alert').filter({ hasText: 'Enter the 6 digits' }).waitFor();
  assert.equal(verifies, 0);
});

test('the widget keeps working after garbage collection, though the page drops its handle', async (t) => {
  const { page, password } = await openPage(t);
  const urls = [];
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  await page.evaluate(() => { globalThis.gc(); globalThis.gc(); });
  await page.getByLabel('Username').fill('demo-sms');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
  assert.deepEqual(urls, [], 'the form was never submitted natively (no password in a URL)');
});

test('the SRP TIMESTAMP is right on days 1 to 9 in a Japanese browser far east of UTC', async (t) => {
  // 23:30 UTC on the 4th is already the 5th in Kiritimati (UTC+14): the TIMESTAMP
  // must say the UTC day, unpadded, with English names, whatever the locale.
  for (const day of [4, 9]) {
    const clock = new Date(Date.UTC(2026, 11, day, 23, 30, 5));
    const { page, password, front } = await openPage(t, { locale: 'ja-JP', timezoneId: 'Pacific/Kiritimati', clock });
    assert.equal(await page.evaluate(() => new Date().getDate()), day + 1, 'the local date is a day ahead');
    // The page speaks the browser's Japanese.
    await page.getByLabel('ユーザー名').fill('demo-sms');
    await page.getByLabel('パスワード').fill(password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: '確認コードを入力' }).waitFor();
    assert.deepEqual({ verified: front.stats.verified, problems: front.stats.problems }, { verified: 1, problems: [] });
  }
});
