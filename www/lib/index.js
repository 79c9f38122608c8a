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
 *  return the first call's promise. */
export default function init(input) {
  started ??= initModule(input).then((exports) => {
    ready = true;
    return exports;
  });
  return started;
}

/** Loads the WebAssembly module from bytes or a compiled module, synchronously. */
export function initSync(module) {
  const exports = initModuleSync(module);
  ready = true;
  return exports;
}

/** Renders the widget into `element`, replacing a widget already there. */
export function mount(element, options) {
  if (!ready) {
    const error = new Error('cognito-totp-enroll: call `await init()` before mount()');
    error.name = 'CognitoTotpError';
    error.code = 'NotInitialized';
    throw error;
  }
  return new Widget(mountHandle(element, options));
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
