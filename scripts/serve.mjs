// A small static server for www/ on 127.0.0.1. `config` (an object), when given, is
// served as /config.json, so the local page points at the emulator without writing
// into www/. `variants` maps a path prefix to another config: `/required/` serves the
// same page with that config. `files` serves extra JSON documents by path.
// index.html's meta Content-Security-Policy gets the Cognito endpoint of the page's
// settings, as scripts/deploy-page.mjs writes it for a real host.
import http from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cognitoOrigin, withMetaPolicy } from './page-csp.mjs';

const WWW = fileURLToPath(new URL('../www/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serves www/ (or `root`). Returns { url, close }. Port 0 picks a free one.
 * `types` overrides the Content-Type by extension (`{ '.wasm': ... }`).
 * `compress`: brotli (quality 11, as a static host precompresses) for clients that
 * accept it, so a throttled network carries what a real host would send.
 * `pageEndpoint`: the endpoint index.html's policy allows, as the admin deployed it;
 * by default the one the served settings name; `false` serves the page without the
 * meta policy (a development page that takes its endpoint from a link).
 */
export function serve({ port = 0, config, variants = {}, files = {}, root = WWW, headers = {}, compress = false, types = {}, pageEndpoint } = {}) {
  const compressed = new Map();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = decodeURIComponent(url.pathname);
    let pageConfig = config;
    for (const [prefix, variant] of Object.entries(variants)) {
      if (file.startsWith(prefix)) {
        file = file.slice(prefix.length - 1);
        pageConfig = variant;
      }
    }
    if (file.endsWith('/')) file += 'index.html';
    const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers };
    const document = file === '/config.json' && pageConfig ? pageConfig : files[file];
    if (document) {
      res.writeHead(200, { ...common, 'Content-Type': TYPES['.json'] });
      return res.end(JSON.stringify(document));
    }
    const full = path.join(root, path.normalize(file));
    if (!full.startsWith(root)) {
      res.writeHead(403, common);
      return res.end();
    }
    try {
      let body = await readFile(full);
      let key = full; // what the compressed copy is kept under
      if (root === WWW && path.basename(full) === 'index.html') {
        const origin = pageEndpoint === false ? false
          : pageEndpoint ? new URL(pageEndpoint).origin
            : cognitoOrigin(pageConfig ?? files['/amplify_outputs.json']);
        body = Buffer.from(withMetaPolicy(body.toString('utf8'), origin));
        key = `${full} ${origin}`;
      }
      const type = { ...common, 'Content-Type': { ...TYPES, ...types }[path.extname(full)] ?? 'application/octet-stream' };
      if (compress && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!compressed.has(key)) {
          compressed.set(key, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
        body = compressed.get(key);
        type['Content-Encoding'] = 'br';
      }
      res.writeHead(200, type);
      res.end(body);
    } catch {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
