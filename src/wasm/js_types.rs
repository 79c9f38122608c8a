//! The shapes JS sees: mount options, steps and MFA state as plain objects, and the
//! TypeScript declarations for them.

#[cfg(feature = "embed")]
use crate::config::text_option;
#[cfg(feature = "client")]
use crate::flow::{CodeChannel, SmsAfter, Step};
use crate::flow::{Factor, MfaState};
use crate::json::Json;
#[cfg(any(feature = "embed", feature = "client"))]
use crate::Error;
use crate::RawConfig;
#[cfg(feature = "client")]
use crate::{otpauth, qr};
#[cfg(feature = "client")]
use serde::Serialize;
use wasm_bindgen::prelude::*;
#[cfg(any(feature = "embed", feature = "client"))]
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** Options of `mount` and `EnrollmentClient`: the keys of config.json. */
export interface EnrollConfig {
  userPoolId: string;
  clientId: string;
  region?: string | undefined;
  issuer?: string | undefined;
  accountLabel?: string | undefined;
  accountLabelFrom?: "username" | "email" | undefined;
  endpoint?: string | undefined;
  authFlow?: "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | undefined;
  disableSms?: boolean | undefined;
  clientSecret?: string | undefined;
  /** How long to wait for one answer, in ms (default 15000). */
  requestTimeoutMs?: number | undefined;
  /** The app client's auth session validity, 3 to 15 minutes (default 3): the widget
   *  shows the time left on steps inside a sign-in and starts over when it is up. */
  authSessionMinutes?: number | undefined;
  /** The done page's "Back to …" link: a path on this site or an https:// URL. */
  returnUrl?: string | undefined;
  /** The name of the app `returnUrl` leads to. */
  returnName?: string | undefined;
  /** Called when Cognito refuses the access token (it expired): a fresh one for the
   *  same user, or a rejection when there is none (the widget then fires
   *  `signInRequired`; the client rejects with NotAuthorizedException). */
  getAccessToken?: (() => Promise<string>) | undefined;
}

export interface MountOptions extends EnrollConfig {
  /** An access token the host already has: skips the sign-in form. */
  accessToken?: string | undefined;
  /** "ja" or "en"; the browser's language when absent. */
  lang?: string | undefined;
  /** "auto" (the default) follows the system's light or dark mode. */
  colorScheme?: "light" | "dark" | "auto" | undefined;
  /** Listeners there from the first step (with `onCancel`, it shows Cancel). */
  onEnrolled?: ((state: MfaState) => void) | undefined;
  onError?: ((error: CognitoTotpError) => void) | undefined;
  onCancel?: (() => void) | undefined;
  onSignInRequired?: (() => void) | undefined;
}

/** What each widget event hands its listeners. */
export interface WidgetEventMap {
  /** TOTP is on and preferred, as read back from Cognito. */
  enrolled: MfaState;
  /** An error shown to the person. */
  error: CognitoTotpError;
  /** The person pressed Cancel; nothing was changed by it. */
  cancel: undefined;
  /** The host's access token was refused and no fresh one came: sign the person in. */
  signInRequired: undefined;
}

export type Factor = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP";

export interface MfaState {
  username: string;
  email: string | null;
  enabled: Factor[];
  preferred: Factor | null;
}

export type EnrollStep =
  | { step: "signIn" }
  | { step: "challengeCode"; channel: "sms" | "totp" | "email"; destination: string | null }
  | { step: "chooseFactor"; options: Factor[] }
  | { step: "newPassword"; requiredAttributes: string[] }
  | { step: "account"; mfa: MfaState }
  | { step: "scanQr"; secret: string; groupedSecret: string; uri: string; issuer: string; account: string; qrSvg: string }
  | { step: "done"; mfa: MfaState; hadSms: boolean; sms: SmsAfter };

/** What became of SMS, as Cognito reports it after the switch: `keptUntilAdminTurnsOff`
 *  when SMS was to go but Cognito keeps it (the pool requires MFA), until the
 *  administrator turns SMS off for the pool. */
export type SmsAfter = "neverHad" | "turnedOff" | "keptAsBackup" | "keptUntilAdminTurnsOff";

/** Every `code` an error thrown by this module can carry: its own, then the Cognito
 *  error types a person can meet. Other Cognito types pass through as they are
 *  (hence the open tail). tests/error_codes.rs holds this list to src/error.rs. */
export type CognitoTotpErrorCode =
  | "NetworkError" | "BadResponse" | "EmptyField" | "TooLong" | "ControlCharacters"
  | "CodeFormat" | "CodeRejected" | "PasswordMismatch" | "TotpNotAllowed"
  | "SwitchNotConfirmed" | "ConfigError" | "SrpError" | "UnsupportedChallenge" | "OutOfOrder"
  | "SessionTimedOut" | "TokenScope" | "PasswordAttemptsExceeded" | "SessionUsed" | "SmsCooldown"
  | "NotAuthorizedException" | "UserNotFoundException" | "UserNotConfirmedException"
  | "PasswordResetRequiredException" | "TooManyRequestsException" | "InvalidParameterException"
  | "ResourceNotFoundException" | "InvalidUserPoolConfigurationException" | "ForbiddenException"
  | "InternalErrorException" | "CodeMismatchException" | "ExpiredCodeException"
  | "InvalidPasswordException" | "PasswordHistoryPolicyViolationException"
  | "MFAMethodNotFoundException" | "SoftwareTokenMFANotFoundException" | "AliasExistsException"
  | "ConcurrentModificationException" | "EnableSoftwareTokenMFAException"
  | (string & {});

export interface CognitoTotpError extends Error {
  name: "CognitoTotpError";
  code: CognitoTotpErrorCode;
  field?: string;
}
"#;

#[cfg(any(feature = "embed", feature = "client"))]
/// A JS value as JSON, the way `config.json` arrives: one reader for both.
/// (Reading it through serde would bring serde's deserializers and float formatting
/// into the module; README, "Size".)
pub fn json_of(value: &JsValue, field: &'static str) -> Result<Json, Error> {
    // JSON.stringify gives no text for undefined or a function, throws on a cycle or a
    // BigInt, and otherwise writes JSON; whether it is an object, readers check.
    let unreadable = || Error::Config { field, problem: "expected a plain object" };
    let text = js_sys::JSON::stringify(value).ok().and_then(|t| t.as_string()).ok_or_else(unreadable)?;
    Json::parse(&text).ok_or_else(unreadable)
}

/// What `mount` takes.
pub struct MountOptions {
    pub config: RawConfig,
    pub access_token: Option<String>,
    /// `ja` or `en`; the browser's language when absent or unsupported. The page
    /// chooses its language itself.
    #[cfg_attr(not(feature = "embed"), allow(dead_code))]
    pub lang: Option<String>,
    /// `light`, `dark` or `auto` (the default: the system's).
    pub color_scheme: &'static str,
    /// Listeners given with the options, by event name: there from the first step.
    pub listeners: Vec<(&'static str, js_sys::Function)>,
    /// The host's way to a fresh access token when Cognito refuses the one it gave.
    #[cfg_attr(not(feature = "embed"), allow(dead_code))]
    pub get_access_token: Option<js_sys::Function>,
}

/// The listener options and the events they listen to.
#[cfg(feature = "embed")]
const LISTENER_OPTIONS: [(&str, &str); 4] = [
    ("onEnrolled", "enrolled"),
    ("onError", "error"),
    ("onCancel", "cancel"),
    ("onSignInRequired", "signInRequired"),
];

#[cfg(feature = "embed")]
impl MountOptions {
    /// Reads the options object of `mount`. Functions do not survive the JSON round
    /// trip, so they are read from the object itself.
    pub fn from_js(value: &JsValue) -> Result<Self, Error> {
        let mut object = json_of(value, "options")?;
        let config = RawConfig::from_json(&mut object)?;
        let color_scheme = match text_option(&mut object, "colorScheme")?.as_deref() {
            None | Some("auto") => "auto",
            Some("light") => "light",
            Some("dark") => "dark",
            Some(_) => {
                return Err(Error::Config { field: "colorScheme", problem: "expected light, dark or auto" })
            }
        };
        let mut listeners = Vec::new();
        for (option, event) in LISTENER_OPTIONS {
            if let Some(f) = function_option(value, option)? {
                listeners.push((event, f));
            }
        }
        Ok(Self {
            config,
            access_token: text_option(&mut object, "accessToken")?,
            lang: text_option(&mut object, "lang")?,
            color_scheme,
            listeners,
            get_access_token: function_option(value, "getAccessToken")?,
        })
    }
}

/// A function option; `None` when absent.
#[cfg(any(feature = "embed", feature = "client"))]
pub fn function_option(object: &JsValue, field: &'static str) -> Result<Option<js_sys::Function>, Error> {
    let value = js_sys::Reflect::get(object, &JsValue::from_str(field)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.dyn_into().map(Some).map_err(|_| Error::Config { field, problem: "expected a function" })
}

#[cfg(feature = "client")]
#[derive(Serialize)]
struct JsMfa<'a> {
    username: &'a str,
    email: Option<&'a str>,
    enabled: Vec<&'static str>,
    preferred: Option<&'static str>,
}

#[cfg(feature = "client")]
#[derive(Serialize)]
#[serde(tag = "step", rename_all = "camelCase")]
enum JsStep<'a> {
    SignIn,
    #[serde(rename_all = "camelCase")]
    ChallengeCode {
        channel: &'static str,
        destination: Option<&'a str>,
    },
    #[serde(rename_all = "camelCase")]
    ChooseFactor {
        options: Vec<&'static str>,
    },
    #[serde(rename_all = "camelCase")]
    NewPassword {
        required_attributes: &'a [String],
    },
    Account {
        mfa: JsMfa<'a>,
    },
    #[serde(rename_all = "camelCase")]
    ScanQr {
        secret: &'a str,
        grouped_secret: String,
        uri: &'a str,
        issuer: &'a str,
        account: &'a str,
        qr_svg: String,
    },
    #[serde(rename_all = "camelCase")]
    Done {
        mfa: JsMfa<'a>,
        had_sms: bool,
        sms: &'static str,
    },
}

#[cfg(feature = "client")]
fn js_mfa(state: &MfaState) -> JsMfa<'_> {
    JsMfa {
        username: &state.username,
        email: state.email.as_deref(),
        enabled: state.enabled.iter().map(|f| f.cognito_name()).collect(),
        preferred: state.preferred.map(Factor::cognito_name),
    }
}

#[cfg(feature = "client")]
fn to_js(value: &impl Serialize) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// The MFA state as `{ username, email, enabled, preferred }`, for the `enrolled`
/// event: written as JSON text and parsed by the browser, the way the options come
/// in, so that the page's module (without `EnrollmentClient`, whose steps go through
/// serde-wasm-bindgen) needs no serializer of its own.
pub fn mfa_to_js(state: &MfaState) -> JsValue {
    let text = |s: &str| Json::String(s.to_owned());
    let factor = |f: Factor| text(f.cognito_name());
    let mfa = Json::Object(vec![
        ("username".to_owned(), text(&state.username)),
        ("email".to_owned(), state.email.as_deref().map_or(Json::Null, text)),
        ("enabled".to_owned(), Json::Array(state.enabled.iter().copied().map(factor).collect())),
        ("preferred".to_owned(), state.preferred.map_or(Json::Null, factor)),
    ]);
    let mut out = String::new();
    mfa.write(&mut out);
    js_sys::JSON::parse(&out).unwrap_or(JsValue::NULL)
}

/// `SmsAfter` as the declarations spell it.
#[cfg(feature = "client")]
fn sms_after_name(sms: SmsAfter) -> &'static str {
    match sms {
        SmsAfter::NeverHad => "neverHad",
        SmsAfter::TurnedOff => "turnedOff",
        SmsAfter::KeptAsBackup => "keptAsBackup",
        SmsAfter::KeptUntilAdminTurnsOff => "keptUntilAdminTurnsOff",
    }
}

/// A step as the `EnrollStep` union of the TypeScript declarations.
#[cfg(feature = "client")]
pub fn step_to_js(step: &Step) -> JsValue {
    let js = match step {
        Step::SignIn => JsStep::SignIn,
        Step::ChallengeCode { channel, destination } => JsStep::ChallengeCode {
            channel: match channel {
                CodeChannel::Sms => "sms",
                CodeChannel::Totp => "totp",
                CodeChannel::Email => "email",
            },
            destination: destination.as_deref(),
        },
        Step::ChooseFactor(options) => {
            JsStep::ChooseFactor { options: options.iter().map(|f| f.cognito_name()).collect() }
        }
        Step::NewPassword { required_attributes } => JsStep::NewPassword { required_attributes },
        Step::Account(state) => JsStep::Account { mfa: js_mfa(state) },
        Step::ScanQr(setup) => JsStep::ScanQr {
            secret: setup.secret.expose(),
            grouped_secret: otpauth::grouped_secret(setup.secret.expose()),
            uri: setup.uri.expose(),
            issuer: &setup.issuer,
            account: &setup.account,
            qr_svg: qr::svg(setup.uri.expose(), 200).unwrap_or_default(),
        },
        Step::Done(done) => {
            JsStep::Done { mfa: js_mfa(&done.state), had_sms: done.had_sms(), sms: sms_after_name(done.sms) }
        }
    };
    to_js(&js)
}
