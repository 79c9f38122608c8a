// The stand-alone page's entry to its own module (pkg/page_bg.wasm, built without
// the headless API and without what a host page calls: scripts/build.sh). Bundled
// with www/main.js into pkg/main.js; the package's entry is www/lib/index.js.
import initModule, { mountPage, pageTitle } from './page.js';

export { mountPage, pageTitle };

/** Loads the page's module, which index.html preloads. */
export default function init() {
  return initModule({ module_or_path: new URL('page_bg.wasm', import.meta.url) });
}
