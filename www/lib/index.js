// The module's public entry (built into pkg/cognito_totp_enroll.js, the glue bundled
// in). The wasm glue (glue.js, from wasm-bindgen) does the work;
// this file adds what its generated classes cannot: a `Widget` whose `free()` and
// `Symbol.dispose` do what `destroy()` does (and any of them twice does nothing),
// and a clear error for `mount` before `init()`.
import initModule, { initSync as initModuleSync, mount as mountHandle } from './glue.js';

export * from './glue.js';

let started;
let ready = false;

/** Loads the WebAssembly module; call (and await) once before `mount`. Later calls
 *  return the first call's promise. Without `input`, the module's file beside this
 *  one. */
export default function init(input) {
  started ??= initModule(input ?? { module_or_path: wasmBesideThisFile() }).then((exports) => {
    ready = true;
    return exports;
  });
  return started;
}

/**
 * The module's file beside this one, or, when a development server moved this file
 * without it, the same bytes from the package's inlined copy. Vite's dev server does
 * so: it pre-bundles dependencies into node_modules/.vite/deps and answers the wasm's
 * URL there with its HTML page. Production builds (Vite, webpack) and plain
 * `<script type="module">` find the file, and never load the inlined copy.
 */
async function wasmBesideThisFile() {
  const url = new URL('cognito_totp_enroll_bg.wasm', import.meta.url);
  const response = await fetch(url).catch(() => undefined);
  if (response?.ok && !response.headers.get('content-type')?.includes('text/html')) return response;
  const inlined = await import('./cognito_totp_enroll_bg.wasm.js').catch(() => undefined);
  // Without the inlined copy (www/pkg has none; only the npm package does), the
  // fetch's own failure.
  return inlined ? inlined.default : response ?? fetch(url);
}

/** Loads the WebAssembly module from bytes or a compiled module, synchronously. */
export function initSync(module) {
  const exports = initModuleSync(module);
  ready = true;
  return exports;
}

/** Renders the widget into `element`, replacing a widget already there. */
export function mount(element, options) {
  if (!ready) throw failure('NotInitialized', 'call `await init()` before mount()');
  if (!(element instanceof Element)) {
    throw Object.assign(failure('ConfigError', 'mount() needs an element (got ' + element + ')'), { field: 'element' });
  }
  return new Widget(mountHandle(element, options));
}

function failure(code, message) {
  const error = new Error(`cognito-totp-enroll: ${message}`);
  error.name = 'CognitoTotpError';
  error.code = code;
  return error;
}

/** A mounted widget. */
export class Widget {
  #handle;

  constructor(handle) {
    this.#handle = handle;
  }

  on(event, handler) {
    this.#handle?.on(event, handler);
    return this;
  }

  off(event, handler) {
    this.#handle?.off(event, handler);
    return this;
  }

  setAccessToken(token) {
    // Not a token (undefined while a host's session loads): nothing to hand over.
    if (typeof token === 'string') this.#handle?.setAccessToken(token);
    return this;
  }

  destroy() {
    const handle = this.#handle;
    this.#handle = undefined;
    if (handle) {
      handle.destroy();
      handle.free();
    }
  }

  free() {
    this.destroy();
  }
}

if (Symbol.dispose) Widget.prototype[Symbol.dispose] = Widget.prototype.destroy;
