//! One call into each crate the brief fixes, as `src/` makes it (see Cargo.toml).
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Something to call, so the page with no other feature still runs a module.
#[wasm_bindgen]
pub fn ready() -> u32 {
    1
}

/// src/qr.rs: byte-mode encoding at level M, the dark modules as one SVG path. With
/// `fixed-mask`, the least the crate can do: one mask pattern instead of scoring all
/// eight (a valid code, but the standard asks for the best-scoring mask, and src/
/// keeps it for the scanners' sake).
#[cfg(feature = "qrcode")]
#[wasm_bindgen]
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::{bits::Bits, canvas::Canvas, ec, Color, EcLevel, Version};
    use std::fmt::Write;
    let (version, data) = (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        Some((Version::Normal(version), bits.into_bytes()))
    })?;
    let (data, error_correction) = ec::construct_codewords(&data, version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &error_correction);
    #[cfg(feature = "fixed-mask")]
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    #[cfg(not(feature = "fixed-mask"))]
    let canvas = canvas.apply_best_mask();
    let width = version.width() as usize;
    let mut out = String::from("<svg><path d=\"");
    for (y, row) in canvas.into_colors().chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            if run > 0 {
                let _ = write!(out, "M{x} {y}h{run}v1h-{run}z");
            }
            x += run.max(1);
        }
    }
    out.push_str("\"/></svg>");
    Some(out)
}

/// src/wasm/transport.rs: one Cognito call with a timeout signal.
#[cfg(feature = "gloo-net")]
#[wasm_bindgen]
pub async fn post(endpoint: String, target: String, body: String) -> Result<String, JsValue> {
    let error = |e: gloo_net::Error| JsValue::from_str(&e.to_string());
    let controller = web_sys::AbortController::new()?;
    let response = gloo_net::http::Request::post(&endpoint)
        .abort_signal(Some(&controller.signal()))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", &target)
        .credentials(web_sys::RequestCredentials::Omit)
        .body(body)
        .map_err(error)?
        .send()
        .await
        .map_err(error)?;
    let error_type = response.headers().get("x-amzn-ErrorType").unwrap_or_default();
    Ok(error_type + &response.text().await.map_err(error)?)
}

/// src/wasm/js_types.rs: a step handed to JS as a plain object.
#[cfg(feature = "serde-wasm-bindgen")]
#[wasm_bindgen]
pub fn mfa_state(username: &str) -> JsValue {
    use serde::Serialize;
    #[derive(Serialize)]
    struct Mfa<'a> {
        username: &'a str,
        enabled: Vec<&'a str>,
        preferred: Option<&'a str>,
    }
    let state = Mfa { username, enabled: vec!["SMS_MFA"], preferred: None };
    state.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

// --- Decoding Cognito's answers: hand-written (src/ today) or serde-derived ---------

/// src/json.rs and src/cognito/types.rs as they are, with the two crate items they use.
#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
#[path = "../../../src/json.rs"]
#[allow(dead_code, missing_docs)]
mod json;
#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
#[path = "../../../src/cognito/types.rs"]
#[allow(dead_code, missing_docs)]
mod types;

/// The crate error, as far as types.rs needs it.
#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Unreadable answer.
    BadResponse(String),
    /// VerifySoftwareToken did not say SUCCESS.
    CodeRejected,
}

/// src/secret.rs, as far as types.rs needs it.
#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
#[derive(Debug, Default)]
pub struct Secret(String);

#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
impl Secret {
    /// The secret.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
impl Drop for Secret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// What both variants keep: config.json through the JSON reader, and a request
/// written by hand.
#[cfg(any(feature = "decode-hand", feature = "decode-serde"))]
#[wasm_bindgen]
pub fn config_and_request(config: &str) -> String {
    use types::ToJson;
    let pool = json::Json::parse(config).and_then(|c| c.get("userPoolId").and_then(json::Json::as_str).map(str::to_owned));
    let request = types::InitiateAuthRequest {
        auth_flow: "USER_SRP_AUTH",
        client_id: "c",
        auth_parameters: vec![("USERNAME", pool.as_deref().unwrap_or_default())],
    };
    request.to_json()
}

/// Each answer the flow reads, decoded as src/ does today; returns a number made from
/// the fields so that none is optimized away.
#[cfg(feature = "decode-hand")]
#[wasm_bindgen]
pub fn decode(operation: u32, body: &str) -> usize {
    use types::*;
    let result = match operation {
        0 => types::parse::<AuthResponse>(body).map(|r| {
            let p = r.parameters;
            r.challenge_name.map_or(0, |c| c.as_str().len())
                + r.session.map_or(0, |s| s.expose().len())
                + r.authentication_result.map_or(0, |t| t.access_token.expose().len())
                + [p.username, p.user_id_for_srp, p.salt, p.srp_b, p.secret_block, p.code_delivery_destination]
                    .iter()
                    .flatten()
                    .map(String::len)
                    .sum::<usize>()
                + p.mfas_can_setup.len()
                + p.mfas_can_choose.len()
                + p.required_attributes.len()
        }),
        1 => types::parse::<GetUserResponse>(body).map(|u| {
            u.username.len()
                + u.user_attributes.iter().map(|a| a.name.len() + a.value.len()).sum::<usize>()
                + u.user_mfa_setting_list.len()
                + u.preferred_mfa_setting.map_or(0, |p| p.len())
        }),
        2 => types::parse::<AssociateSoftwareTokenResponse>(body)
            .map(|a| a.secret_code.expose().len() + a.session.map_or(0, |s| s.expose().len())),
        _ => types::parse::<VerifySoftwareTokenResponse>(body)
            .and_then(|v| v.verified())
            .map(|(_, s)| s.map_or(1, |s| s.expose().len())),
    };
    result.unwrap_or(0)
}

/// The same answers through JSON.parse and serde-derived types.
#[cfg(feature = "decode-serde")]
#[wasm_bindgen]
pub fn decode(operation: u32, body: &str) -> usize {
    use serde::Deserialize;

    /// A list parameter: an array (moto) or a JSON-encoded string (AWS).
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ListParam {
        List(Vec<String>),
        Text(String),
    }
    impl ListParam {
        fn into_vec(self) -> Vec<String> {
            match self {
                ListParam::List(items) => items,
                ListParam::Text(text) => js_sys::JSON::parse(&text)
                    .ok()
                    .and_then(|v| serde_wasm_bindgen::from_value(v).ok())
                    .unwrap_or_default(),
            }
        }
    }
    #[derive(Deserialize)]
    struct ChallengeParameters {
        #[serde(rename = "USERNAME")]
        username: Option<String>,
        #[serde(rename = "USER_ID_FOR_SRP")]
        user_id_for_srp: Option<String>,
        #[serde(rename = "SALT")]
        salt: Option<String>,
        #[serde(rename = "SRP_B")]
        srp_b: Option<String>,
        #[serde(rename = "SECRET_BLOCK")]
        secret_block: Option<String>,
        #[serde(rename = "CODE_DELIVERY_DESTINATION")]
        code_delivery_destination: Option<String>,
        #[serde(rename = "MFAS_CAN_SETUP")]
        mfas_can_setup: Option<ListParam>,
        #[serde(rename = "MFAS_CAN_CHOOSE")]
        mfas_can_choose: Option<ListParam>,
        #[serde(rename = "requiredAttributes")]
        required_attributes: Option<ListParam>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Tokens {
        access_token: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct AuthResponse {
        challenge_name: Option<String>,
        session: Option<String>,
        challenge_parameters: Option<ChallengeParameters>,
        authentication_result: Option<Tokens>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Attribute {
        name: String,
        value: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct GetUserResponse {
        username: String,
        #[serde(default)]
        user_attributes: Vec<Attribute>,
        #[serde(rename = "UserMFASettingList", default)]
        user_mfa_setting_list: Vec<String>,
        preferred_mfa_setting: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Associate {
        secret_code: String,
        session: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Verify {
        status: Option<String>,
        session: Option<String>,
    }
    fn read<T: for<'de> Deserialize<'de>>(body: &str) -> Option<T> {
        let body = if body.trim().is_empty() { "{}" } else { body };
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(body).ok()?).ok()
    }
    let secret = |s: Option<String>| s.map(Secret::from).map_or(0, |s| s.expose().len());
    let result = match operation {
        0 => read::<AuthResponse>(body).map(|r| {
            let params = r.challenge_parameters.map_or(0, |p| {
                [p.username, p.user_id_for_srp, p.salt, p.srp_b, p.secret_block, p.code_delivery_destination]
                    .iter()
                    .flatten()
                    .map(String::len)
                    .sum::<usize>()
                    + [p.mfas_can_setup, p.mfas_can_choose, p.required_attributes]
                        .into_iter()
                        .flatten()
                        .map(|l| l.into_vec().len())
                        .sum::<usize>()
            });
            r.challenge_name.map_or(0, |c| c.len())
                + secret(r.session)
                + secret(r.authentication_result.map(|t| t.access_token))
                + params
        }),
        1 => read::<GetUserResponse>(body).map(|u| {
            u.username.len()
                + u.user_attributes.iter().map(|a| a.name.len() + a.value.as_ref().map_or(0, String::len)).sum::<usize>()
                + u.user_mfa_setting_list.len()
                + u.preferred_mfa_setting.map_or(0, |p| p.len())
        }),
        2 => read::<Associate>(body).map(|a| secret(Some(a.secret_code)) + secret(a.session)),
        _ => read::<Verify>(body).filter(|v| v.status.as_deref() == Some("SUCCESS")).map(|v| secret(v.session) + 1),
    };
    result.unwrap_or(0)
}
