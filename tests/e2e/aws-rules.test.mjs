// The page against a front that answers as AWS does where moto does not
// (scripts/aws-rules.mjs), one rule at a time: each test fails if the code goes back
// to moto's assumption. docs/aws-differences.md names each rule with its source and
// the test below that covers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULES, withScope } from '../../scripts/aws-rules.mjs';
import { useEmulatorAndBrowser, serveDemo, newPage, scanQrCode, freshTotp, totp, awaitTotpStepLeft } from './support.mjs';

const env = useEmulatorAndBrowser();

const TEXT = {
  en: {
    wrongCode: 'That code is not right',
    entryStays: 'the account you added to the app stays valid',
    done: "You're all set",
    smsUntilAdmin: 'They stop when your administrator turns them off for everyone',
    smsOff: 'Text message codes are turned off.',
    scope: 'aws.cognito.signin.user.admin',
  },
  ja: {
    wrongCode: 'コードが正しくありません',
    entryStays: 'アプリに追加したアカウントはそのまま使えます',
    done: '設定が完了しました',
    smsUntilAdmin: '管理者が組織全体でSMSをオフにすると使われなくなります',
    smsOff: 'SMSのコードはオフになりました。',
    scope: 'aws.cognito.signin.user.admin',
  },
};

/** The page in `lang`, driven by its fields' purposes, not its words. */
async function openPage(t, demo, lang = 'en') {
  const { page, bodies } = await newPage(t, env.browser, { locale: lang === 'ja' ? 'ja-JP' : 'en-US' });
  const targets = [];
  page.on('request', (r) => { if (r.method() === 'POST') targets.push(r.headers()['x-amz-target']?.split('.').pop()); });
  const sent = (operation) => targets.filter((t) => t === operation).length;
  await page.goto(demo.server.url);
  await page.locator('input[autocomplete=username]').waitFor();
  const submit = () => page.locator('button[type=submit]').click();
  const signIn = async (username, code = '123456') => {
    await page.locator('input[autocomplete=username]').fill(username);
    await page.locator('input[autocomplete=current-password]').fill(demo.password(username));
    await submit();
    if (code) {
      // moto checks no SMS code; six digits submit by themselves.
      await page.locator('input[autocomplete=one-time-code]').fill(code);
    }
  };
  /** From the account step to the QR code: the secret it carries. */
  const toQr = async () => {
    await page.locator('form button[type=submit]').click();
    return (await scanQrCode(page)).searchParams.get('secret');
  };
  const typeAppCode = async (code) => {
    await page.locator('input[autocomplete=one-time-code]').fill(code);
    await submit();
  };
  const switchBodies = () => bodies.map((b) => JSON.parse(b)).filter((b) => b.SoftwareTokenMfaSettings);
  return { page, bodies, sent, submit, signIn, toQr, typeAppCode, switchBodies };
}

const qrHeading = (page) => page.locator('h2').filter({ hasText: /Add the account to your app|アプリにアカウントを追加/ });

test('docs/aws-differences.md names every rule the front plays, with its source', () => {
  const doc = readFileSync(new URL('../../docs/aws-differences.md', import.meta.url), 'utf8');
  for (const [name, rule] of Object.entries(RULES)) {
    assert.ok(doc.includes(`\`${name}\``), `docs/aws-differences.md lacks the rule ${name}`);
    for (const source of rule.source.split('; ').map((s) => s.split(' (')[0])) {
      assert.ok(doc.includes(source), `docs/aws-differences.md lacks ${name}'s source ${source}`);
    }
  }
});

for (const lang of ['en', 'ja']) {
  test(`${lang}: a mistyped first code, answered as AWS does, asks for the code again on the same secret`, async (t) => {
    const demo = await serveDemo(t, env.moto);
    const { page, sent, signIn, toQr, typeAppCode } = await openPage(t, demo, lang);
    await signIn('demo-sms');
    const secret = await toQr();
    await awaitTotpStepLeft(8);
    const wrong = String((Number(totp(secret)) + 500_000) % 1_000_000).padStart(6, '0');
    await typeAppCode(wrong);
    const alert = page.getByRole('alert').filter({ hasText: TEXT[lang].wrongCode });
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'CodeRejected', "the flow's reading of AWS's answer");
    assert.match(await alert.textContent(), new RegExp(TEXT[lang].entryStays));
    assert.equal(demo.front.stats.rules['verify-code-mismatch-type'], 1, 'the front answered EnableSoftwareTokenMFAException');
    assert.equal(await qrHeading(page).count(), 1, 'still the QR step');
    assert.equal((await scanQrCode(page)).searchParams.get('secret'), secret, 'the same secret: the app entry stays valid');
    await typeAppCode(await freshTotp(secret));
    await page.getByRole('heading', { name: TEXT[lang].done }).waitFor();
    assert.deepEqual([sent('AssociateSoftwareToken'), sent('VerifySoftwareToken')], [1, 2], 'one secret, two codes');
    assert.deepEqual(await demo.mfa('demo-sms'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
  });
}

test('a user without a phone number switches: the switch carries no SMS settings, which AWS would refuse', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const { page, signIn, toQr, typeAppCode, switchBodies } = await openPage(t, demo);
  await signIn('demo-nophone', null);
  const secret = await toQr();
  await typeAppCode(await freshTotp(secret));
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  assert.deepEqual(switchBodies().map((b) => 'SMSMfaSettings' in b), [false]);
  assert.equal(demo.front.stats.rules['sms-settings-need-phone'], 0, 'nothing for the rule to refuse');
  assert.deepEqual(await demo.mfa('demo-nophone'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
  assert.equal(await page.getByText('Text message codes').count(), 0, 'no word about SMS to someone who never had it');
});

test('the rule is real: SMS settings for a user without a phone number are refused as AWS refuses them', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const token = await accessToken(demo, 'demo-nophone');
  const answer = await call(demo, 'SetUserMFAPreference', {
    AccessToken: token, SMSMfaSettings: { Enabled: false, PreferredMfa: false },
  });
  assert.deepEqual([answer.status, answer.json.__type], [400, 'InvalidParameterException']);
  assert.match(answer.json.message, /phone_number/);
});

test('MFA required, first sign-in of a user with no phone: MFA_SETUP switches without SMS settings', async (t) => {
  const demo = await serveDemo(t, env.moto, { required: true });
  const { page, signIn, typeAppCode, switchBodies } = await openPage(t, demo);
  await signIn('demo-required', null);
  const secret = (await scanQrCode(page)).searchParams.get('secret');
  await typeAppCode(await freshTotp(secret));
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  assert.deepEqual(switchBodies().map((b) => 'SMSMfaSettings' in b), [false]);
  assert.deepEqual(await demo.mfa('demo-required'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
});

for (const [variant, lang] of [['keep', 'en'], ['refuse', 'ja'], ['keep', 'ja'], ['refuse', 'en']]) {
  test(`${lang}: MFA required and AWS ${variant === 'keep' ? 'keeps SMS on' : 'refuses to turn SMS off'}: the app becomes preferred and the done page says SMS stays until the administrator turns it off`, async (t) => {
    const demo = await serveDemo(t, env.moto, { required: true, rules: { 'mfa-required-keeps-sms': variant } });
    const { page, signIn, toQr, typeAppCode, switchBodies } = await openPage(t, demo, lang);
    await signIn('demo-required-sms');
    const secret = await toQr();
    await typeAppCode(await freshTotp(secret));
    await page.getByRole('heading', { name: TEXT[lang].done }).waitFor();
    await page.getByText(TEXT[lang].smsUntilAdmin).waitFor();
    assert.equal(await page.getByText(TEXT[lang].smsOff).count(), 0, 'never claims SMS is off');
    assert.equal(demo.front.stats.rules['mfa-required-keeps-sms'], 1);
    assert.equal(demo.front.stats.rules['mfa-required-sms-challenge'], 1, 'asked for the SMS code, not MFA_SETUP');
    const sent = switchBodies().map((b) => b.SMSMfaSettings ?? null);
    assert.deepEqual(sent, variant === 'keep'
      ? [{ Enabled: false, PreferredMfa: false }]
      : [{ Enabled: false, PreferredMfa: false }, null], 'refused: sent again without SMS settings');
    const mfa = await demo.mfa('demo-required-sms');
    assert.equal(mfa.preferred, 'SOFTWARE_TOKEN_MFA');
    assert.deepEqual([...mfa.enabled].sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  });
}

for (const variant of ['keep', 'refuse']) {
  test(`MFA required, a phone number and no factor listed (AWS ${variant === 'keep' ? 'keeps' : 'refuses to turn off'} SMS): the SMS code is asked for, and the done page does not claim SMS is off`, async (t) => {
    const demo = await serveDemo(t, env.moto, { required: true, rules: { 'mfa-required-keeps-sms': variant } });
    const { page, signIn, toQr, typeAppCode, switchBodies } = await openPage(t, demo);
    await signIn('demo-required-phone');
    assert.equal(demo.front.stats.rules['mfa-required-sms-challenge'], 1);
    const secret = await toQr();
    await typeAppCode(await freshTotp(secret));
    await page.getByRole('heading', { name: "You're all set" }).waitFor();
    await page.getByText(TEXT.en.smsUntilAdmin).waitFor();
    const sent = switchBodies().map((b) => b.SMSMfaSettings ?? null);
    const off = { Enabled: false, PreferredMfa: false };
    assert.deepEqual(sent, variant === 'keep' ? [off] : [off, null], 'the sign-in used SMS: it is asked off');
  });
}

/** InitiateAuth through the front, as a host's own sign-in does: the access token. */
async function accessToken(demo, username) {
  const answer = await call(demo, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: demo.config.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: demo.password(username) },
  });
  return answer.json.AuthenticationResult.AccessToken;
}

async function call(demo, operation, body) {
  const response = await fetch(demo.front.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

for (const lang of ['en', 'ja']) {
  test(`${lang}: a host's token without the admin scope gets its own error naming the scope, and no sign-in loop`, async (t) => {
    const demo = await serveDemo(t, env.moto);
    const { page } = await newPage(t, env.browser);
    await page.goto(`${demo.server.url}blank-host-page`);
    const token = withScope(await accessToken(demo, 'demo-none'), 'openid email');
    await page.evaluate(async ({ config, token, lang }) => {
      document.body.innerHTML = '<div id="host"></div>';
      const lib = await import('/pkg/cognito_totp_enroll.js');
      await lib.default();
      window.events = [];
      window.asked = 0;
      lib.mount(document.getElementById('host'), {
        ...config,
        lang,
        accessToken: token,
        getAccessToken: async () => { window.asked += 1; return token; },
        onError: (e) => window.events.push(`error:${e.code}`),
        onSignInRequired: () => window.events.push('signInRequired'),
      });
    }, { config: demo.config, token, lang });
    const alert = page.getByRole('alert').filter({ hasText: TEXT[lang].scope });
    await alert.waitFor();
    assert.equal(await alert.getAttribute('data-code'), 'TokenScope');
    assert.deepEqual(await page.evaluate(() => [window.events, window.asked]), [['error:TokenScope'], 0]);
    assert.ok(demo.front.stats.rules['token-scope'] >= 1);
  });
}

test('an email alias through a client with a secret and USER_PASSWORD_AUTH: every answer names the internal user', async (t) => {
  const demo = await serveDemo(t, env.moto, { alias: true });
  const { page, bodies, signIn, toQr, typeAppCode } = await openPage(t, demo);
  await signIn('alias-sms@example.com');
  const secret = await toQr();
  await typeAppCode(await freshTotp(secret));
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  assert.ok(demo.front.stats.rules['internal-username'] >= 1, 'the challenge named the user by USER_ID_FOR_SRP only');
  const answers = bodies.map((b) => JSON.parse(b)).filter((b) => b.ChallengeName === 'SMS_MFA');
  assert.equal(answers.length, 1);
  assert.match(answers[0].ChallengeResponses.USERNAME, /^[0-9a-f-]{36}$/, 'the internal name, not the email typed');
  assert.deepEqual(await demo.mfa('alias-sms@example.com'), { enabled: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' });
});

test('the rule is real: a SECRET_HASH of the typed alias is refused as AWS refuses it', async (t) => {
  const demo = await serveDemo(t, env.moto, { alias: true });
  const { createHmac } = await import('node:crypto');
  const hash = (name) => createHmac('sha256', demo.config.clientSecret).update(name + demo.config.clientId).digest('base64');
  const email = 'alias-sms@example.com';
  const started = await call(demo, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: demo.config.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: demo.password(email), SECRET_HASH: hash(email) },
  });
  assert.equal(started.json.ChallengeName, 'SMS_MFA');
  assert.equal(started.json.ChallengeParameters.USERNAME, undefined);
  const internal = started.json.ChallengeParameters.USER_ID_FOR_SRP;
  const answer = (name) => call(demo, 'RespondToAuthChallenge', {
    ClientId: demo.config.clientId, ChallengeName: 'SMS_MFA', Session: started.json.Session,
    ChallengeResponses: { USERNAME: name, SMS_MFA_CODE: '123456', SECRET_HASH: hash(name) },
  });
  const typed = await answer(email);
  assert.deepEqual([typed.status, typed.json.message], [400, `Unable to verify secret hash for client ${demo.config.clientId}`]);
  const right = await answer(internal);
  assert.equal(right.status, 200, JSON.stringify(right.json));
});

test('sessions are single-use: an SMS answer whose reply was lost is not taken for a wrong code', async (t) => {
  let answers = 0; // the first is the password claim, the second the SMS code
  const demo = await serveDemo(t, env.moto, {
    fault: (operation) => (operation === 'RespondToAuthChallenge' && ++answers === 2 ? 'lost-answer' : null),
  });
  const { page, signIn } = await openPage(t, demo);
  await signIn('demo-sms');
  // The answer took effect, its reply never came, and the retry's session was spent.
  await page.locator('input[autocomplete=current-password]').waitFor();
  assert.equal(await page.locator('input[autocomplete=username]').inputValue(), 'demo-sms', 'the username is kept');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('data-code'), 'SessionUsed', 'AWS\'s "session can only be used once", named');
  assert.doesNotMatch(await alert.textContent(), /code is not right|password is wrong|took too long/);
  assert.ok(demo.front.stats.rules['single-use-sessions'] >= 1, 'the retry met a used session');
});

test('the rule is real: a session that led to an answer cannot be used again, one never issued is expired', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const started = await call(demo, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: demo.config.clientId,
    AuthParameters: { USERNAME: 'demo-sms', PASSWORD: demo.password('demo-sms') },
  });
  const respond = (session) => call(demo, 'RespondToAuthChallenge', {
    ClientId: demo.config.clientId, ChallengeName: 'SMS_MFA', Session: session,
    ChallengeResponses: { USERNAME: 'demo-sms', SMS_MFA_CODE: '123456' },
  });
  assert.equal((await respond(started.json.Session)).status, 200);
  const again = await respond(started.json.Session);
  assert.deepEqual([again.status, again.json.message], [400, 'Invalid session for the user, session can only be used once.']);
  const unknown = await respond('not-a-session');
  assert.deepEqual([unknown.json.__type, unknown.json.message], ['NotAuthorizedException', 'Invalid session for the user, session is expired.']);
});

test('a code of the step before is accepted, as AWS accepts one step of clock skew', async (t) => {
  const demo = await serveDemo(t, env.moto);
  const { page, signIn, toQr, typeAppCode } = await openPage(t, demo);
  await signIn('demo-sms');
  const secret = await toQr();
  await awaitTotpStepLeft(8);
  await typeAppCode(totp(secret, Math.floor(Date.now() / 1000) - 30));
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  assert.equal(demo.front.stats.rules['totp-one-step-skew'], 1);
});
