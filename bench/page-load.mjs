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
 * Loads `url` in a fresh context of `browser` until the page marks `form-ready`.
 * Returns { context, page, load: ms from navigation to the mark, transfer: sizes }; the
 * caller closes the context.
 */
export async function loadUntilFormReady(browser, url) {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const sizes = recordTransfer(page);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('form-ready').length > 0);
  const load = await page.evaluate(() => performance.getEntriesByName('form-ready')[0].startTime);
  await page.waitForLoadState('networkidle');
  return { context, page, load, transfer: sizes() };
}

/** `list` starting at its `run`-th entry: each run starts with the next page, so none always follows the same one. */
export const rotated = (list, run) => [...list.slice(run % list.length), ...list.slice(0, run % list.length)];
