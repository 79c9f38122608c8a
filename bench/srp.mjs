// SRP client computation in headless Chromium: this crate (the shipped code paths,
// built with the `bench` feature for an entry point) against amazon-cognito-identity-js,
// in the same browser run, alternating, on the same challenges.
//
//   node bench/srp.mjs [runs]        (default 30 runs each, after 3 warm-up runs)
//
// One run is the whole client side of a sign-in: a random a, A, and the password
// claim (u, x, S, HKDF, HMAC signature). Results go to bench/results/srp.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { launchChromium } from '../tests/e2e/support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}target/bench/`;
const RUNS = Number(process.argv[2] ?? 30);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

// Ours: the release profile and wasm-opt of the shipped build, plus the bench entry.
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--features', 'bench', '--target-dir', 'target/bench/cargo']);
run('wasm-bindgen', ['--target', 'web', '--out-dir', 'target/bench/pkg', 'target/bench/cargo/wasm32-unknown-unknown/release/cognito_totp_enroll.wasm']);
run('node_modules/.bin/wasm-opt', ['-Oz', 'target/bench/pkg/cognito_totp_enroll_bg.wasm', '-o', 'target/bench/pkg/cognito_totp_enroll_bg.wasm']);
// The peer, bundled for the browser.
run('node_modules/.bin/esbuild', ['bench/peer-srp.js', '--bundle', '--minify', '--format=iife', '--platform=browser', '--define:global=globalThis', '--outfile=target/bench/peer.js', '--log-level=warning']);
mkdirSync(OUT, { recursive: true });
writeFileSync(`${OUT}index.html`, '<!doctype html><meta charset="utf-8"><script src="peer.js"></script>');

const vectors = JSON.parse(readFileSync(`${ROOT}tests/fixtures/srp_vectors.json`, 'utf8')).vectors.slice(0, 8);
const server = await serve({ root: OUT });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  const result = await page.evaluate(async ({ vectors, runs }) => {
    const ours = await import('./pkg/cognito_totp_enroll.js');
    await ours.default();
    const args = (v) => [v.poolName, v.userId, v.password, v.salt, v.srpB, v.secretBlock];
    const contenders = {
      'cognito-totp-enroll (Rust/wasm, JS BigInt)': (v) => ours.benchSrpClient(...args(v)),
      'amazon-cognito-identity-js 6.3.21': (v) => window.peerSrpClient(...args(v)),
    };
    const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    for (let i = -3; i < runs; i++) {
      for (const [name, fn] of Object.entries(contenders)) {
        const v = vectors[(i + 3) % vectors.length];
        const start = performance.now();
        const signature = fn(v);
        const elapsed = performance.now() - start;
        if (typeof signature !== 'string' || signature.length !== 44) throw new Error(`${name} gave ${signature}`);
        if (i >= 0) times[name].push(elapsed);
      }
    }
    return { times, userAgent: navigator.userAgent };
  }, { vectors, runs: RUNS });

  const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const rows = Object.entries(result.times).map(([name, list]) => {
    const s = [...list].sort((a, b) => a - b);
    return { name, median: q(s, 0.5), p10: q(s, 0.1), p90: q(s, 0.9), runs: s.length };
  });
  const [ours, peer] = rows;
  const browserVersion = browser.version();
  console.log(`SRP client computation (A + password claim), headless Chromium ${browserVersion}, ${RUNS} runs each`);
  console.log('| library | median ms | p10 ms | p90 ms |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(1)} | ${r.p10.toFixed(1)} | ${r.p90.toFixed(1)} |`);
  console.log(`speed-up of the median: ${(peer.median / ours.median).toFixed(1)}x`);
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/srp.json`, `${JSON.stringify({
    command: `node bench/srp.mjs ${RUNS}`, date: new Date().toISOString(), chromium: browserVersion, rows,
    speedup: peer.median / ours.median,
  }, null, 2)}\n`);
} finally {
  await browser.close();
  await server.close();
}
