// Renames wasm-bindgen's imports and exports in the JS glue to the short names that
// `wasm-opt --minify-imports-and-exports-and-modules` gave them in the module (its
// mapping is the JSON it prints). The long names (`__wbg_setAttribute_2b3d…`) cost
// the page 7 kB raw in the module and 4 kB in the glue (issue #17).
//
//   node scripts/minify-names.mjs <mapping.json> <module.wasm> <glue.js>
import { readFileSync, writeFileSync } from 'node:fs';

const [mappingFile, wasmFile, glueFile] = process.argv.slice(2);
const text = readFileSync(mappingFile, 'utf8');
const mapping = JSON.parse(text.slice(text.indexOf('{')));
let glue = readFileSync(glueFile, 'utf8');
const escape = (name) => name.replace(/[$]/g, '\\$&');

/** Replaces `pattern` in the glue, and fails the build unless it was found `expected` times. */
function replace(pattern, replacement, expected, what) {
  const found = glue.match(pattern)?.length ?? 0;
  if (expected !== undefined && found !== expected) throw new Error(`${what}: found ${found} times, expected ${expected}`);
  glue = glue.replace(pattern, replacement);
}

/** The import module names in the module's import section. */
function importModules(bytes) {
  let p = 8;
  const u32 = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const name = () => { const n = u32(); const v = Buffer.from(bytes.subarray(p, p + n)).toString(); p += n; return v; };
  while (p < bytes.length) {
    const id = bytes[p++];
    const end = u32() + p;
    if (id === 2) {
      const modules = new Set();
      const count = u32();
      for (let i = 0; i < count; i++) {
        modules.add(name());
        name();
        const kind = bytes[p++];
        if (kind === 0) u32();
        else if (kind === 1) { p++; const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 3) p += 2;
      }
      return [...modules];
    }
    p = end;
  }
  return [];
}

const modules = new Set(mapping.imports.map(([module]) => module));
const renamed = importModules(readFileSync(wasmFile));
if (modules.size !== 1 || renamed.length !== 1) throw new Error(`expected one import module, found ${[...modules]} -> ${renamed}`);
replace(new RegExp(`"${[...modules][0].replace(/\./g, '\\.')}":`, 'g'), `"${renamed[0]}":`, 1, 'the import module');
for (const [, from, to] of mapping.imports) replace(new RegExp(`\\b${escape(from)}:`, 'g'), `${to}:`, 1, `import ${from}`);
for (const [from, to] of mapping.exports) replace(new RegExp(`\\bwasm\\.${escape(from)}\\b`, 'g'), `wasm.${to}`, undefined, `export ${from}`);
writeFileSync(glueFile, glue);
