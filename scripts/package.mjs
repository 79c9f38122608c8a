// `npm run package`: the npm package front-end developers install, built from www/pkg
// (run after scripts/build.sh) into dist/npm/, and packed into dist/ by `npm pack`.
// Prints the tarball's path.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const ROOT = new URL('../', import.meta.url);
const at = (path) => new URL(path, ROOT).pathname;
const cargo = readFileSync(at('Cargo.toml'), 'utf8');
const version = cargo.match(/^version = "([^"]+)"/m)[1];

const FILES = [
  'cognito_totp_enroll.js',
  'cognito_totp_enroll.d.ts',
  'glue.d.ts',
  'cognito_totp_enroll_bg.wasm',
  'element.js',
  'element.d.ts',
  'widget.css',
];

// The module's bytes inlined, for development servers that move the entry away from
// its wasm file (see wasmBesideThisFile in www/lib/index.js); never loaded otherwise.
const INLINED = 'cognito_totp_enroll_bg.wasm.js';

const out = at('dist/npm/');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const file of FILES) cpSync(at(`www/pkg/${file}`), `${out}${file}`);
cpSync(at('www/lib/README.md'), `${out}README.md`);
const base64 = readFileSync(at('www/pkg/cognito_totp_enroll_bg.wasm')).toString('base64');
writeFileSync(
  `${out}${INLINED}`,
  `// The bytes of cognito_totp_enroll_bg.wasm, for development servers only.\nexport default Uint8Array.from(atob('${base64}'), (c) => c.charCodeAt(0));\n`,
);

const manifest = {
  name: 'cognito-totp-enroll',
  version,
  description: 'Switch AWS Cognito users to an authenticator app (TOTP MFA) in the browser: a WebAssembly widget, a custom element and a headless client',
  license: 'MIT OR Apache-2.0',
  type: 'module',
  main: './cognito_totp_enroll.js',
  types: './cognito_totp_enroll.d.ts',
  exports: {
    '.': { types: './cognito_totp_enroll.d.ts', default: './cognito_totp_enroll.js' },
    './element': { types: './element.d.ts', default: './element.js' },
    './widget.css': './widget.css',
    './cognito_totp_enroll_bg.wasm': './cognito_totp_enroll_bg.wasm',
    './package.json': './package.json',
  },
  files: [...FILES, INLINED, 'README.md'],
  // Importing the element module defines <cognito-totp-enroll>; the CSS styles.
  sideEffects: ['./element.js', './widget.css'],
  keywords: ['cognito', 'totp', 'mfa', 'authenticator', 'webassembly', 'custom-element'],
};
writeFileSync(`${out}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);

const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', at('dist/'), out], { encoding: 'utf8' }));
console.log(at(`dist/${packed[0].filename}`));
