//! `EnrollmentClient`: the flow without a UI, for hosts that draw their own. Each
//! method is async and resolves to the next step (the `EnrollStep` union) or rejects
//! with an `Error` that has a stable `code`.

use super::error::to_js_error;
use super::js_types::{function_option, json_of, step_to_js};
use super::platform::{BrowserPlatform, HostTokens};
use super::transport::FetchTransport;
use crate::flow::{run, Enrollment, Factor, Input};
use crate::json::Json;
use crate::{Error, RawConfig, Secret};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A headless enrollment: sign in, answer challenges, set up and verify TOTP.
#[wasm_bindgen]
pub struct EnrollmentClient {
    inner: Rc<ClientInner>,
}

struct ClientInner {
    transport: FetchTransport,
    /// The host's `getAccessToken` option, asked when Cognito refuses the token.
    get_access_token: Option<js_sys::Function>,
    /// `None` while a call is in flight: a second call rejects with `OutOfOrder`.
    flow: RefCell<Option<Enrollment>>,
}

#[wasm_bindgen]
impl EnrollmentClient {
    /// A client for one pool and app client.
    ///
    /// # Errors
    /// Throws `ConfigError` naming the field to fix; nothing is sent before.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "EnrollConfig")] options: JsValue,
    ) -> Result<EnrollmentClient, JsValue> {
        let config = json_of(&options, "options")
            .and_then(|mut object| RawConfig::from_json(&mut object))
            .and_then(|raw| raw.validate())
            .map_err(|e| to_js_error(&e))?;
        let get_access_token = function_option(&options, "getAccessToken").map_err(|e| to_js_error(&e))?;
        let inner = ClientInner {
            transport: FetchTransport::new(&config.endpoint, config.request_timeout_ms),
            get_access_token,
            flow: RefCell::new(Some(Enrollment::new(config, Box::new(BrowserPlatform)))),
        };
        Ok(Self { inner: Rc::new(inner) })
    }

    /// Signs in (SRP unless configured otherwise).
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn sign_in(&self, username: String, password: String) -> js_sys::Promise {
        self.run(Input::SignIn { username, password: Secret::new(password) })
    }

    /// Skips sign-in with an access token the host already has.
    #[wasm_bindgen(js_name = useAccessToken, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn use_access_token(&self, access_token: String) -> js_sys::Promise {
        self.run(Input::UseAccessToken(Secret::new(access_token)))
    }

    /// Answers an SMS, authenticator or email code challenge.
    #[wasm_bindgen(js_name = answerChallenge, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn answer_challenge(&self, code: String) -> js_sys::Promise {
        self.run(Input::ChallengeCode(code))
    }

    /// Picks a factor at SELECT_MFA_TYPE.
    #[wasm_bindgen(js_name = chooseFactor, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn choose_factor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Factor")] factor: String,
    ) -> js_sys::Promise {
        match Factor::from_cognito(&factor) {
            Some(factor) => self.run(Input::ChooseFactor(factor)),
            None => js_sys::Promise::reject(&to_js_error(&Error::EmptyField("factor"))),
        }
    }

    /// Sets the new password of NEW_PASSWORD_REQUIRED, with the required attributes
    /// as `{ name: value }`.
    #[wasm_bindgen(js_name = setNewPassword, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn set_new_password(
        &self,
        password: String,
        confirmation: String,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string> | undefined")] attributes: JsValue,
    ) -> js_sys::Promise {
        let attributes = match json_of(&attributes, "attributes") {
            Ok(Json::Object(members)) => members,
            _ => Vec::new(),
        };
        self.run(Input::NewPassword {
            password: Secret::new(password),
            confirmation: Secret::new(confirmation),
            attributes: attributes
                .into_iter()
                .filter_map(|(name, value)| match value {
                    Json::String(value) => Some((name, value)),
                    _ => None,
                })
                .collect(),
        })
    }

    /// Reads the signed-in user's MFA state.
    #[wasm_bindgen(js_name = readAccount, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn read_account(&self) -> js_sys::Promise {
        self.run(Input::ReadAccount)
    }

    /// Starts the authenticator setup: resolves to the `scanQr` step (secret, URI,
    /// QR SVG). Replaces any authenticator the user had, at once.
    #[wasm_bindgen(js_name = beginTotpSetup, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn begin_totp_setup(&self) -> js_sys::Promise {
        self.run(Input::BeginTotpSetup)
    }

    /// Verifies the first code; on success makes TOTP preferred (and turns SMS off
    /// unless `disableSms` is false) and resolves to `done` with the state read back.
    #[wasm_bindgen(js_name = verifyTotp, unchecked_return_type = "Promise<EnrollStep>")]
    pub fn verify_totp(&self, code: String, device_name: Option<String>) -> js_sys::Promise {
        self.run(Input::VerifyTotp { code, device_name })
    }

    fn run(&self, input: Input) -> js_sys::Promise {
        let inner = Rc::clone(&self.inner);
        wasm_bindgen_futures::future_to_promise(async move {
            let taken = inner.flow.borrow_mut().take();
            let mut flow = taken.ok_or_else(|| to_js_error(&Error::OutOfOrder))?;
            let tokens = HostTokens(inner.get_access_token.as_ref());
            let outcome = run(&mut flow, &inner.transport, &tokens, input).await;
            *inner.flow.borrow_mut() = Some(flow);
            outcome.result.map(|step| step_to_js(&step)).map_err(|e| to_js_error(&e))
        })
    }
}
