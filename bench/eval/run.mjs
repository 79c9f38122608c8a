// Builds each candidate for wasm32 and times it in headless Chromium beside the same
// three exponentiations on JS BigInt (what src/wasm/platform.rs ships).
//   node bench/eval/run.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/e2e/support.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WASM_OPT = fileURLToPath(new URL('../../node_modules/.bin/wasm-opt', import.meta.url));
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const built = {};
for (const feature of ['num', 'cbi', 'acs']) {
  execFileSync('cargo', ['build', '-q', '--release', '--target', 'wasm32-unknown-unknown', '--features', feature,
    '--target-dir', `${HERE}../../target/eval-${feature}`], { cwd: HERE, stdio: 'inherit' });
  const out = `${HERE}../../target/eval-${feature}.wasm`;
  execFileSync(WASM_OPT, ['-Oz', '--strip-debug', '--strip-producers',
    `${HERE}../../target/eval-${feature}/wasm32-unknown-unknown/release/srp_arith_eval.wasm`, '-o', out]);
  built[feature] = readFileSync(out);
}

const browser = await launchChromium();
const page = await browser.newPage();
const timing = await page.evaluate(async ({ num, cbi }) => {
  const N = BigInt('0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF');
  const big = (n, seed) => { let x = 0n; for (let i = 0; i < n; i++) x = (x << 8n) | BigInt((i * 31 + seed) & 255); return x; };
  function modPow(base, exp, m) { // the 4-bit window of src/wasm/platform.rs
    base %= m; const t = [1n, base]; for (let i = 2; i < 16; i++) t.push((t[i - 1] * base) % m);
    let r = 1n; for (const d of exp.toString(16)) { r = r * r % m; r = r * r % m; r = r * r % m; r = r * r % m; const v = parseInt(d, 16); if (v) r = r * t[v] % m; }
    return r;
  }
  const jsWork = () => { const A = modPow(2n, big(32, 7), N); const gx = modPow(2n, big(32, 9), N); return modPow(A + gx, big(64, 3), N); };
  const load = async (b64) => (await WebAssembly.instantiate(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), {})).instance.exports.work;
  const median = (fn) => { const ts = []; for (let i = 0; i < 15; i++) { const s = performance.now(); fn(); ts.push(performance.now() - s); } ts.sort((a, b) => a - b); return ts[7]; };
  return { 'JS BigInt': median(jsWork), 'num-bigint 0.4': median(await load(num)), 'crypto-bigint 0.7': median(await load(cbi)) };
}, { num: built.num.toString('base64'), cbi: built.cbi.toString('base64') });
await browser.close();

console.log('| candidate | wasm bytes (wasm-opt -Oz) | brotli | three exponentiations, median ms |');
console.log('| --- | ---: | ---: | ---: |');
console.log(`| JS BigInt (shipped; a 1 kB JS snippet, no wasm) | 0 | 0 | ${timing['JS BigInt'].toFixed(1)} |`);
console.log(`| num-bigint 0.4 | ${built.num.length} | ${brotli(built.num)} | ${timing['num-bigint 0.4'].toFixed(1)} |`);
console.log(`| crypto-bigint 0.7 | ${built.cbi.length} | ${brotli(built.cbi)} | ${timing['crypto-bigint 0.7'].toFixed(1)} |`);
console.log(`| aws-cognito-srp 0.2.6 (whole crate, with getrandom wasm_js) | ${built.acs.length} | ${brotli(built.acs)} | not timed |`);
