// End to end, the other ways a user meets TOTP enrollment and the ways a host embeds
// it: each against moto behind the SRP-checking front, final state read through
// moto's admin API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorAndBrowser, freshTotp, serveDemo, newPage, headlessToQr, scanAndVerify } from './support.mjs';

const env = useEmulatorAndBrowser();

const TOTP_ON = { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' };

/** The words of each language the person paths below look for. */
const TEXT = {
  en: {
    locale: 'en-US', username: 'Username', password: 'Password', signIn: 'Sign in', qr: 'Add the account to your app',
    timer: 'Time left to finish signing in', done: "You're all set", sms: 'Text message codes',
    newPassword: 'Choose a new password', pw: 'New password', pwAgain: 'New password again', continue: 'Continue',
    mismatch: 'not the same', setup: 'Set up authenticator app', fromApp: 'Open your authenticator app and enter the 6-digit code',
    code: '6-digit code', replaceWarning: 'stops the current one from working', replace: 'Replace my authenticator app',
    totp: '6-digit code from the app', verify: 'Verify and switch',
  },
  ja: {
    locale: 'ja-JP', username: 'ユーザー名', password: 'パスワード', signIn: 'サインイン', qr: 'アプリにアカウントを追加',
    timer: 'サインインの残り時間', done: '設定が完了しました', sms: 'SMS',
    newPassword: '新しいパスワードを設定', pw: '新しいパスワード', pwAgain: '新しいパスワード（確認）', continue: '次へ',
    mismatch: '一致しません', setup: '認証アプリを設定する', fromApp: '認証アプリを開き、このアカウントに表示されている6桁のコード',
    code: '6桁のコード', replaceWarning: '今のアプリのコードは使えなくなります', replace: '認証アプリを入れ替える',
    totp: 'アプリに表示された6桁のコード', verify: '確認して切り替える',
  },
};

async function signIn(page, username, password, T = TEXT.en) {
  await page.getByLabel(T.username).fill(username);
  await page.getByLabel(T.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: T.signIn }).click();
}

for (const [lang, T] of Object.entries(TEXT)) {
  const opened = async (t, server) => {
    const { page } = await newPage(t, env.browser, { locale: T.locale });
    await page.goto(server.url);
    return page;
  };
  const verify = (page) => scanAndVerify(page, { field: T.totp, button: T.verify });

  test(`${lang}: MFA required: a user with no factor sets up the app inside the sign-in`, async (t) => {
    const { server, mfa, password } = await serveDemo(t, env.moto, { required: true });
    const page = await opened(t, server);
    await signIn(page, 'demo-required', password('demo-required'), T);
    await page.getByRole('heading', { name: T.qr }).waitFor();
    await page.getByRole('timer').filter({ hasText: T.timer }).waitFor(); // the auth session is running
    await verify(page);
    await page.getByRole('heading', { name: T.done }).waitFor();
    assert.deepEqual(await mfa('demo-required'), TOTP_ON);
    assert.equal(await page.locator('.cte-sms-after').count(), 0, 'no word about SMS to someone who never had it');
  });

  test(`${lang}: a temporary password is replaced, typed twice, before the setup`, async (t) => {
    const { server, mfa, password } = await serveDemo(t, env.moto);
    const page = await opened(t, server);
    await signIn(page, 'demo-new', password('demo-new'), T);
    await page.getByRole('heading', { name: T.newPassword }).waitFor();
    await page.getByLabel(T.pw, { exact: true }).fill('N3w-Passw0rd!');
    await page.getByLabel(T.pwAgain).fill('N3w-Passw0rd?');
    await page.getByRole('button', { name: T.continue }).click();
    await page.getByRole('alert').filter({ hasText: T.mismatch }).waitFor();
    await page.getByLabel(T.pwAgain).fill('N3w-Passw0rd!');
    await page.getByRole('button', { name: T.continue }).click();
    await page.getByRole('button', { name: T.setup }).click();
    await verify(page);
    await page.getByRole('heading', { name: T.done }).waitFor();
    assert.deepEqual(await mfa('demo-new'), TOTP_ON);
  });

  test(`${lang}: a user already on an authenticator app signs in with it and is warned before replacing it`, async (t) => {
    const { server, password } = await serveDemo(t, env.moto);
    const page = await opened(t, server);
    await signIn(page, 'demo-totp', password('demo-totp'), T);
    await page.getByText(T.fromApp).waitFor();
    await page.getByLabel(T.code).fill(await freshTotp('ASDFASDFASDF')); // moto's one secret
    await page.getByText(T.replaceWarning).waitFor();
    assert.equal(await page.getByRole('button', { name: T.replace }).isVisible(), true);
  });
}

test('the portal example embeds the widget with its own token, cancel and enrolled events', async (t) => {
  const { server, mfa, password } = await serveDemo(t, env.moto);
  const { page } = await newPage(t, env.browser);
  await page.goto(`${server.url}examples/portal.html`);
  await page.getByLabel('Username').fill('demo-none');
  await page.getByLabel('Password').fill(password('demo-none'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed-in mode: no second sign-in, straight to the account.
  await page.getByRole('heading', { name: 'How you sign in now' }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('status').filter({ hasText: 'Setup cancelled' }).waitFor();
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await scanAndVerify(page);
  await page.getByRole('status').filter({ hasText: 'Authenticator app enabled (SOFTWARE_TOKEN_MFA)' }).waitFor();
  assert.deepEqual(await mfa('demo-none'), TOTP_ON);
});

test('the headless example drives EnrollmentClient through the whole switch', async (t) => {
  const { server, mfa, password, front } = await serveDemo(t, env.moto);
  const { page, bodies } = await newPage(t, env.browser);
  await headlessToQr(page, server.url, password('demo-sms'));
  await scanAndVerify(page, { button: 'Next', field: 'Code from the app' });
  await page.getByRole('status').filter({ hasText: 'Done: SOFTWARE_TOKEN_MFA' }).waitFor();
  assert.deepEqual(await mfa('demo-sms'), TOTP_ON);
  assert.equal(front.stats.verified, 1);
  assert.deepEqual(bodies.filter((b) => b.includes(password('demo-sms'))), []);
});

test('an Amplify Gen 2 amplify_outputs.json configures the page', async (t) => {
  const { server, pool } = await serveDemo(t, env.moto, {
    serveOptions: {
      config: null,
      files: { '/amplify_outputs.json': { auth: { user_pool_id: 'ap-northeast-1_nope!', user_pool_client_id: 'abc', aws_region: 'ap-northeast-1' } } },
    },
  });
  assert.ok(pool);
  const { page, bodies } = await newPage(t, env.browser);
  await page.goto(server.url);
  // A malformed pool id is reported before any request, naming the field.
  await page.getByRole('alert').filter({ hasText: 'not set up correctly (userPoolId)' }).waitFor();
  assert.deepEqual(bodies, []);
});

test('a valid amplify_outputs.json points the page at that pool and region', async (t) => {
  const outputs = { auth: { user_pool_id: 'eu-west-1_AmpL1fy', user_pool_client_id: 'amplifyclient123', aws_region: 'eu-west-1' } };
  const { server } = await serveDemo(t, env.moto, { serveOptions: { config: null, files: { '/amplify_outputs.json': outputs } } });
  const { page } = await newPage(t, env.browser);
  const seen = [];
  // No AWS from here: answer for Cognito, as Cognito would to an unknown user.
  await page.route('https://cognito-idp.eu-west-1.amazonaws.com/', (route) => {
    seen.push(JSON.parse(route.request().postData()));
    route.fulfill({ status: 400, contentType: 'application/x-amz-json-1.1', headers: { 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify({ __type: 'UserNotFoundException', message: 'User does not exist.' }) });
  });
  await page.goto(server.url);
  await signIn(page, 'someone', 'whatever-Passw0rd');
  await page.getByRole('alert').filter({ hasText: 'username or password is wrong' }).waitFor();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].ClientId, 'amplifyclient123');
  assert.equal(seen[0].AuthFlow, 'USER_SRP_AUTH');
});
