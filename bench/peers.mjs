// The JS peer pages: Vite 7 production builds of bench/pages/<id>.js inside
// bench/pages/peer.html (plain forms, no UI of their own). Shared by compare.mjs and
// floor/run.mjs, so both time the very same pages.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const version = (pkg) => JSON.parse(readFileSync(`${ROOT}node_modules/${pkg}/package.json`, 'utf8')).version;

/** Each peer library by page id. */
export const LIBRARIES = {
  'identity-js': `amazon-cognito-identity-js ${version('amazon-cognito-identity-js')}`,
  amplify: `aws-amplify ${version('aws-amplify')} (auth)`,
};

/** Each peer page by id: its library and the QR package. */
export const PEERS = Object.fromEntries(Object.entries(LIBRARIES).map(([id, lib]) => [id, `${lib} + qrcode ${version('qrcode')}`]));

/** Builds every peer page into `${out}peers/<id>/`. */
export async function buildPeerPages(out) {
  const template = readFileSync(`${ROOT}bench/pages/peer.html`, 'utf8');
  for (const id of Object.keys(PEERS)) {
    const src = `${out}peers-src/${id}/`;
    mkdirSync(src, { recursive: true });
    writeFileSync(`${src}index.html`, template.replace('./PEER.js', `${ROOT}bench/pages/${id}.js`));
    await viteBuild({ root: src, base: './', configFile: false, logLevel: 'warn',
      build: { outDir: `${out}peers/${id}`, emptyOutDir: true } });
  }
}
