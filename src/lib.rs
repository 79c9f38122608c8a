//! # cognito-totp-enroll
//!
//! Moves a Cognito user-pool user to an authenticator app (TOTP MFA) from the browser,
//! by calling the public Cognito API directly: no backend, no SDK, no admin rights.
//!
//! ## The message flow
//!
//! | step | request | answer | next |
//! | --- | --- | --- | --- |
//! | sign in | `InitiateAuth` (`USER_SRP_AUTH`, or `USER_PASSWORD_AUTH` when configured) | `PASSWORD_VERIFIER` | password claim |
//! | password claim | `RespondToAuthChallenge` (`PASSWORD_CLAIM_SIGNATURE`) | `SMS_MFA` (or another) challenge, or tokens | code or account |
//! | SMS code | `RespondToAuthChallenge` (`SMS_MFA_CODE`) | tokens | account |
//! | account | `GetUser` | MFA settings | offer setup |
//! | setup | `AssociateSoftwareToken` (`AccessToken`) | `SecretCode` | QR code |
//! | first code | `VerifySoftwareToken` | `Status: SUCCESS` | preference |
//! | switch | `SetUserMFAPreference` (TOTP on and preferred, SMS off) | empty | done |
//! | done | `GetUser` | MFA settings read back | done page |
//!
//! SMS is touched only after `VerifySoftwareToken` succeeded (the switch is built from
//! a `TotpVerified`, which only that answer makes), and done is said only when
//! `GetUser` reports the app enabled and preferred: a wrong or abandoned code never
//! leaves a user without a second factor. Every other challenge (MFA_SETUP,
//! NEW_PASSWORD_REQUIRED, SELECT_MFA_TYPE, ...): `docs/cognito-protocol.md`.
//!
//! ## Layout
//!
//! - [`cognito`]: the wire protocol, requests, answers, errors. No I/O.
//! - [`config`]: what the admin configures, and which sources the page trusts for it.
//! - [`flow`]: the state machine; [`flow::run`] drives it over a [`flow::Transport`].
//! - [`otpauth`], [`qr`]: the authenticator URI and its QR code.
//! - `wasm` (wasm32 only): `fetch` transport, the JS API and the DOM widget. The only
//!   code that touches the browser.
//!
//! ## Security model
//!
//! Passwords, tokens, sessions and the TOTP secret live in [`Secret`], whose `Debug`
//! is redacted and whose bytes are wiped on drop. Nothing is written to storage, the
//! URL or the console. Where credentials go is decided by the admin's file or the
//! host's options, never by a link. The threat model: `docs/security.md`.
//!
//! ## Glossary
//!
//! - **TOTP**: time-based one-time password, the six digits of an authenticator app;
//!   Cognito calls it `SOFTWARE_TOKEN_MFA`.
//! - **Session**: Cognito's opaque token that links the steps of one sign-in; it
//!   expires after 3 to 15 minutes.

pub mod cognito;
pub mod config;
mod error;
pub mod flow;
pub mod json;
pub mod messages;
pub mod otpauth;
pub mod qr;
mod secret;
pub mod srp;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use config::{Config, RawConfig};
pub use error::{Error, COGNITO_CODES, LOCAL_CODES, REQUIRED_SCOPE, SMS_COOLDOWN_SECONDS};
pub use secret::Secret;
