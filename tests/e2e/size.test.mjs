// The size budget: a change that makes the page heavier than bench/size-budget.json
// fails here, so size work cannot be undone silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { measurePage } from '../../bench/page-load.mjs';
import { launchChromium } from './support.mjs';

test('the page stays within its size budget', async () => {
  const budget = JSON.parse(readFileSync(new URL('../../bench/size-budget.json', import.meta.url), 'utf8')).brotliBytes;
  const browser = await launchChromium();
  try {
    const { files, total } = await measurePage(browser);
    assert.ok(files.some((f) => f.url.endsWith('.wasm')), 'the module was loaded');
    assert.ok(total.brotli <= budget, `page is ${total.brotli} bytes brotli, budget ${budget} (node bench/compare.mjs)`);
  } finally {
    await browser.close();
  }
});
