// The public entry's declarations; the data types come from the glue's declarations.
import type { InitInput, InitOutput, MountOptions, SyncInitInput, WidgetEventMap } from './glue.js';

export * from './glue.js';

/** Loads the WebAssembly module; await it once before `mount`. */
export default function init(
  input?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput>;

/** Loads the WebAssembly module from bytes or a compiled module, synchronously. */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * Renders the enrollment widget into `element` (in a child element of its own; the
 * element's attributes are left alone), replacing a widget already there.
 * Throws a `CognitoTotpError`: `NotInitialized` before `init()` resolved,
 * `ConfigError` (with `field`) for an option to fix; nothing is sent before.
 */
export function mount(element: Element, options: MountOptions): Widget;

/** A mounted widget. */
export declare class Widget {
  private constructor();
  /** Calls `handler` on `event`. */
  on<K extends keyof WidgetEventMap>(event: K, handler: (detail: WidgetEventMap[K]) => void): this;
  /** Stops calling `handler` on `event`. */
  off<K extends keyof WidgetEventMap>(event: K, handler: (detail: WidgetEventMap[K]) => void): this;
  /**
   * Hands over the host's renewed access token without a new mount: the step on
   * screen stays and the next call carries it. A token of another person (another
   * `sub`) starts again with that person's account; the first token given to a
   * widget mounted without one starts signed-in mode.
   */
  setAccessToken(token: string): this;
  /** Removes the widget, restores the element's children, aborts what is on its way
   *  (nothing more is sent) and drops every secret. */
  destroy(): void;
  /** The same as `destroy()`; so is `[Symbol.dispose]()`, where the browser has it
   *  (not declared here, so that hosts need no `esnext.disposable` lib). */
  free(): void;
}
