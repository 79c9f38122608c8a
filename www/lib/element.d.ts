import type { CognitoTotpError, MfaState } from './cognito_totp_enroll.js';

/** The element's events: `detail` as for the widget's `on()`. */
export interface CognitoTotpEnrollEventMap extends Omit<HTMLElementEventMap, 'error' | 'cancel'> {
  enrolled: CustomEvent<MfaState>;
  error: CustomEvent<CognitoTotpError>;
  cancel: CustomEvent<null>;
  signInRequired: CustomEvent<null>;
}

/** `<cognito-totp-enroll>`; importing this module defines it. */
export declare class CognitoTotpEnrollElement extends HTMLElement {
  /** An access token for the signed-in user: the widget skips its sign-in. */
  accessToken: string | undefined;
  /** Called when Cognito refuses the access token: resolves to a fresh one. */
  getAccessToken: (() => Promise<string>) | undefined;
  addEventListener<K extends keyof CognitoTotpEnrollEventMap>(
    type: K,
    listener: (this: CognitoTotpEnrollElement, event: CognitoTotpEnrollEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CognitoTotpEnrollEventMap>(
    type: K,
    listener: (this: CognitoTotpEnrollElement, event: CognitoTotpEnrollEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'cognito-totp-enroll': CognitoTotpEnrollElement;
  }
}
