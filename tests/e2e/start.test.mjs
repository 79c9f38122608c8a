// `npm start`'s demo is a fixed point for apps outside this repository (issue #15):
// the same ports and the same pool and app client ids on every start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/emulator.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the endpoint answers a demo user's sign-in: a token when the pool is there. */
async function signIn(config) {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.clientId,
      AuthParameters: { USERNAME: 'demo-none', PASSWORD: 'Demo-Passw0rd!' },
    }),
  }).catch((error) => ({ ok: false, status: error.cause?.code }));
  return response.ok ? Boolean((await response.json()).AuthenticationResult) : response.status;
}

/** Runs scripts/start.mjs on the given ports until its page serves config.json;
 *  returns that config and what it printed, and stops it. */
async function startOnce(ports) {
  const child = spawn('node', ['scripts/start.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(ports.page), COGNITO_PORT: String(ports.cognito), MOTO_PORT: String(ports.moto) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.on('data', (chunk) => { printed += chunk; });
  child.stderr.on('data', (chunk) => { printed += chunk; });
  try {
    const deadline = Date.now() + 60_000;
    while (!printed.includes('Press Ctrl-C')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`start.mjs did not come up:\n${printed}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const config = await (await fetch(`http://127.0.0.1:${ports.page}/config.json`)).json();
    return { config, printed, signIn: await signIn(config) };
  } finally {
    await new Promise((exited) => {
      if (child.exitCode !== null) return exited();
      child.once('exit', exited);
      child.kill('SIGTERM');
    });
  }
}

test('npm start serves the same pool, app client and endpoint on every start, on the ports it is given', async () => {
  const ports = { page: await freePort(), cognito: await freePort(), moto: await freePort() };
  const first = await startOnce(ports);
  const second = await startOnce(ports);
  assert.equal(first.config.endpoint, `http://127.0.0.1:${ports.cognito}/`);
  assert.deepEqual(second.config, first.config, 'the same settings after a restart');
  assert.match(first.printed, new RegExp(`pool ${first.config.userPoolId}, app client ${first.config.clientId}`));
  assert.deepEqual([first.signIn, second.signIn], [true, true], 'the pool answers at the endpoint after each start');
  assert.equal(await signIn(first.config), 'ECONNREFUSED', 'and start.mjs stopped the emulator with itself');
});
