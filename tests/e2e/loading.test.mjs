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
      const modules = [];
      page.on('response', (r) => { if (r.url().endsWith('.wasm')) modules.push(r.headers()['content-type']); });
      await page.goto(`${server.url}?lang=en`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.getByLabel('Username').fill('someone');
      await page.waitForLoadState('networkidle');
      assert.deepEqual(modules, [type], 'the module is fetched once (the preload), whichever way it compiles');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
