// Loading a page as the benchmarks and the size budget do: what the browser downloads
// before the sign-in form is ready (every response, raw, gzip -9 and brotli -q 11), and
// when the page marks `form-ready`.
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { serve } from '../scripts/serve.mjs';

/** A config for a pool the page never calls: enough to load it to its sign-in form. */
export const FORM_ONLY_CONFIG = { userPoolId: 'ap-northeast-1_SizeCheck1', clientId: 'sizecheckclient' };

/** A file's size in bytes: raw, gzip -9 and brotli -q 11. */
export function sizeOf(body) {
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Starts recording `page`'s responses; the returned function sizes what came so far. */
export function recordTransfer(page) {
  const bodies = [];
  page.on('response', async (response) => {
    const body = await response.body().catch(() => null);
    if (body && response.status() === 200) bodies.push({ url: new URL(response.url()).pathname, body });
  });
  return () => {
    const files = bodies.map(({ url, body }) => ({ url, ...sizeOf(body) }));
    const total = (key) => files.reduce((n, f) => n + f[key], 0);
    return { files, total: { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') } };
  };
}

/** Loads our page in `browser`; returns per-file and total sizes in bytes. */
export async function measurePage(browser) {
  const server = await serve({ config: FORM_ONLY_CONFIG });
  try {
    const page = await browser.newPage();
    const sizes = recordTransfer(page);
    await page.goto(`${server.url}?lang=en`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.close();
    return sizes();
  } finally {
    await server.close();
  }
}

/**
 * The profiles a page is loaded with. `slow-phone`: Chromium's CPU throttled 4x and a
 * network of about 1.6 Mbit/s down, 750 kbit/s up and 150 ms round trip, through the
 * DevTools protocol (what Lighthouse calls a slow 4G phone).
 */
export const PROFILES = {
  desktop: null,
  'slow-phone': { cpu: 4, latency: 150, down: 1.6e6 / 8, up: 750e3 / 8 },
};

/**
 * Loads `url` in a fresh context of `browser` until the page marks `form-ready`, with
 * `profile` (a key of PROFILES). Returns { context, page, load: ms from navigation to
 * the mark, transfer: sizes }; the caller closes the context.
 */
export async function loadUntilFormReady(browser, url, profile = 'desktop') {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const slow = PROFILES[profile];
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: slow.latency, downloadThroughput: slow.down, uploadThroughput: slow.up,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slow.cpu });
  }
  const sizes = recordTransfer(page);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('form-ready').length > 0);
  const load = await page.evaluate(() => performance.getEntriesByName('form-ready')[0].startTime);
  await page.waitForLoadState('networkidle');
  return { context, page, load, transfer: sizes() };
}

/** `list` starting at its `run`-th entry: each run starts with the next page, so none always follows the same one. */
export const rotated = (list, run) => [...list.slice(run % list.length), ...list.slice(0, run % list.length)];
