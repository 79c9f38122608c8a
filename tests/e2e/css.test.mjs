// The widget's stylesheet must not style the host page, and must weigh one class
// exactly: scoped to .cte (the widget's own element), with the rest in :where(). So a
// host's element rules (h2, button) do not reach in, and any host rule that names
// .cte wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

test('every rule of widget.css is scoped to .cte, with everything below .cte in :where()', () => {
  const css = readFileSync(new URL('../../www/widget.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors = [...css.matchAll(/([^{}]+)\{/g)]
    .map((m) => m[1].trim())
    .filter((s) => !s.startsWith('@'))
    .flatMap((s) => s.split(/,(?![^(]*\))/).map((part) => part.trim()));
  assert.ok(selectors.length > 20, `found ${selectors.length} selectors`);
  assert.deepEqual(selectors.filter((s) => !/^\.cte(\[data-color-scheme="(dark|light|auto)"\])?( :where\([^()]+\))?$/.test(s)), []);
});
