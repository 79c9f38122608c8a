// The widget's stylesheet must not style the host page, and must not outweigh it:
// every selector is scoped to .cte (the widget's own element) and sits in :where(),
// so a portal can include widget.css next to its own styles and override any rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

test('every rule of widget.css is scoped to .cte and has no specificity', () => {
  const css = readFileSync(new URL('../../www/widget.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors = [...css.matchAll(/([^{}]+)\{/g)]
    .map((m) => m[1].trim())
    .filter((s) => !s.startsWith('@'))
    .flatMap((s) => s.split(/,(?![^(]*\))/).map((part) => part.trim()));
  assert.ok(selectors.length > 20, `found ${selectors.length} selectors`);
  assert.deepEqual(selectors.filter((s) => !/^:where\(\.cte([\s.:[][^)]*|)\)$/.test(s)), []);
});
