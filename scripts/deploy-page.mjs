// The stand-alone page as an admin uploads it: `npm run page -- --config my-config.json`
// (after the build, which `npm run page` runs) writes dist/page/ with the page, its
// module, the settings as config.json, and the pool's Cognito endpoint written into
// index.html's Content-Security-Policy, so that a host that sends no headers (a
// plain S3 website) still pins where the page may connect. Beside it, `_headers`
// (Netlify, Cloudflare Pages) sends the full policy with frame-ancestors; the README
// has the same headers for CloudFront and nginx (docs/headers/).
//
//   node scripts/deploy-page.mjs --config my-config.json [--out dist/page]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cognitoOrigin, headerPolicy, withMetaPolicy } from './page-csp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILES = ['page.css', 'pkg/main.js', 'pkg/page_bg.wasm', 'pkg/widget.css'];

function arg(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const configPath = arg('config');
if (!configPath) {
  console.error('usage: node scripts/deploy-page.mjs --config my-config.json [--out dist/page]');
  process.exit(2);
}
const out = path.resolve(arg('out', path.join(ROOT, 'dist/page')));
const settings = JSON.parse(readFileSync(configPath, 'utf8'));
const origin = cognitoOrigin(settings);
if (!origin) {
  console.error(`${configPath}: no userPoolId (or region) to find the Cognito endpoint from`);
  process.exit(2);
}
if (!origin.startsWith('https://cognito-idp.') && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(origin)) {
  console.warn(`warning: the endpoint ${origin} is not Cognito's regional endpoint; the page will send every sign-in there`);
}

mkdirSync(path.join(out, 'pkg'), { recursive: true });
const html = readFileSync(path.join(ROOT, 'www/index.html'), 'utf8');
writeFileSync(path.join(out, 'index.html'), withMetaPolicy(html, origin));
for (const file of FILES) copyFileSync(path.join(ROOT, 'www', file), path.join(out, file));
writeFileSync(path.join(out, 'config.json'), `${JSON.stringify(settings, null, 2)}\n`);
writeFileSync(path.join(out, '_headers'), [
  '/*',
  `  Content-Security-Policy: ${headerPolicy(origin)}`,
  '  X-Frame-Options: DENY',
  '  X-Content-Type-Options: nosniff',
  '  Referrer-Policy: no-referrer',
  '/config.json',
  '  Cache-Control: max-age=60',
  '',
].join('\n'));
console.log(`dist: ${path.relative(process.cwd(), out) || '.'}/ (index.html allows ${origin}; _headers for Netlify and Cloudflare Pages)`);
