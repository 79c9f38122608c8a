// How the stand-alone page loads its module (www/page-entry.js): compiled as it
// streams in, or from its bytes when the host does not say `application/wasm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '../../scripts/serve.mjs';
import { FORM_ONLY_CONFIG } from '../../bench/page-load.mjs';
import { launchChromium } from './support.mjs';

for (const type of ['application/wasm', 'application/octet-stream']) {
  test(`the page reaches its sign-in form when the module is served as ${type}`, async () => {
    const server = await serve({ config: FORM_ONLY_CONFIG, types: { '.wasm': type } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const wasm = page.waitForResponse((r) => r.url().endsWith('.wasm'));
      await page.goto(`${server.url}?lang=en`);
      assert.equal((await wasm).headers()['content-type'], type);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Username').fill('someone');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
