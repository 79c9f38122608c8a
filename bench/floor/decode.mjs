// Issue #13: should Cognito's answers be decoded with JSON.parse and serde-derived
// types through serde-wasm-bindgen, as the brief's crates suggest, instead of the
// hand-written JSON reader? Adopted only if the page grows by no more than 3 kB
// brotli. Builds bench/floor three ways, with scripts/build.sh's profile and
// post-processing, and prints what each weighs:
//   - serde-wasm-bindgen alone (the floor both variants stand on);
//   - decode-hand: src/json.rs and src/cognito/types.rs as they are;
//   - decode-serde: the same answers through JSON.parse + serde_wasm_bindgen::from_value
//     into serde-derived structs (the JSON reader stays for config.json, as in src/).
//
//   node bench/floor/decode.mjs        (results in bench/results/decode.md and .json)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sizeOf } from '../page-load.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = `${ROOT}target/bench/floor/`;
const BUDGET = 3000;
const run = (cmd, args, cwd = ROOT) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

function build(name, features) {
  const target = `${OUT}cargo-${name}`;
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--features', features, '--target-dir', target], `${ROOT}bench/floor`);
  const pkg = `${OUT}${name}/pkg`;
  run('wasm-bindgen', ['--target', 'web', '--out-dir', pkg, `${target}/wasm32-unknown-unknown/release/brief_floor.wasm`]);
  run('node_modules/.bin/wasm-opt', ['-Oz', '--strip-debug', '--strip-producers', `${pkg}/brief_floor_bg.wasm`, '-o', `${pkg}/brief_floor_bg.wasm`]);
  run('node_modules/.bin/esbuild', [`${pkg}/brief_floor.js`, '--bundle', '--minify', '--format=esm',
    `--outfile=${pkg}/brief_floor.js`, '--allow-overwrite', '--log-level=warning']);
  const module = sizeOf(readFileSync(`${pkg}/brief_floor_bg.wasm`));
  const glue = sizeOf(readFileSync(`${pkg}/brief_floor.js`));
  return { name, features, module, glue, brotli: module.brotli + glue.brotli };
}

const variants = [
  build('decode-base', 'serde-wasm-bindgen'),
  build('decode-hand', 'decode-hand'),
  build('decode-serde', 'decode-serde'),
];
const [base, hand, serde] = variants;
const growth = serde.brotli - hand.brotli;
const out = [
  'Command: node bench/floor/decode.mjs (bench/floor, scripts/build.sh\'s profile and post-processing)',
  '',
  '| variant | module raw | module brotli | glue brotli | together brotli | over the base |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...variants.map((v) => `| ${v.name} (${v.features}) | ${v.module.raw} | ${v.module.brotli} | ${v.glue.brotli} | ${v.brotli} | ${v.brotli - base.brotli} |`),
  '',
  `Decoding with serde instead of the hand-written readers: ${growth >= 0 ? '+' : ''}${growth} bytes brotli ` +
    `(budget +${BUDGET}): ${growth <= BUDGET ? 'within it' : 'over it, not adopted'}.`,
];
console.log(out.join('\n'));
mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(`${ROOT}bench/results/decode.md`, `${out.join('\n')}\n`);
writeFileSync(`${ROOT}bench/results/decode.json`, `${JSON.stringify({ command: 'node bench/floor/decode.mjs', date: new Date().toISOString(), budget: BUDGET, growth, variants }, null, 2)}\n`);
