// The floor under issue #7's size and time goals: what the crates the product brief
// fixes weigh before this project adds a line of its own, and how fast a bare page with
// them reaches its form, beside our page and the JS peers in ONE headless Chromium run.
//
//   node bench/floor/run.mjs [runs]     (default 20)
//
// Builds bench/floor (one call into each fixed crate, as src/ makes it) once per crate
// and with all three, with scripts/build.sh's profile and post-processing. Then
// adds what no design of our page can leave out: its own HTML, CSS and JS, and the
// English and Japanese texts (the string literals of src/messages/). Then times
// navigation → `form-ready` for: our page; the bare peer form with the all-crates
// module; the same form with wasm-bindgen alone; the two peer pages.
// Results go to bench/results/floor.md and .json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { launchChromium } from '../../tests/e2e/support.mjs';
import { FORM_ONLY_CONFIG, loadUntilFormReady, rotated, sizeOf } from '../page-load.mjs';
import { percentile } from '../percentile.mjs';
import { PEERS, buildPeerPages } from '../peers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = `${ROOT}target/bench/floor/`;
const RUNS = Number(process.argv[2] ?? 20);
const GOAL = 30_000;
const run = (cmd, args, cwd = ROOT) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

// The last one is the floor: each crate used as little as it can be.
const VARIANTS = {
  'wasm-bindgen alone': [],
  'qrcode, as src/qr.rs (best of 8 masks)': ['qrcode'],
  'qrcode, one fixed mask': ['fixed-mask'],
  'gloo-net': ['gloo-net'],
  'serde-wasm-bindgen': ['serde-wasm-bindgen'],
  'all three, as src/ uses them': ['qrcode', 'gloo-net', 'serde-wasm-bindgen'],
  'all three, one fixed mask': ['fixed-mask', 'gloo-net', 'serde-wasm-bindgen'],
};

/** Builds one variant into `${OUT}<dir>/pkg`; returns the sizes of its module and glue. */
function buildVariant(dir, features) {
  const target = `${OUT}cargo-${dir}`;
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--features', features.join(','),
    '--target-dir', target], `${ROOT}bench/floor`);
  const pkg = `${OUT}${dir}/pkg`;
  run('wasm-bindgen', ['--target', 'web', '--out-dir', pkg, `${target}/wasm32-unknown-unknown/release/brief_floor.wasm`]);
  run('node_modules/.bin/wasm-opt', ['-Oz', '--strip-debug', '--strip-producers', `${pkg}/brief_floor_bg.wasm`, '-o', `${pkg}/brief_floor_bg.wasm`]);
  run('node_modules/.bin/esbuild', [`${pkg}/brief_floor.js`, '--bundle', '--minify', '--format=esm',
    `--outfile=${pkg}/brief_floor.js`, '--allow-overwrite', '--log-level=warning']);
  return { module: sizeOf(readFileSync(`${pkg}/brief_floor_bg.wasm`)), glue: sizeOf(readFileSync(`${pkg}/brief_floor.js`)) };
}

/** The peer pages' plain forms, running the variant's module instead of a library. */
function writeBarePage(dir) {
  const script = `<link rel="preload" href="pkg/brief_floor_bg.wasm" as="fetch" type="application/wasm" crossorigin>
  <script type="module">
    import init, { ready } from './pkg/brief_floor.js';
    await init();
    ready();
    performance.mark('form-ready');
  </script>`;
  const page = readFileSync(`${ROOT}bench/pages/peer.html`, 'utf8').replace('<script type="module" src="./PEER.js"></script>', script);
  if (page.includes('PEER.js')) throw new Error('bench/pages/peer.html no longer loads ./PEER.js');
  writeFileSync(`${OUT}${dir}/index.html`, page);
}

/** The string literals of a Rust file, concatenated: what its texts put in the module. */
function literals(file) {
  const source = readFileSync(`${ROOT}${file}`, 'utf8');
  return Buffer.from([...source.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join(''));
}

const variants = Object.entries(VARIANTS).map(([name, features], i) => ({ name, dir: `v${i}`, ...buildVariant(`v${i}`, features) }));
const floor = variants.at(-1);
const alone = variants[0];
writeBarePage(floor.dir);
writeBarePage(alone.dir);
run('bash', ['scripts/build.sh']);
await buildPeerPages(`${ROOT}target/bench/`);

const ours = ['index.html', 'page.css', 'widget.css', 'main.js'].map((f) => ({ name: `www/${f}`, ...sizeOf(readFileSync(`${ROOT}www/${f}`)) }));
const texts = ['en', 'ja'].map((l) => ({ name: `texts, src/messages/${l}.rs`, ...sizeOf(literals(`src/messages/${l}.rs`)) }));
const floorParts = [
  { name: `module and glue, ${floor.name}`, raw: floor.module.raw + floor.glue.raw, brotli: floor.module.brotli + floor.glue.brotli },
  ...ours, ...texts,
];
const floorBrotli = floorParts.reduce((n, p) => n + p.brotli, 0);

const pages = [
  { name: 'cognito-totp-enroll (Rust/wasm, whole UI)', server: await serve({ config: FORM_ONLY_CONFIG }), query: '?lang=en' },
  { name: 'bare form + the brief\'s crates (no UI, no flow)', server: await serve({ root: `${OUT}${floor.dir}/` }), query: '' },
  { name: 'bare form + wasm-bindgen alone (empty module)', server: await serve({ root: `${OUT}${alone.dir}/` }), query: '' },
  ...await Promise.all(Object.entries(PEERS).map(async ([id, name]) => ({ name, server: await serve({ root: `${ROOT}target/bench/peers/${id}/`, config: FORM_ONLY_CONFIG }), query: '' }))),
];
const browser = await launchChromium();
const chromium = browser.version();
const timings = new Map(pages.map((p) => [p.name, { load: [], transfer: null }]));
try {
  for (let i = -1; i < RUNS; i++) { // run -1 warms the browser up and is not recorded
    for (const p of rotated(pages, Math.max(i, 0))) {
      const { context, load, transfer } = await loadUntilFormReady(browser, `${p.server.url}${p.query}`);
      const t = timings.get(p.name);
      if (i >= 0) t.load.push(load);
      t.transfer ??= transfer.total;
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const p of pages) await p.server.close();
}

const kb = (n) => (n / 1000).toFixed(1);
const ms = (list) => `${percentile(list, 0.5).toFixed(1)} (${percentile(list, 0.1).toFixed(1)}–${percentile(list, 0.9).toFixed(1)})`;
const out = [];
out.push(`Headless Chromium ${chromium}, ${RUNS} runs per page; median (p10–p90) in ms. Command: node bench/floor/run.mjs ${RUNS}`);
out.push('');
out.push('| the brief\'s crates, one call each (bench/floor) | module raw | module brotli | glue brotli | together brotli |');
out.push('| --- | ---: | ---: | ---: | ---: |');
for (const v of variants) out.push(`| ${v.name} | ${v.module.raw} | ${v.module.brotli} | ${v.glue.brotli} | ${v.module.brotli + v.glue.brotli} |`);
out.push('');
out.push('| what any version of our page carries | raw | brotli |');
out.push('| --- | ---: | ---: |');
for (const p of floorParts) out.push(`| ${p.name} | ${p.raw} | ${p.brotli} |`);
out.push(`| **floor, before UI, flow, SRP, JSON or Cognito errors** | | **${floorBrotli}** |`);
out.push(`| goal of issue #7 | | < ${GOAL} |`);
out.push('');
out.push('| page | brotli kB transferred | navigation → form ready |');
out.push('| --- | ---: | ---: |');
for (const [name, t] of timings) out.push(`| ${name} | ${kb(t.transfer.brotli)} | ${ms(t.load)} |`);
console.log(out.join('\n'));
mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(`${ROOT}bench/results/floor.md`, `${out.join('\n')}\n`);
writeFileSync(`${ROOT}bench/results/floor.json`, `${JSON.stringify({
  command: `node bench/floor/run.mjs ${RUNS}`, date: new Date().toISOString(), chromium, goal: GOAL,
  variants, floor: { parts: floorParts, brotli: floorBrotli },
  pages: [...timings].map(([name, t]) => ({ name, transfer: t.transfer, load: { median: percentile(t.load, 0.5), p10: percentile(t.load, 0.1), p90: percentile(t.load, 0.9), runs: t.load.length } })),
}, null, 2)}\n`);
