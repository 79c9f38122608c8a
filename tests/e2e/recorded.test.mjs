// The paths moto cannot play (SELECT_MFA_TYPE, EMAIL_OTP, an expired session), in the
// real page, against answers recorded in AWS's shape: list parameters as JSON
// strings, masked destinations, Cognito's session-expired error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium, newPage } from './support.mjs';

const ENDPOINT = 'https://cognito-idp.ap-northeast-1.amazonaws.com/';
const CONFIG = { userPoolId: 'ap-northeast-1_Rec0rded', clientId: 'recordedclient1', issuer: 'Recorded' };

let browser;
let server;
before(async () => {
  browser = await launchChromium();
  server = await serve({ config: CONFIG });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Answers Cognito calls in order from `script` ([target, status, body]) and records the requests. */
async function recordedCognito(page, script) {
  const calls = [];
  await page.route(ENDPOINT, (route) => {
    const target = route.request().headers()['x-amz-target'].split('.').pop();
    const body = JSON.parse(route.request().postData());
    calls.push({ target, body });
    const [expected, status, answer] = script.shift() ?? ['(none)', 500, {}];
    assert.equal(target, expected, `call ${calls.length}`);
    route.fulfill({ status, contentType: 'application/x-amz-json-1.1',
      headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(answer) });
  });
  return calls;
}

const VERIFIER = { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: {
  SALT: '8ce8291892390f6b53a245933faf6164',
  SRP_B: '9f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa99',
  SECRET_BLOCK: 'c2VjcmV0LWJsb2NrLWJ5dGVz', USER_ID_FOR_SRP: 'alice', USERNAME: 'alice' } };

test('factor choice, then an email code, then an expired session back to sign-in', async (t) => {
  const { page } = await newPage(t, browser);
  const calls = await recordedCognito(page, [
    ['InitiateAuth', 200, VERIFIER],
    ['RespondToAuthChallenge', 200, { ChallengeName: 'SELECT_MFA_TYPE', Session: 'sel-1',
      ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]', USER_ID_FOR_SRP: 'alice' } }],
    ['RespondToAuthChallenge', 200, { ChallengeName: 'EMAIL_OTP', Session: 'em-1',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***.com' } }],
    ['RespondToAuthChallenge', 400, { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' }],
  ]);
  await page.goto(server.url);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('Passw0rd!');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByRole('heading', { name: 'Choose how to get your sign-in code' }).waitFor();
  await page.getByLabel('Email code').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  // The click returns before its request is out: wait for the step it leads to.
  await page.getByText('We sent an email with a 6-digit code to a***@e***.com.').waitFor();
  assert.deepEqual(calls[2].body.ChallengeResponses, { USERNAME: 'alice', ANSWER: 'EMAIL_OTP' });

  await page.getByLabel('6-digit code').fill('123456'); // six digits submit by themselves
  await page.getByRole('alert').filter({ hasText: /\w/ }).waitFor();
  assert.equal(calls[3].body.ChallengeResponses.EMAIL_OTP_CODE, '123456');

  // The session ran out: back to sign-in, username kept, password not.
  await page.getByRole('alert').filter({ hasText: 'has expired' }).waitFor();
  await page.getByRole('heading', { name: 'Set up an authenticator app' }).waitFor();
  assert.equal(await page.getByLabel('Username').inputValue(), 'alice');
  assert.equal(await page.getByLabel('Password').inputValue(), '');
});

test('a pool without authenticator apps tells the admin what to change', async (t) => {
  const { page } = await newPage(t, browser);
  await recordedCognito(page, [
    ['InitiateAuth', 200, VERIFIER],
    ['RespondToAuthChallenge', 200, { AuthenticationResult: { AccessToken: 'at', ExpiresIn: 3600, TokenType: 'Bearer' } }],
    ['GetUser', 200, { Username: 'alice', UserAttributes: [], UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: 'SMS_MFA' }],
    ['AssociateSoftwareToken', 400, { __type: 'SoftwareTokenMFANotFoundException', message: 'Software Token MFA has not been enabled by the userPool.' }],
  ]);
  await page.goto(server.url);
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('Passw0rd!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await page.getByRole('alert').filter({ hasText: 'An administrator must turn on TOTP' }).waitFor();
});
