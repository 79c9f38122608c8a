// The stand-alone page's entry to its own module (pkg/page_bg.wasm, built without
// the headless API and without what a host page calls: scripts/build.sh). Bundled
// with www/main.js into pkg/main.js; the package's entry is www/lib/index.js.
import { initSync, mountPage, pageTitle } from './page.js';

export { mountPage, pageTitle };

/**
 * Loads the page's module, which index.html preloads: compiled while it downloads,
 * then instantiated. The page does not use wasm-bindgen's own loader, whose
 * argument forms and warnings it never needs (README, "Against the JS peers").
 */
export default async function init() {
  const response = await fetch(new URL('page_bg.wasm', import.meta.url));
  if (!response.ok) throw new Error(`page_bg.wasm: HTTP ${response.status}`);
  // Streaming needs a host that says `application/wasm`, and a browser that has it.
  const streams = typeof WebAssembly.compileStreaming === 'function'
    && /^application\/wasm\b/.test(response.headers.get('Content-Type') ?? '');
  const module = await (streams
    ? WebAssembly.compileStreaming(response)
    : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes)));
  initSync({ module });
}
