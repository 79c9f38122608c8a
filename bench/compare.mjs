// Our page side by side with the JS peers, in ONE headless Chromium run.
//
//   node bench/compare.mjs [runs]     (default 10; needs `npm run build` tooling, see README)
//
// Builds: our page as shipped (scripts/build.sh), our module with the `bench` entry
// points, and two peer pages for the same job with Vite 7 production builds
// (bench/pages/: amazon-cognito-identity-js + qrcode, aws-amplify auth + qrcode, with
// plain forms and no UI of their own). Then measures, taking the pages in turn, each
// run starting with the next one:
//   - transfer: every response until the sign-in form takes input (raw, gzip, brotli);
//   - load: navigation start to the `form-ready` performance mark (ours: the widget is
//     mounted; peers: their bundle has loaded and run), on two profiles: this
//     machine as it is (desktop), and a slow phone (CPU 4x slower, about 1.6 Mbit/s
//     down and 150 ms round trip, bench/page-load.mjs). Every page is served with
//     brotli, as a static host serves it;
//   - switch: a complete SMS-to-TOTP switch against moto behind the SRP-checking front,
//     from the Sign in click to the done message, each run with a fresh SMS user (moto
//     keeps asking for the app code once a user had TOTP, even after an admin reset);
//   - SRP: the client side of one sign-in (A, then the password claim);
//   - QR: an otpauth:// URI to SVG.
// Medians with p10 and p90; results go to bench/results/compare.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { startMoto, seedDemo, adminCall } from '../scripts/emulator.mjs';
import { startSrpFront } from '../scripts/srp-front.mjs';
import { launchChromium, totp, awaitTotpStepLeft } from '../tests/e2e/support.mjs';
import { loadUntilFormReady, rotated, PROFILES } from './page-load.mjs';
import { percentile } from './percentile.mjs';
import { LIBRARIES, PEERS, buildPeerPages } from './peers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}target/bench/`;
const RUNS = Number(process.argv[2] ?? 10);
const MICRO_RUNS = 30;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const OURS = 'cognito-totp-enroll (Rust/wasm, whole UI)';

async function buildAll() {
  run('bash', ['scripts/build.sh']);
  // Our module with the bench entry points, for the micro benchmarks only.
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--features', 'bench', '--target-dir', 'target/bench/cargo']);
  run('wasm-bindgen', ['--target', 'web', '--out-dir', `${OUT}micro/pkg`, 'target/bench/cargo/wasm32-unknown-unknown/release/cognito_totp_enroll.wasm']);
  run('node_modules/.bin/wasm-opt', ['-Oz', `${OUT}micro/pkg/cognito_totp_enroll_bg.wasm`, '-o', `${OUT}micro/pkg/cognito_totp_enroll_bg.wasm`]);
  run('node_modules/.bin/esbuild', ['bench/micro-peers.js', '--bundle', '--minify', '--format=iife', '--platform=browser',
    '--define:global=globalThis', `--outfile=${OUT}micro/peers.js`, '--log-level=warning']);
  writeFileSync(`${OUT}micro/index.html`, '<!doctype html><meta charset="utf-8"><script src="peers.js"></script>');
  await buildPeerPages(OUT);
}

const stats = (list) => ({
  median: percentile(list, 0.5), p10: percentile(list, 0.1), p90: percentile(list, 0.9), runs: list.length,
});

/** Our page, driven as the e2e tests drive it; returns the time from the Sign in click. */
async function switchOurs(page, user, password) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  const start = performance.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('6-digit code').fill('123456');
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const secret = (await page.locator('.cte-secret').textContent()).replace(/\s/g, '');
  await page.getByLabel('6-digit code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('heading', { name: "You're all set" }).waitFor();
  return performance.now() - start;
}

/** A peer page (bench/pages/peer.html); stops at the first error it shows. */
async function switchPeer(page, user, password) {
  const reach = async (selector) => {
    await page.locator(`${selector}, #error:not(:empty)`).first().waitFor();
    const error = await page.locator('#error').textContent();
    if (error) throw new Error(`peer page: ${error}`);
  };
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  const start = performance.now();
  await page.locator('#signin button').click();
  await reach('#sms:not([hidden])');
  await page.locator('#smscode').fill('123456');
  await page.locator('#sms button').click();
  await reach('#qr svg');
  const secret = await page.locator('#secret').textContent();
  await page.locator('#appcode').fill(totp(secret));
  await page.locator('#totp button').click();
  await reach('#done:not([hidden])');
  return performance.now() - start;
}

async function micro(browser, server) {
  const vectors = JSON.parse(readFileSync(`${ROOT}tests/fixtures/srp_vectors.json`, 'utf8')).vectors.slice(0, 8);
  const page = await browser.newPage();
  await page.goto(server.url);
  const result = await page.evaluate(async ({ vectors, runs, names }) => {
    const ours = await import('./pkg/cognito_totp_enroll.js');
    await ours.default();
    const args = (v) => [v.poolName, v.userId, v.password, v.salt, v.srpB, v.secretBlock];
    const srp = {
      [names.ours]: async (v) => ours.benchSrpClient(...args(v)),
      [names['identity-js']]: (v) => window.identityJsSrpClient(...args(v)),
      [names.amplify]: (v) => window.amplifySrpClient(...args(v)),
    };
    const uri = 'otpauth://totp/Demo%20Corp%3Ademo-sms?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP&issuer=Demo%20Corp';
    const qr = {
      [names.ours]: async () => ours.benchQrSvg(uri),
      'qrcode (both peers)': () => window.qrcodeSvg(uri),
    };
    const time = async (contenders, check) => {
      const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
      for (let i = -3; i < runs; i++) {
        for (const [name, fn] of Object.entries(contenders)) {
          const start = performance.now();
          const out = await fn(vectors[(i + 3) % vectors.length]);
          const elapsed = performance.now() - start;
          check(name, out);
          if (i >= 0) times[name].push(elapsed);
        }
      }
      return times;
    };
    return {
      srp: await time(srp, (name, s) => { if (typeof s !== 'string' || s.length !== 44) throw new Error(`${name} gave ${s}`); }),
      qr: await time(qr, (name, s) => { if (!s.includes('<svg')) throw new Error(`${name} gave no SVG`); }),
    };
  }, { vectors, runs: MICRO_RUNS, names: { ours: 'cognito-totp-enroll', ...LIBRARIES } });
  await page.close();
  const rows = (times) => Object.entries(times).map(([name, list]) => ({ name, ...stats(list) }));
  return { srp: rows(result.srp), qr: rows(result.qr) };
}

await buildAll();
const moto = await startMoto();
const servers = [];
const started = (server) => { servers.push(server); return server; };
let browser;
try {
  const pages = [];
  const demo = seedDemo(moto.url, { loadUsers: RUNS * 3 });
  const { usernames, password } = demo.loadUsers;
  const passwords = Object.fromEntries(usernames.map((u) => [u, password]));
  const front = started(await startSrpFront({ motoUrl: moto.url, pools: [{ poolId: demo.config.userPoolId, clientId: demo.config.clientId, passwords }] }));
  const config = { ...demo.config, endpoint: front.url };
  pages.push({ name: OURS, server: started(await serve({ config, compress: true })), drive: switchOurs, query: '?lang=en' });
  for (const [id, name] of Object.entries(PEERS)) {
    pages.push({ name, server: started(await serve({ root: `${OUT}peers/${id}/`, config, compress: true })), drive: switchPeer, query: '' });
  }
  const microServer = started(await serve({ root: `${OUT}micro/` }));
  browser = await launchChromium();
  const chromium = browser.version();

  // One unrecorded load of each page first: the browser's first page pays for its own
  // start-up (fonts, caches), whichever page that is.
  for (const p of pages) await (await loadUntilFormReady(browser, `${p.server.url}${p.query}`)).context.close();
  const results = new Map(pages.map((p) => [p.name, { transfer: null, load: [], slow: [], switch: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const p of rotated(pages, i)) {
      const { context, page, load, transfer } = await loadUntilFormReady(browser, `${p.server.url}${p.query}`);
      const r = results.get(p.name);
      r.transfer ??= transfer;
      r.load.push(load);
      await awaitTotpStepLeft(10); // so a timed switch never straddles two steps
      const user = usernames.pop();
      r.switch.push(await p.drive(page, user, password));
      const after = await adminCall(moto.url, 'AdminGetUser', { UserPoolId: demo.config.userPoolId, Username: user });
      if (after.PreferredMfaSetting !== 'SOFTWARE_TOKEN_MFA' || after.UserMFASettingList.includes('SMS_MFA')) {
        throw new Error(`${p.name} left ${user} with ${JSON.stringify(after.UserMFASettingList)}`);
      }
      await context.close();
      const phone = await loadUntilFormReady(browser, `${p.server.url}${p.query}`, 'slow-phone');
      r.slow.push(phone.load);
      await phone.context.close();
    }
    process.stderr.write(`run ${i + 1}/${RUNS}\n`);
  }
  const { srp, qr } = await micro(browser, microServer);

  const kb = (n) => (n / 1000).toFixed(1);
  const ms = (s) => `${s.median.toFixed(1)} (${s.p10.toFixed(1)}–${s.p90.toFixed(1)})`;
  const rows = [...results].map(([name, r]) => ({ name, transfer: r.transfer, load: stats(r.load), slow: stats(r.slow), switch: stats(r.switch) }));
  const out = [];
  out.push(`Headless Chromium ${chromium}, ${RUNS} runs per page (load, switch) and ${MICRO_RUNS} (SRP, QR); median (p10–p90) in ms.`);
  out.push(`Command: node bench/compare.mjs ${RUNS}`);
  out.push('');
  const slowProfile = PROFILES['slow-phone'];
  out.push(`Slow phone: CPU ${slowProfile.cpu}x slower, ${(slowProfile.down * 8 / 1e6).toFixed(1)} Mbit/s down, ${slowProfile.latency} ms round trip (Chromium DevTools protocol). Pages served with brotli.`);
  out.push('');
  out.push('| page | files | raw kB | gzip kB | brotli kB | form ready, desktop | form ready, slow phone | complete switch |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const t = r.transfer.total;
    out.push(`| ${r.name} | ${r.transfer.files.length} | ${kb(t.raw)} | ${kb(t.gzip)} | ${kb(t.brotli)} | ${ms(r.load)} | ${ms(r.slow)} | ${ms(r.switch)} |`);
  }
  out.push('');
  out.push('| SRP client computation (A + claim) | ms |');
  out.push('| --- | ---: |');
  for (const r of srp) out.push(`| ${r.name} | ${ms(r)} |`);
  out.push('');
  out.push('| QR to SVG | ms |');
  out.push('| --- | ---: |');
  for (const r of qr) out.push(`| ${r.name} | ${ms(r)} |`);
  const [oursRow, identityJs] = rows;
  const ratio = (key) => oursRow[key].median / identityJs[key].median;
  const fastestPeerSwitch = Math.min(...rows.slice(1).map((r) => r.switch.median));
  const goals = {
    'page at most 60 kB brotli (issue #17)': oursRow.transfer.total.brotli <= 60_000,
    [`form ready at most 1.2x identity-js on the desktop profile (${ratio('load').toFixed(2)}x)`]: ratio('load') <= 1.2,
    [`form ready at most 1.2x identity-js on the slow-phone profile (${ratio('slow').toFixed(2)}x)`]: ratio('slow') <= 1.2,
    'SRP at least 5x faster than amazon-cognito-identity-js': srp[1].median / srp[0].median >= 5,
    [`complete switch faster than both peers (${(fastestPeerSwitch / oursRow.switch.median).toFixed(1)}x)`]: oursRow.switch.median < fastestPeerSwitch,
    'QR no slower than the qrcode package': qr[0].median <= qr[1].median,
  };
  out.push('');
  out.push(`SRP speed-up over amazon-cognito-identity-js: ${(srp[1].median / srp[0].median).toFixed(1)}x, over Amplify: ${(srp[2].median / srp[0].median).toFixed(1)}x`);
  for (const [goal, met] of Object.entries(goals)) out.push(`goal: ${goal}: ${met ? 'met' : 'NOT met'}`);
  console.log(out.join('\n'));
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/compare.json`, `${JSON.stringify({
    command: `node bench/compare.mjs ${RUNS}`, date: new Date().toISOString(), chromium, pages: rows, srp, qr, goals,
  }, null, 2)}\n`);
  writeFileSync(`${ROOT}bench/results/compare.md`, `${out.join('\n')}\n`);
} finally {
  await browser?.close();
  for (const s of servers) await s.close();
  await moto.stop();
}
