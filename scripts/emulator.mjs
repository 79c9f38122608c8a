// The local Cognito emulator (moto server) for `npm start` and the tests: started on
// 127.0.0.1, seeded with the demo pool by scripts/seed_demo.py, stopped by PID.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, child, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not open port ${port} in ${timeoutMs} ms`);
}

/**
 * Starts moto with TOTP codes checked (MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP).
 * Returns { url, pid, stop }.
 */
export async function startMoto({ port, stableIds = false } = {}) {
  port ??= await freePort();
  // stableIds: pool and client ids are hashes of their names, the same on every
  // start (for `npm start`, so an outside app can keep its settings). Tests keep
  // moto's random ids: they seed many pools of one name into one emulator.
  const ids = stableIds
    ? { MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY: 'HASH', MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY: 'HASH' }
    : {};
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true', ...ids },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  try {
    await waitForPort(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${stderr}`);
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
  return { url: `http://127.0.0.1:${port}/`, pid: child.pid, stop };
}

/** Seeds the demo pools; returns { config, users, required, loadUsers } (see scripts/seed_demo.py). */
export function seedDemo(url, { loadUsers = 0 } = {}) {
  const args = ['scripts/seed_demo.py', url, ...(loadUsers ? ['--load', String(loadUsers)] : [])];
  const out = execFileSync('python3', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out);
}

/**
 * Calls a moto admin operation, e.g. AdminGetUser. moto takes the region from the
 * credential scope and does not check the signature.
 */
export async function adminCall(url, operation, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      Authorization: 'AWS4-HMAC-SHA256 Credential=demo/20260101/ap-northeast-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}
