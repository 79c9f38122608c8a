// The SRP front is only as good as its checks: amazon-cognito-identity-js, the
// reference client, must sign in through it, and a wrong password must not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startMoto, seedDemo } from '../../scripts/emulator.mjs';
import { startSrpFront, timestampProblem } from '../../scripts/srp-front.mjs';

const require = createRequire(import.meta.url);
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = require('amazon-cognito-identity-js');

let moto;
before(async () => { moto = await startMoto(); });
after(async () => { await moto?.stop(); });

async function withFront(t) {
  const demo = seedDemo(moto.url);
  const passwords = Object.fromEntries(Object.entries(demo.users).map(([u, { password }]) => [u, password]));
  const front = await startSrpFront({
    motoUrl: moto.url,
    pools: [{ poolId: demo.config.userPoolId, clientId: demo.config.clientId, passwords }],
  });
  t.after(() => front.close());
  return { demo, front, password: passwords['demo-sms'] };
}

/** Signs in with amazon-cognito-identity-js; resolves with the outcome. */
function referenceSignIn(demo, endpoint, password) {
  const pool = new CognitoUserPool({ UserPoolId: demo.config.userPoolId, ClientId: demo.config.clientId, endpoint });
  const user = new CognitoUser({ Username: 'demo-sms', Pool: pool });
  return new Promise((resolve) => {
    const callbacks = {
      onSuccess: () => resolve('signed in'),
      onFailure: (error) => resolve(error.code ?? error.name),
      mfaRequired: () => user.sendMFACode('123456', callbacks), // moto checks no SMS code
    };
    user.authenticateUser(new AuthenticationDetails({ Username: 'demo-sms', Password: password }), callbacks);
  });
}

test('amazon-cognito-identity-js signs in through the SRP front', async (t) => {
  const { demo, front, password } = await withFront(t);
  assert.equal(await referenceSignIn(demo, front.url, password), 'signed in');
  assert.deepEqual({ verified: front.stats.verified, rejected: front.stats.rejected }, { verified: 1, rejected: 0 });
});

test('the SRP front rejects a wrong password as Cognito does', async (t) => {
  const { demo, front } = await withFront(t);
  assert.equal(await referenceSignIn(demo, front.url, 'Wrong-Passw0rd!'), 'NotAuthorizedException');
  assert.deepEqual(front.stats.problems, ['wrong PASSWORD_CLAIM_SIGNATURE']);
});

test('the SRP front checks the TIMESTAMP format and clock', () => {
  const at = Date.UTC(2025, 0, 6, 9, 5, 3);
  assert.equal(timestampProblem('Mon Jan 6 09:05:03 UTC 2025', at), null);
  assert.match(timestampProblem('Mon Jan 06 09:05:03 UTC 2025', at), /malformed/, 'zero-padded day');
  assert.match(timestampProblem('Tue Jan 6 09:05:03 UTC 2025', at), /weekday/);
  assert.match(timestampProblem('Mon Jan 6 09:05:03 UTC 2025', at + 3600_000), /not now/);
});
