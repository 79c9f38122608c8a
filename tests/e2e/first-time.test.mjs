// What a first-time user meets, in both languages (issue #16): the preview of the
// app entry matches the QR code, the device name can be typed before or after the
// code, each step says where the person is, a second QR code in one visit warns of
// the dead entry, an expired sign-in goes back to the form before a code is sent,
// and the done page leads back to the admin's app, never to a link's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, axeClean, scanQrCode } from './support.mjs';

const env = useEmulatorAndBrowser();

const ISSUER = 'Hidden Co: Ops';
const TEXT = {
  en: { username: 'Username', password: 'Password', signIn: 'Sign in', code: '6-digit code', codeTitle: 'Enter your sign-in code',
    setup: 'Set up authenticator app', totp: '6-digit code from the app', device: 'Device name (optional)', verify: 'Verify and switch',
    done: "You're all set", step: (n) => `Step ${n} of 3`, timeLeft: 'Time left to finish signing in', expired: 'has expired', ending: 'Less than 30 seconds',
    oldEntry: 'Delete that older entry', newSecret: 'This is a new code', back: 'Back to Portal', qr: 'Add the account to your app' },
  ja: { username: 'ユーザー名', password: 'パスワード', signIn: 'サインイン', code: '6桁のコード', codeTitle: '確認コードを入力',
    setup: '認証アプリを設定する', totp: 'アプリに表示された6桁のコード', device: '端末の名前（任意）', verify: '確認して切り替える',
    done: '設定が完了しました', step: (n) => `ステップ ${n}（全3ステップ）`, timeLeft: 'サインインの残り時間', expired: '期限', ending: '30秒を切りました',
    oldEntry: '古い項目を削除してください', newSecret: '新しいコードです', back: 'Portalに戻る', qr: 'アプリにアカウントを追加' },
};

/** What an authenticator app shows for a Key URI: the issuer from the `issuer`
 *  parameter, else the label's prefix; the account from the label after the prefix. */
function asAppShows(uri) {
  const url = new URL(uri);
  const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const colon = label.indexOf(':');
  const prefix = colon < 0 ? null : label.slice(0, colon);
  return { issuer: url.searchParams.get('issuer') ?? prefix, account: colon < 0 ? label : label.slice(colon + 1) };
}

/** The focused element's text: where focus went is what a screen reader reads. */
const focusedHeading = (page) => page.evaluate(() => document.activeElement?.tagName === 'H2' ? document.activeElement.textContent : null);

async function signIn(page, T, username, password) {
  await page.getByLabel(T.username).fill(username);
  await page.getByLabel(T.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: T.signIn }).click();
}

async function qrUri(page) {
  return (await scanQrCode(page)).href;
}

const escape = (text) => text.replace(/[()]/g, '\\$&');

const verifyBodies = (bodies) => bodies.filter((b) => b.includes('"UserCode"')).map((b) => JSON.parse(b));

for (const lang of ['en', 'ja']) {
  const T = TEXT[lang];

  test(`${lang}: step by step with the stage announced; the preview is what the app shows; a device name typed after the code is kept; the way back is the admin's`, async (t) => {
    const { server, password } = await serveDemo(t, env.moto, {
      configOverrides: { issuer: ISSUER, returnUrl: '/portal/', returnName: 'Portal' },
    });
    const { page, bodies } = await newPage(t, env.browser);
    const missing = [];
    page.on('response', (r) => { if (r.request().method() === 'GET' && r.status() >= 400) missing.push(r.url()); });
    // A link that tries to set the way back: ignored, the file's stays.
    await page.goto(`${server.url}?lang=${lang}&returnUrl=https://attacker.example/&returnName=Bank`);
    await page.getByRole('heading', { level: 2 }).waitFor();
    assert.match(await page.locator('#enroll h2').textContent(), new RegExp(`^${escape(T.step(1))} `));

    await signIn(page, T, 'demo-sms', password('demo-sms'));
    await page.getByRole('heading', { name: T.codeTitle }).waitFor();
    assert.equal(await focusedHeading(page), `${T.step(2)} ${T.codeTitle}`, 'focus on the heading, stage first');
    assert.equal(await page.getByRole('heading', { level: 2 }).getAttribute('aria-label'), null, 'the name is the text read');
    assert.match(await page.getByRole('timer').textContent(), new RegExp(`${T.timeLeft}: 2:(5\\d|4\\d)`));
    await page.getByLabel(T.code, { exact: true }).fill('123456');
    await page.getByRole('button', { name: T.setup }).waitFor();
    assert.match(await focusedHeading(page), new RegExp(`^${escape(T.step(3))} `));
    assert.equal(await page.getByRole('timer').count(), 0, 'signed in: no session clock');
    await page.getByRole('button', { name: T.setup }).click();

    const uri = await qrUri(page);
    assert.match(await focusedHeading(page), new RegExp(`^${escape(T.step(3))} ${T.qr}`));
    const preview = {
      issuer: await page.locator('.cte-preview-issuer').textContent(),
      account: await page.locator('.cte-preview-issuer + span').textContent(),
    };
    assert.deepEqual(preview, { issuer: ISSUER, account: 'demo-sms' });
    assert.deepEqual(asAppShows(uri), preview, `the app shows what the page said (${uri})`);
    await page.getByText(T.oldEntry).waitFor(); // in general terms: first secret of this visit
    assert.equal(await page.getByText(T.newSecret).count(), 0);
    await axeClean(page, `${lang}/qr`);

    const secret = new URL(uri).searchParams.get('secret');
    await page.getByLabel(T.totp).fill(await freshTotp(secret));
    await page.waitForTimeout(500);
    assert.equal(verifyBodies(bodies).length, 0, 'six digits wait for the button on this step');
    await page.getByLabel(T.device).fill('Work phone');
    await page.getByLabel(T.totp).fill(await freshTotp(secret)); // still the current code
    await page.getByRole('button', { name: T.verify }).click();
    await page.getByRole('heading', { name: T.done }).waitFor();
    assert.equal(verifyBodies(bodies)[0].FriendlyDeviceName, 'Work phone');
    assert.equal(await page.getByText(T.step(3)).count(), 0, 'no stage once done');

    const back = page.getByRole('link', { name: T.back });
    assert.equal(await back.getAttribute('href'), '/portal/', 'the file\'s way back, not the link\'s');
    assert.equal(await page.getByRole('link', { name: /Bank/ }).count(), 0);
    await axeClean(page, `${lang}/done with the way back`);
    assert.deepEqual(missing, [], 'nothing the page asks for is missing (a favicon, say)');
  });

  test(`${lang}: MFA required: the sign-in runs out on the QR step and starts over before a code is sent; the second QR code warns of the first entry; a device name typed first is kept`, async (t) => {
    const { server, mfa, password } = await serveDemo(t, env.moto, { required: true });
    const { page, bodies } = await newPage(t, env.browser);
    await page.clock.install();
    await page.goto(`${server.url}?lang=${lang}`);
    await signIn(page, T, 'demo-required', password('demo-required'));
    const first = await qrUri(page);
    assert.match(await page.getByRole('timer').textContent(), new RegExp(`${T.timeLeft}: 2:`));
    await page.getByText(T.oldEntry).waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: T.ending }).count(), 0, 'no warning yet');

    // The person has typed the code but not pressed the button when the time is up.
    await page.getByLabel(T.totp).fill(await freshTotp(new URL(first).searchParams.get('secret')));
    const sent = bodies.length;
    await page.clock.fastForward('02:45');
    await page.getByRole('status').filter({ hasText: T.ending }).waitFor(); // announced once, before the end
    await page.clock.fastForward('00:15');
    await page.getByRole('alert').filter({ hasText: T.expired }).waitFor();
    assert.equal(await page.getByRole('alert').getAttribute('data-code'), 'SessionTimedOut');
    assert.equal(await page.getByLabel(T.username).inputValue(), 'demo-required', 'the username is kept');
    assert.equal(await page.getByLabel(T.totp).count(), 0, 'the code can no longer be sent');
    assert.match(await focusedHeading(page), new RegExp(`^${escape(T.step(1))} `));
    assert.deepEqual(bodies.slice(sent), [], 'nothing sent with the dead session');
    await axeClean(page, `${lang}/expired sign-in`);

    await page.getByLabel(T.password, { exact: true }).fill(password('demo-required'));
    await page.getByRole('button', { name: T.signIn }).click();
    const uri = await qrUri(page);
    await page.getByText(T.newSecret).waitFor();
    assert.equal(await page.getByText(T.oldEntry).count(), 0, 'the specific warning replaces the general hint');
    await axeClean(page, `${lang}/second QR code`);
    await page.getByLabel(T.device).fill('Pixel');
    await page.getByLabel(T.totp).fill(await freshTotp(new URL(uri).searchParams.get('secret')));
    await page.getByRole('button', { name: T.verify }).click();
    await page.getByRole('heading', { name: T.done }).waitFor();
    assert.equal(verifyBodies(bodies)[0].FriendlyDeviceName, 'Pixel');
    assert.deepEqual(await mfa('demo-required'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
    assert.equal(await page.getByRole('link').count(), 0, 'no way back when the admin gave none');
  });

  test(`${lang}: an SMS code step whose sign-in ran out goes back to sign-in before the code is sent`, async (t) => {
    const { server, password } = await serveDemo(t, env.moto, { configOverrides: { authSessionMinutes: 5 } });
    const { page, bodies } = await newPage(t, env.browser);
    await page.clock.install();
    await page.goto(`${server.url}?lang=${lang}`);
    await signIn(page, T, 'demo-sms', password('demo-sms'));
    await page.getByRole('heading', { name: T.codeTitle }).waitFor();
    assert.match(await page.getByRole('timer').textContent(), /: 4:[45]\d/, 'the configured 5 minutes, less a margin');
    await page.getByLabel(T.code, { exact: true }).fill('12345'); // five of six digits typed
    const sent = bodies.length;
    await page.clock.fastForward('04:00');
    assert.equal(await page.getByRole('heading', { name: T.codeTitle }).count(), 1, 'still time left');
    await page.clock.fastForward('01:00');
    await page.getByRole('alert').filter({ hasText: T.expired }).waitFor();
    assert.equal(await page.getByLabel(T.username).inputValue(), 'demo-sms');
    assert.equal(await page.getByLabel(T.code, { exact: true }).count(), 0, 'the last digit has nowhere to go');
    assert.deepEqual(bodies.slice(sent), [], 'no code sent into the dead session');
  });
}

for (const lang of ['en', 'ja']) {
  for (const returnUrl of ['javascript:alert(1)', '/\t/attacker.example/', '//attacker.example/']) {
    test(`${lang}: a return URL that could run script or leave for another site stops the page, named (${JSON.stringify(returnUrl)})`, async (t) => {
      const { server } = await serveDemo(t, env.moto, { configOverrides: { returnUrl } });
      const { page, bodies } = await newPage(t, env.browser);
      await page.goto(`${server.url}?lang=${lang}`);
      await page.getByRole('alert').filter({ hasText: 'returnUrl' }).waitFor();
      assert.equal(await page.getByRole('link').count(), 0);
      assert.deepEqual(bodies, [], 'nothing sent');
    });
  }
}
