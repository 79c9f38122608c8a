// <cognito-totp-enroll>: the widget as a custom element. It draws into its own
// shadow root with its own stylesheet, so no class, stylesheet or re-render of the
// host page can break it; the host themes it with the --cte-* custom properties and
// ::part() (widget, title, input, button, cancel, error).
//
//   <cognito-totp-enroll user-pool-id="ap-northeast-1_AbC123" client-id="abc123"
//     issuer="Example Corp" lang="ja" color-scheme="auto"></cognito-totp-enroll>
//   element.accessToken = token;           // signed-in mode: no sign-in form
//   element.getAccessToken = () => ...;    // a fresh token when Cognito refuses it
//   element.addEventListener('enrolled', (e) => e.detail.preferred);
//
// Events (CustomEvent, `detail` as in WidgetEventMap): enrolled and signInRequired
// (bubbling), error and cancel (on the element only, as the native ones). Cancel is
// shown only with `cancelable`. A new `accessToken` for the same person is handed to
// the widget on screen (no new mount, the step stays).
import init, { mount } from './cognito_totp_enroll.js';
// The stylesheet's text, bundled in by scripts/build.sh (esbuild's text loader): no
// URL that a host's bundler could turn into a `data:` URL, which a `style-src 'self'`
// policy refuses; a constructed stylesheet is not a fetch the policy governs.
import STYLES from './widget.css';

let sheet;
/** One constructed stylesheet for every element on the page. */
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

/** The stylesheet into `shadow`: constructed where the browser can (Safari since
 *  16.4, Chromium, Firefox), else the same text in a `<style>`, which a page's
 *  `style-src` must then allow ('unsafe-inline' or the text's hash). */
function adoptStyles(shadow) {
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    shadow.adoptedStyleSheets = [stylesheet()];
  } else {
    shadow.append(Object.assign(document.createElement('style'), { textContent: STYLES }));
  }
}

/** Attributes and the mount option each sets. */
const ATTRIBUTES = {
  'user-pool-id': 'userPoolId',
  'client-id': 'clientId',
  region: 'region',
  issuer: 'issuer',
  'account-label': 'accountLabel',
  'account-label-from': 'accountLabelFrom',
  endpoint: 'endpoint',
  'auth-flow': 'authFlow',
  lang: 'lang',
  'color-scheme': 'colorScheme',
  'return-url': 'returnUrl',
  'return-name': 'returnName',
};
const NUMBERS = { 'request-timeout-ms': 'requestTimeoutMs', 'auth-session-minutes': 'authSessionMinutes' };

export class CognitoTotpEnrollElement extends HTMLElement {
  static observedAttributes = [...Object.keys(ATTRIBUTES), ...Object.keys(NUMBERS), 'disable-sms', 'cancelable'];

  #box;
  #widget;
  #accessToken;
  #getAccessToken;
  /** Counts mounts, so that a mount waiting for init() knows it was superseded. */
  #generation = 0;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    this.#box = document.createElement('div');
    shadow.append(this.#box);
  }

  /** An access token for the signed-in user: the widget skips its sign-in. */
  get accessToken() {
    return this.#accessToken;
  }

  set accessToken(token) {
    const had = this.#accessToken;
    this.#accessToken = token;
    // A renewed token goes to the widget on screen, which keeps its step (and starts
    // again by itself if the token is another person's); a first token, or none, is
    // another mode: a new mount.
    if (had && token && this.#widget) this.#widget.setAccessToken(token);
    else this.#render();
  }

  /** Called when Cognito refuses the access token: resolves to a fresh one. */
  get getAccessToken() {
    return this.#getAccessToken;
  }

  set getAccessToken(fn) {
    if (fn === this.#getAccessToken) return; // the same function: nothing to start again
    this.#getAccessToken = fn;
    this.#render();
  }

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#generation += 1;
    this.#widget?.destroy();
    this.#widget = undefined;
  }

  attributeChangedCallback() {
    this.#render();
  }

  /** Mounts the widget anew with the current attributes and properties. */
  async #render() {
    const generation = ++this.#generation;
    if (!this.isConnected) return;
    await init();
    if (generation !== this.#generation || !this.isConnected) return;
    const options = { accessToken: this.#accessToken, getAccessToken: this.#getAccessToken };
    for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
      if (this.hasAttribute(attribute)) options[option] = this.getAttribute(attribute);
    }
    for (const [attribute, option] of Object.entries(NUMBERS)) {
      if (this.hasAttribute(attribute)) options[option] = Number(this.getAttribute(attribute));
    }
    if (this.hasAttribute('disable-sms')) options.disableSms = this.getAttribute('disable-sms') !== 'false';
    // `error` and `cancel` do not bubble, as the native events of those names do: a
    // page's window error handlers and <dialog> code never mistake them for their own.
    const send = (type, bubbles) => (detail) => this.dispatchEvent(new CustomEvent(type, { detail, bubbles, composed: bubbles }));
    options.onEnrolled = send('enrolled', true);
    options.onError = send('error', false);
    options.onSignInRequired = send('signInRequired', true);
    if (this.hasAttribute('cancelable')) options.onCancel = send('cancel', false);
    try {
      // mount replaces the widget already in the box.
      this.#widget = mount(this.#box, options);
    } catch (error) {
      this.#widget = undefined;
      this.#box.replaceChildren();
      send('error', false)(error);
    }
  }
}

if (!customElements.get('cognito-totp-enroll')) {
  customElements.define('cognito-totp-enroll', CognitoTotpEnrollElement);
}
