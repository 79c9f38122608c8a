// A rollout: many users switch at once while Cognito throttles. Bounded in count and
// time, loopback only: moto, the SRP-checking front (which answers a share of all
// calls with TooManyRequestsException), and headless Chromium pages that each run
// EnrollmentClient for their share of the users, as hosts with their own UI would.
//
//   node bench/load.mjs [enrollments=200] [pages=8] [throttle share=0.15] [users=50]
//
// moto slows down as a pool grows, so `users` users enroll in rounds: after each
// round every user's end state is checked through moto's admin API and then reset to
// SMS for the next round. Reports completions, throttled calls, retries the people
// had to make, p50/p95 time per enrollment, and users left without a working factor
// (must be 0). Results go to bench/results/load.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startMoto, seedDemo, adminCall } from '../scripts/emulator.mjs';
import { serve } from '../scripts/serve.mjs';
import { startSrpFront } from '../scripts/srp-front.mjs';
import { launchChromium } from '../tests/e2e/support.mjs';
import { percentile } from './percentile.mjs';

const ENROLLMENTS = Number(process.argv[2] ?? 200);
const PAGES = Number(process.argv[3] ?? 8);
const THROTTLE = Number(process.argv[4] ?? 0.15);
const USERS = Math.min(ENROLLMENTS, Number(process.argv[5] ?? 50));
const ROUNDS = Math.ceil(ENROLLMENTS / USERS);
const DEADLINE_MS = 10 * 60 * 1000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const moto = await startMoto();
let front;
let server;
let browser;
try {
  const started = Date.now();
  const demo = seedDemo(moto.url, { loadUsers: USERS });
  console.log(`seeded ${USERS} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const { usernames, password } = demo.loadUsers;
  let throttled = 0;
  front = await startSrpFront({
    motoUrl: moto.url,
    pools: [{ poolId: demo.config.userPoolId, clientId: demo.config.clientId, passwords: Object.fromEntries(usernames.map((u) => [u, password])) }],
    fault: () => {
      if (Math.random() >= THROTTLE) return null;
      throttled += 1;
      return 'throttle';
    },
  });
  server = await serve({ root: `${ROOT}www/`, config: { ...demo.config, endpoint: front.url } });
  browser = await launchChromium();
  const shares = Array.from({ length: PAGES }, (_, i) => usernames.filter((_, j) => j % PAGES === i));
  const pages = await Promise.all(shares.map(async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}examples/headless.html`);
    return page;
  }));
  const results = [];
  let broken = 0;
  let switched = 0;
  const runStart = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    results.push(...(await Promise.all(pages.map((page, i) => enrollAll(page, shares[i])))).flat());
    // The end state of every user, through moto's admin API; then back to SMS.
    for (const username of usernames) {
      const user = await adminCall(moto.url, 'AdminGetUser', { UserPoolId: demo.config.userPoolId, Username: username });
      const enabled = user.UserMFASettingList ?? [];
      if (enabled.includes('SOFTWARE_TOKEN_MFA') && user.PreferredMfaSetting === 'SOFTWARE_TOKEN_MFA') switched += 1;
      else if (!enabled.includes('SMS_MFA')) broken += 1;
      await adminCall(moto.url, 'AdminSetUserMFAPreference', { UserPoolId: demo.config.userPoolId, Username: username,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true }, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } });
    }
    console.log(`round ${round + 1}/${ROUNDS}: ${results.filter((r) => r.ok).length} enrollments so far`);
  }
  const wall = (Date.now() - runStart) / 1000;

  function enrollAll(page, share) {
    return page.evaluate(async ({ share, password, config, deadline }) => {
      const { default: init, EnrollmentClient } = await import('../pkg/cognito_totp_enroll.js');
      await init();
      const base32 = (text) => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
        let bits = 0; let acc = 0; const out = [];
        for (const c of text) { acc = ((acc << 5) | alphabet.indexOf(c)) & 0xffff; bits += 5; if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 0xff); } }
        return new Uint8Array(out);
      };
      const totp = async (secret) => {
        const key = await crypto.subtle.importKey('raw', base32(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
        const counter = new DataView(new ArrayBuffer(8));
        counter.setBigUint64(0, BigInt(Math.floor(Date.now() / 30000)));
        const d = new Uint8Array(await crypto.subtle.sign('HMAC', key, counter.buffer));
        const o = d[19] & 15;
        return String((((d[o] & 127) << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3]) % 1e6).padStart(6, '0');
      };
      const pause = (ms) => new Promise((r) => setTimeout(r, ms));
      const out = [];
      for (const username of share) {
        const start = performance.now();
        let retries = 0;
        // A person goes on after a message: the same step again, after a pause.
        const attempt = async (fn) => {
          for (;;) {
            try { return await fn(); } catch (e) {
              if (Date.now() > deadline || retries > 30 || e.code === 'OutOfOrder') throw e;
              retries += 1;
              await pause(200 + Math.random() * 300);
            }
          }
        };
        try {
          const client = new EnrollmentClient(config);
          let step = await attempt(() => client.signIn(username, password));
          // SMS: moto checks no code. After a reset moto still asks verified users for
          // their app's code: moto's one TOTP secret.
          if (step.step === 'challengeCode') {
            const channel = step.channel;
            step = await attempt(async () => client.answerChallenge(channel === 'totp' ? await totp('ASDFASDFASDF') : '123456'));
          }
          for (let i = 0; step.step !== 'done' && i < 10; i++) {
            if (step.step !== 'scanQr') step = await attempt(() => client.beginTotpSetup());
            if (step.step === 'scanQr') {
              const secret = step.secret;
              try {
                step = await attempt(async () => client.verifyTotp(await totp(secret), 'load'));
              } catch {
                // As the widget does after a failure: read the account; the switch may
                // have taken effect although an answer after it was lost.
                step = await attempt(() => client.readAccount());
                if (step.mfa?.preferred === 'SOFTWARE_TOKEN_MFA') step = { step: 'done', mfa: step.mfa };
              }
            }
          }
          out.push({ username, ok: step.step === 'done', ms: performance.now() - start, retries });
        } catch (e) {
          out.push({ username, ok: false, ms: performance.now() - start, retries, error: e.code ?? String(e) });
        }
      }
      return out;
    }, { share, password, config: { ...demo.config, endpoint: front.url }, deadline: Date.now() + DEADLINE_MS });
  }

  const times = results.filter((r) => r.ok).map((r) => r.ms);
  const q = (p) => percentile(times, p);
  const summary = {
    command: `node bench/load.mjs ${ENROLLMENTS} ${PAGES} ${THROTTLE} ${USERS}`,
    date: new Date().toISOString(),
    enrollments: results.length, users: USERS, rounds: ROUNDS, pages: PAGES, throttleShare: THROTTLE,
    completed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).map((r) => `${r.username}: ${r.error}`),
    switchedInMoto: switched,
    leftWithoutFactor: broken,
    throttledCalls: throttled,
    retriesByPeople: results.reduce((n, r) => n + r.retries, 0),
    p50ms: Math.round(q(0.5)), p95ms: Math.round(q(0.95)),
    wallSeconds: Math.round(wall),
  };
  console.log(JSON.stringify(summary, null, 2));
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/load.json`, `${JSON.stringify(summary, null, 2)}\n`);
  if (broken > 0) process.exitCode = 1;
} finally {
  await browser?.close();
  await server?.close();
  await front?.close();
  await moto.stop();
}
