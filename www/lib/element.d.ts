import type { CognitoTotpError, MfaState } from './cognito_totp_enroll.js';

/** `<cognito-totp-enroll>`; importing this module defines it. */
export declare class CognitoTotpEnrollElement extends HTMLElement {
  /** An access token for the signed-in user: the widget skips its sign-in. */
  accessToken: string | undefined;
  /** Called when Cognito refuses the access token: resolves to a fresh one. */
  getAccessToken: (() => Promise<string>) | undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'cognito-totp-enroll': CognitoTotpEnrollElement;
  }
  interface HTMLElementEventMap {
    enrolled: CustomEvent<MfaState>;
    signInRequired: CustomEvent<undefined>;
  }
}
