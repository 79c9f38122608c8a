// The token operations an Amplify v6 portal (issue #25) calls and moto lacks or breaks,
// played by the front as AWS does (scripts/aws-rules.mjs): GetTokensFromRefreshToken,
// GlobalSignOut and RevokeToken. The real aws-amplify package signs in through the
// front; what each token can still do is then asked of the front directly. Each rule
// is also switched off, to show that it is what makes its test pass.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Amplify } from 'aws-amplify';
import { signIn, confirmSignIn, fetchAuthSession, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { startMoto, seedDemo, adminCall } from '../../scripts/emulator.mjs';
import { startSrpFront } from '../../scripts/srp-front.mjs';
import { jwtClaims } from '../../scripts/aws-rules.mjs';

let moto;
before(async () => { moto = await startMoto(); });
after(async () => { await moto?.stop(); });

const REVOKED_ACCESS = ['NotAuthorizedException', 'Access Token has been revoked'];
const REVOKED_REFRESH = ['NotAuthorizedException', 'Refresh Token has been revoked'];
const SMS_CODE = '123456'; // moto checks no SMS code
const NEVER_ISSUED = '0e9c4cb4-6a2c-4d0e-9d2b-000000000000'; // shaped as moto's refresh tokens

const passwordsOf = (users) => Object.fromEntries(Object.entries(users).map(([u, { password }]) => [u, password]));

/** A fresh demo behind the front (`rules` switches its rules), and Amplify configured
 *  for its "demo" pool, keeping its tokens where the test can read them. */
async function serveFront(t, rules) {
  const demo = seedDemo(moto.url);
  const front = await startSrpFront({
    motoUrl: moto.url,
    pools: [demo, demo.alias].map((p) => ({ poolId: p.config.userPoolId, clientId: p.config.clientId, passwords: passwordsOf(p.users) })),
    rules,
  });
  t.after(() => front.close());
  Amplify.configure({
    Auth: { Cognito: { userPoolId: demo.config.userPoolId, userPoolClientId: demo.config.clientId, userPoolEndpoint: front.url } },
  });
  const stored = new Map(); // after configure, which sets its own storage
  cognitoUserPoolsTokenProvider.setKeyValueStorage({
    setItem: async (key, value) => { stored.set(key, value); },
    getItem: async (key) => stored.get(key) ?? null,
    removeItem: async (key) => { stored.delete(key); },
    clear: async () => { stored.clear(); },
  });
  const call = async (operation, body) => {
    const response = await fetch(front.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : {}; } catch { /* moto's HTML 500 */ }
    return { status: response.status, json, refusal: json && [json.__type, json.message] };
  };
  const clientId = demo.config.clientId;
  return {
    demo,
    front,
    call,
    password: (username) => demo.users[username].password,
    /** The refresh token Amplify keeps for the signed-in user. */
    amplifyRefreshToken: () => [...stored].find(([key]) => key.endsWith('.refreshToken'))?.[1],
    accessToken: async () => (await fetchAuthSession()).tokens.accessToken.toString(),
    getUser: (accessToken) => call('GetUser', { AccessToken: accessToken }),
    refresh: (refreshToken) => call('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: refreshToken }),
    refreshByInitiateAuth: (refreshToken) =>
      call('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
  };
}

/** Amplify's sign-in of demo-sms: SRP, then an SMS code. */
async function amplifySignIn(served) {
  const first = await signIn({ username: 'demo-sms', password: served.password('demo-sms') });
  assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
  const done = await confirmSignIn({ challengeResponse: SMS_CODE });
  assert.equal(done.nextStep.signInStep, 'DONE');
}

/** Another sign-in of the same user, elsewhere (USER_PASSWORD_AUTH and the SMS code): its tokens. */
async function otherSignIn(served, { clientId = served.demo.config.clientId, username = 'demo-sms', password, secret } = {}) {
  const hash = (name) => secret && createHmac('sha256', secret).update(name + clientId).digest('base64');
  const started = await served.call('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password ?? served.password(username), ...(secret && { SECRET_HASH: hash(username) }) },
  });
  assert.equal(started.json.ChallengeName, 'SMS_MFA', JSON.stringify(started.json));
  const name = started.json.ChallengeParameters.USERNAME ?? started.json.ChallengeParameters.USER_ID_FOR_SRP;
  const answered = await served.call('RespondToAuthChallenge', {
    ClientId: clientId, ChallengeName: 'SMS_MFA', Session: started.json.Session,
    ChallengeResponses: { USERNAME: name, SMS_MFA_CODE: SMS_CODE, ...(secret && { SECRET_HASH: hash(name) }) },
  });
  assert.equal(answered.status, 200, JSON.stringify(answered.json));
  return answered.json.AuthenticationResult;
}

test('Amplify refreshes with GetTokensFromRefreshToken, answered as AWS does: the new access token works', async (t) => {
  const served = await serveFront(t);
  await amplifySignIn(served);
  const before = await served.accessToken();
  const refreshed = (await fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString();
  assert.notEqual(refreshed, before, 'a new access token');
  const user = await served.getUser(refreshed);
  assert.deepEqual([user.status, user.json.Username], [200, 'demo-sms']);
  assert.equal(served.front.stats.rules['refresh-token-operation'], 1, "Amplify's refresh went through the rule");
  assert.equal(jwtClaims(refreshed).origin_jti, jwtClaims(before).origin_jti, 'issued from the same refresh token');

  const answer = await served.refresh(served.amplifyRefreshToken());
  assert.equal(answer.status, 200);
  assert.deepEqual(Object.keys(answer.json), ['AuthenticationResult']);
  assert.deepEqual(Object.keys(answer.json.AuthenticationResult).sort(), ['AccessToken', 'ExpiresIn', 'IdToken', 'TokenType'],
    'no RefreshToken: there is no rotation');
  assert.equal(answer.json.AuthenticationResult.TokenType, 'Bearer');
});

test('a refresh token never issued is "Invalid Refresh Token", at GetTokensFromRefreshToken and REFRESH_TOKEN_AUTH alike', async (t) => {
  const served = await serveFront(t);
  assert.deepEqual((await served.refresh(NEVER_ISSUED)).refusal, ['NotAuthorizedException', 'Invalid Refresh Token']);
  assert.deepEqual((await served.refreshByInitiateAuth(NEVER_ISSUED)).refusal, ['NotAuthorizedException', 'Invalid Refresh Token']);
});

test('the rule is real: without refresh-token-operation, moto has no GetTokensFromRefreshToken and Amplify cannot refresh', async (t) => {
  const served = await serveFront(t, { 'refresh-token-operation': false });
  await amplifySignIn(served);
  const answer = await served.refresh(served.amplifyRefreshToken());
  assert.deepEqual([answer.status, answer.json], [500, null], "moto's HTML error page");
  await assert.rejects(fetchAuthSession({ forceRefresh: true }), /not valid JSON/, "Amplify's refresh fails on it");
  assert.deepEqual((await served.refreshByInitiateAuth(NEVER_ISSUED)).refusal, REVOKED_REFRESH,
    'and moto calls a token it never issued revoked');
  assert.equal(served.front.stats.rules['refresh-token-operation'], 0);
});

test("Amplify's global sign-out revokes all the user's tokens, as AWS does; a new sign-in works", async (t) => {
  const served = await serveFront(t);
  await amplifySignIn(served);
  const amplifyAccess = await served.accessToken();
  const elsewhere = await otherSignIn(served);
  await signOut({ global: true });
  assert.equal(served.front.stats.rules['global-sign-out'], 1, 'GlobalSignOut answered by the rule');

  for (const accessToken of [amplifyAccess, elsewhere.AccessToken]) {
    assert.deepEqual((await served.getUser(accessToken)).refusal, REVOKED_ACCESS);
  }
  const old = elsewhere.AccessToken;
  assert.deepEqual((await served.call('AssociateSoftwareToken', { AccessToken: old })).refusal, REVOKED_ACCESS);
  assert.deepEqual((await served.call('VerifySoftwareToken', { AccessToken: old, UserCode: '123456' })).refusal, REVOKED_ACCESS);
  assert.deepEqual((await served.call('SetUserMFAPreference', {
    AccessToken: old, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  })).refusal, REVOKED_ACCESS);
  assert.deepEqual((await served.call('GlobalSignOut', { AccessToken: old })).refusal, REVOKED_ACCESS);
  assert.deepEqual((await served.refresh(elsewhere.RefreshToken)).refusal, REVOKED_REFRESH);
  assert.deepEqual((await served.refreshByInitiateAuth(elsewhere.RefreshToken)).refusal, REVOKED_REFRESH);

  await amplifySignIn(served);
  const fresh = await served.accessToken();
  assert.equal((await served.getUser(fresh)).status, 200, 'a sign-in after the sign-out works');
  const refreshed = (await fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString();
  assert.equal((await served.getUser(refreshed)).status, 200, 'and so does its refresh');
});

test('the rule is real: without global-sign-out, moto refuses GlobalSignOut and the tokens stay valid', async (t) => {
  const served = await serveFront(t, { 'global-sign-out': false });
  const tokens = await otherSignIn(served);
  const answer = await served.call('GlobalSignOut', { AccessToken: tokens.AccessToken });
  assert.deepEqual([answer.status, answer.json.__type], [400, 'NotAuthorizedException']);
  assert.equal((await served.getUser(tokens.AccessToken)).status, 200);
  assert.equal((await served.refresh(tokens.RefreshToken)).status, 200);
  assert.equal(served.front.stats.rules['global-sign-out'], 0);
});

test("Amplify's sign-out revokes its refresh token and the access tokens issued from it, no other sign-in's", async (t) => {
  const served = await serveFront(t);
  await amplifySignIn(served);
  const signedIn = await served.accessToken();
  const refreshed = (await fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString();
  const refreshToken = served.amplifyRefreshToken();
  const elsewhere = await otherSignIn(served);
  await signOut(); // RevokeToken, as the access token carries origin_jti
  assert.equal(served.front.stats.rules['revoke-token'], 1, 'RevokeToken answered by the rule');

  assert.deepEqual((await served.refresh(refreshToken)).refusal, REVOKED_REFRESH);
  assert.deepEqual((await served.refreshByInitiateAuth(refreshToken)).refusal, REVOKED_REFRESH);
  for (const accessToken of [signedIn, refreshed]) {
    assert.deepEqual((await served.getUser(accessToken)).refusal, REVOKED_ACCESS);
  }
  assert.deepEqual((await served.call('GlobalSignOut', { AccessToken: signedIn })).refusal, REVOKED_ACCESS);
  assert.equal((await served.getUser(elsewhere.AccessToken)).status, 200, "the other sign-in's tokens are untouched");
  assert.equal((await served.refresh(elsewhere.RefreshToken)).status, 200);

  const revoke = (token) => served.call('RevokeToken', { ClientId: served.demo.config.clientId, Token: token });
  assert.deepEqual([(await revoke(refreshToken)).status, (await revoke(refreshToken)).json], [200, {}], 'again: {}');
  assert.deepEqual((await revoke(NEVER_ISSUED)).json, {}, 'never issued: {}');
  assert.equal((await revoke(elsewhere.AccessToken)).json.__type, 'UnsupportedTokenTypeException');
  assert.equal((await served.getUser(elsewhere.AccessToken)).status, 200, 'an access token is not revoked by RevokeToken');
});

test('the rule is real: without revoke-token, moto has no RevokeToken and the refresh token stays valid', async (t) => {
  const served = await serveFront(t, { 'revoke-token': false });
  const tokens = await otherSignIn(served);
  const answer = await served.call('RevokeToken', { ClientId: served.demo.config.clientId, Token: tokens.RefreshToken });
  assert.equal(answer.status, 500, "moto's HTML error page");
  assert.equal((await served.refresh(tokens.RefreshToken)).status, 200);
  assert.equal((await served.getUser(tokens.AccessToken)).status, 200);
  assert.equal(served.front.stats.rules['revoke-token'], 0);
});

test('an app client with a secret: GetTokensFromRefreshToken and RevokeToken ask for it', async (t) => {
  const served = await serveFront(t);
  const { clientId, clientSecret } = served.demo.alias.config;
  const email = 'alias-sms@example.com';
  const tokens = await otherSignIn(served, { clientId, username: email, password: served.demo.alias.users[email].password, secret: clientSecret });
  const refresh = (secret) => served.call('GetTokensFromRefreshToken', {
    ClientId: clientId, RefreshToken: tokens.RefreshToken, ...(secret && { ClientSecret: secret }),
  });
  assert.deepEqual((await refresh()).refusal,
    ['NotAuthorizedException', `Client ${clientId} is configured for secret but secret was not received`]);
  assert.equal((await refresh('wrong-secret-wrong-secret')).json.__type, 'NotAuthorizedException');
  const refreshed = await refresh(clientSecret);
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.json));
  assert.equal((await served.getUser(refreshed.json.AuthenticationResult.AccessToken)).status, 200);

  const revoke = (secret) => served.call('RevokeToken', { ClientId: clientId, Token: tokens.RefreshToken, ...(secret && { ClientSecret: secret }) });
  assert.equal((await revoke()).json.__type, 'UnauthorizedException');
  assert.equal((await refresh(clientSecret)).status, 200, 'a refused RevokeToken revokes nothing');
  assert.deepEqual((await revoke(clientSecret)).json, {});
  assert.deepEqual((await refresh(clientSecret)).refusal, REVOKED_REFRESH);
  assert.deepEqual((await served.getUser(refreshed.json.AuthenticationResult.AccessToken)).refusal, REVOKED_ACCESS);
});

test('a refresh token of another app client is refused at GetTokensFromRefreshToken and not revoked by RevokeToken', async (t) => {
  const served = await serveFront(t);
  const tokens = await otherSignIn(served);
  const { clientId, clientSecret } = served.demo.alias.config;
  const elsewhere = { ClientId: clientId, ClientSecret: clientSecret };
  assert.deepEqual((await served.call('GetTokensFromRefreshToken', { ...elsewhere, RefreshToken: tokens.RefreshToken })).refusal,
    ['NotAuthorizedException', 'Invalid Refresh Token']);
  assert.deepEqual((await served.call('RevokeToken', { ...elsewhere, Token: tokens.RefreshToken })).json, {});
  assert.equal((await served.refresh(tokens.RefreshToken)).status, 200, 'still valid for its own client');
});

test('an app client without token revocation answers RevokeToken with UnsupportedOperationException', async (t) => {
  const served = await serveFront(t);
  const { userPoolId, clientId } = served.demo.config;
  await adminCall(moto.url, 'UpdateUserPoolClient', { UserPoolId: userPoolId, ClientId: clientId, EnableTokenRevocation: false });
  const tokens = await otherSignIn(served);
  const answer = await served.call('RevokeToken', { ClientId: clientId, Token: tokens.RefreshToken });
  assert.equal(answer.json.__type, 'UnsupportedOperationException');
  assert.equal((await served.refresh(tokens.RefreshToken)).status, 200, 'nothing revoked');
});
