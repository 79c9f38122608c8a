// What people meet on the page: Japanese and English at phone and desktop width,
// axe-core (WCAG 2.2 AA) clean at every step, keyboard-only completion, full-width
// digits, one submit per code, the clock message, the copy button.
//
// SCREENSHOTS=docs writes docs/{lang}-{width}/N-step.png for every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { useEmulatorAndBrowser, freshTotp, totp, serveDemo, newPage, axeClean, scanQrCode } from './support.mjs';

const SHOTS = process.env.SCREENSHOTS;
const TEXT = {
  en: { username: 'Username', password: 'Password', signIn: 'Sign in', code: '6-digit code', setup: 'Set up authenticator app',
    totp: '6-digit code from the app', verify: 'Verify and switch', done: "You're all set", codeTitle: 'Enter your sign-in code',
    account: 'How you sign in now', qr: 'Add the account to your app', wrongCode: 'That code is not right', clock: 'clock',
    copied: 'Key copied', copyFailed: 'Copying did not work', copy: 'Copy key', wrongPassword: 'The username or password is wrong' },
  ja: { username: 'ユーザー名', password: 'パスワード', signIn: 'サインイン', code: '6桁のコード', setup: '認証アプリを設定する',
    totp: 'アプリに表示された6桁のコード', verify: '確認して切り替える', done: '設定が完了しました', codeTitle: '確認コードを入力',
    account: '現在のサインイン方法', qr: 'アプリにアカウントを追加', wrongCode: 'コードが正しくありません', clock: '時計',
    copied: 'キーをコピーしました', copyFailed: 'コピーできませんでした', copy: 'キーをコピー', wrongPassword: 'ユーザー名かパスワードが違' },
};

const env = useEmulatorAndBrowser();

async function openDemo(t, { lang, width = 1280, height = 900, query = `?lang=${lang}`, contextOptions = {} }) {
  const { server, mfa, password, front } = await serveDemo(t, env.moto);
  const { page, bodies } = await newPage(t, env.browser, { viewport: { width, height }, ...contextOptions });
  await page.goto(`${server.url}${query}`);
  await page.getByRole('heading', { level: 2 }).waitFor();
  return { page, bodies, mfa: () => mfa('demo-sms'), password: password('demo-sms'), front };
}

async function signInSms(page, T, password) {
  await page.getByLabel(T.username).fill('demo-sms');
  await page.getByLabel(T.password).fill(password);
  await page.getByRole('button', { name: T.signIn }).click();
  await page.getByRole('heading', { name: T.codeTitle }).waitFor();
}

async function qrSecret(page) {
  return (await scanQrCode(page)).searchParams.get('secret');
}

for (const lang of ['en', 'ja']) {
  for (const width of [360, 1280]) {
    // Phones in dark mode, desktops in light: both colour schemes are checked.
    const colorScheme = width === 360 ? 'dark' : 'light';
    test(`${lang} at ${width} px, ${colorScheme}: every step is axe-clean and the switch completes`, async (t) => {
      const T = TEXT[lang];
      const { page, mfa, password } = await openDemo(t, { lang, width, height: width === 360 ? 780 : 900, contextOptions: { colorScheme } });
      const dir = SHOTS && `${SHOTS}/${lang}-${width}`;
      if (dir) mkdirSync(dir, { recursive: true });
      const step = async (n, name) => {
        await axeClean(page, `${lang}/${width}/${name}`);
        if (dir) await page.screenshot({ path: `${dir}/${n}-${name}.png`, fullPage: true });
      };
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await step(1, 'sign-in');
      await page.getByLabel(T.username).fill('demo-sms');
      await page.getByLabel(T.password).fill('not-the-password');
      await page.getByRole('button', { name: T.signIn }).click();
      await page.getByRole('alert').filter({ hasText: T.wrongPassword }).waitFor();
      await step(7, 'wrong-password');
      await signInSms(page, T, password);
      await step(2, 'sms-code');
      await page.getByLabel(T.code, { exact: true }).fill('123456'); // six digits submit by themselves
      await page.getByRole('heading', { name: T.account }).waitFor();
      await step(3, 'account');
      await page.getByRole('button', { name: T.setup }).click();
      const secret = await qrSecret(page);
      await step(4, 'scan-qr');
      const wrong = String((Number(await freshTotp(secret)) + 1) % 1_000_000).padStart(6, '0');
      await page.getByLabel(T.totp).fill(wrong);
      await page.getByRole('button', { name: T.verify }).click();
      await page.getByRole('alert').filter({ hasText: T.wrongCode }).waitFor();
      await step(5, 'wrong-code');
      await page.getByLabel(T.totp).fill(await freshTotp(secret));
      await page.getByRole('button', { name: T.verify }).click();
      await page.getByRole('heading', { name: T.done }).waitFor();
      await step(6, 'done');
      // The done page speaks to the person: no API or service name (those are for admins).
      assert.doesNotMatch(await page.locator('#enroll').innerText(), /Admin[A-Z]|MFAPreference|Cognito/);
      assert.deepEqual(await mfa(), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
      // Nothing may be wider than the screen at 360 px.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'no horizontal scrolling');
    });
  }
}

test('the language follows the browser unless ?lang= says otherwise', async (t) => {
  const ja = await openDemo(t, { lang: 'ja', query: '', contextOptions: { locale: 'ja-JP' } });
  await ja.page.getByRole('heading', { name: TEXT.ja.signIn }).or(ja.page.getByRole('heading', { name: '認証アプリを設定する' })).first().waitFor();
  assert.equal(await ja.page.evaluate(() => document.documentElement.lang), 'ja');
  const en = await openDemo(t, { lang: 'en', query: '?lang=en', contextOptions: { locale: 'ja-JP' } });
  assert.equal(await en.page.evaluate(() => document.documentElement.lang), 'en');
});

test('keyboard only: the whole switch without a mouse', async (t) => {
  const T = TEXT.en;
  const { page, mfa, password } = await openDemo(t, { lang: 'en' });
  const key = page.keyboard;
  const focusOn = async (predicate, what) => {
    for (let i = 0; i < 15; i++) {
      if (await page.evaluate(predicate)) return;
      await key.press('Tab');
    }
    assert.fail(`Tab never reached ${what}`);
  };
  await focusOn(() => document.activeElement?.autocomplete === 'username', 'the username');
  await key.type('demo-sms');
  await key.press('Tab');
  await key.type(password);
  await key.press('Enter');
  await page.getByRole('heading', { name: T.codeTitle }).waitFor();
  await focusOn(() => document.activeElement?.autocomplete === 'one-time-code', 'the code');
  await key.type('123456');
  await page.getByRole('heading', { name: T.account }).waitFor();
  await focusOn(() => document.activeElement?.textContent === 'Set up authenticator app', 'the setup button');
  await key.press('Enter');
  const secret = await qrSecret(page);
  await focusOn(() => document.activeElement?.autocomplete === 'one-time-code', 'the app code');
  await key.type(await freshTotp(secret));
  await key.press('Enter');
  await page.getByRole('heading', { name: T.done }).waitFor();
  assert.deepEqual(await mfa(), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
});

test('full-width digits and spaces are accepted, and a code is sent once however often it is submitted', async (t) => {
  const T = TEXT.en;
  const { page, password, bodies } = await openDemo(t, { lang: 'en' });
  await signInSms(page, T, password);
  await page.getByLabel(T.code, { exact: true }).fill('１２３ ４５６');
  await page.getByRole('heading', { name: T.account }).waitFor();
  await page.getByRole('button', { name: T.setup }).click();
  const secret = await qrSecret(page);
  const before = bodies.length;
  await page.getByLabel(T.totp).fill(await freshTotp(secret));
  await page.getByLabel(T.totp).press('Enter');
  await page.getByLabel(T.totp).press('Enter').catch(() => {});
  await page.getByRole('button', { name: T.verify }).click({ timeout: 500 }).catch(() => {});
  await page.getByRole('heading', { name: T.done }).waitFor();
  const verifies = bodies.slice(before).filter((b) => b.includes('"UserCode"'));
  assert.equal(verifies.length, 1, 'one VerifySoftwareToken');
});

test('a wrong code from a phone whose clock is off says that the clock is off', async (t) => {
  const T = TEXT.en;
  const skewed = new Date(Date.now() + 150_000); // this device is 2.5 minutes ahead
  const { page, password } = await openDemo(t, { lang: 'en' });
  await page.clock.setFixedTime(skewed);
  await signInSms(page, T, password);
  await page.getByLabel(T.code, { exact: true }).fill('123456');
  await page.getByRole('button', { name: T.setup }).click();
  const secret = await qrSecret(page);
  // The phone, as wrong as this device, shows the code of its own time.
  await page.getByLabel(T.totp).fill(totp(secret, Math.floor(skewed.getTime() / 1000)));
  await page.getByLabel(T.totp).press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'clock of this phone or computer is off by about' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /about 1[45]\d seconds/);
});

test('the copy button copies the key, and says how to copy by hand when it cannot', async (t) => {
  const T = TEXT.en;
  const { page, password } = await openDemo(t, { lang: 'en', contextOptions: { permissions: ['clipboard-read', 'clipboard-write'] } });
  await signInSms(page, T, password);
  await page.getByLabel(T.code, { exact: true }).fill('123456');
  await page.getByRole('button', { name: T.setup }).click();
  const secret = await qrSecret(page);
  await page.getByRole('button', { name: T.copy }).click();
  await page.getByRole('status').filter({ hasText: T.copied }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
  // A browser that refuses the clipboard: the key gets selected for a manual copy.
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); });
  await page.getByRole('button', { name: T.copy }).click();
  await page.getByRole('status').filter({ hasText: T.copyFailed }).waitFor();
  assert.equal((await page.evaluate(() => String(getSelection()))).replace(/\s/g, ''), secret);
});
