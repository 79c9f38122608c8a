//! Arbitrary JSON (and non-JSON) as Cognito's answer, at every step of the flow and
//! in the error parser: whatever comes back, the module returns an error or a step,
//! never panics (a panic in wasm kills the page). Bounded: a fixed seed and count.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)] // helpers of tests: a panic is a failed test

mod support;

use cognito_totp_enroll::cognito::{HttpResponse, ServiceError};
use cognito_totp_enroll::flow::{Action, Enrollment, Input};
use cognito_totp_enroll::{RawConfig, Secret};
use serde_json::{json, Map, Value};
use support::TestPlatform;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const KEYS: &[&str] = &[
    "ChallengeName",
    "Session",
    "ChallengeParameters",
    "AuthenticationResult",
    "AccessToken",
    "SecretCode",
    "Status",
    "Username",
    "UserAttributes",
    "UserMFASettingList",
    "PreferredMfaSetting",
    "SALT",
    "SRP_B",
    "SECRET_BLOCK",
    "USER_ID_FOR_SRP",
    "USERNAME",
    "MFAS_CAN_SETUP",
    "MFAS_CAN_CHOOSE",
    "requiredAttributes",
    "CODE_DELIVERY_DESTINATION",
    "Name",
    "Value",
    "__type",
    "message",
];
const STRINGS: &[&str] = &[
    "",
    "SMS_MFA",
    "SOFTWARE_TOKEN_MFA",
    "EMAIL_OTP",
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
    "NEW_PASSWORD_REQUIRED",
    "PASSWORD_VERIFIER",
    "SUCCESS",
    "ERROR",
    "-",
    "-0",
    "0",
    "zz",
    "ffff",
    "[\"SMS_MFA\"]",
    "[1,2",
    "{}",
    "é😀",
    "FFFFFFFFFFFFFFFFC90FDAA22168C234",
    "-8000",
    "YWJj",
    "\u{0}",
    "<script>",
];

fn value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 3 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64),
        3 | 4 => Value::String(rng.pick(STRINGS).to_owned()),
        5 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(6) {
                map.insert(rng.pick(KEYS).to_owned(), value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

fn body(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "<html>502 Bad Gateway</html>".to_owned(),
        1 => {
            let text = value(rng, 0).to_string();
            text.chars().take(text.chars().count() / 2).collect() // truncated JSON
        }
        _ => value(rng, 0).to_string(),
    }
}

fn config(flow: &str) -> cognito_totp_enroll::Config {
    RawConfig {
        user_pool_id: Some("us-east-1_Fuzz1".into()),
        client_id: Some("fuzzclient".into()),
        auth_flow: Some(flow.into()),
        ..RawConfig::default()
    }
    .validate()
    .unwrap()
}

/// Walks the flow with random answers, feeding each step the inputs it could take.
fn walk(rng: &mut Rng, flow: &mut Enrollment) {
    let inputs = |rng: &mut Rng| match rng.below(9) {
        0 => Input::SignIn { username: "alice".into(), password: Secret::new("pw") },
        1 => Input::ChallengeCode("123456".into()),
        2 => Input::BeginTotpSetup,
        3 => Input::VerifyTotp { code: "123456".into(), device_name: None },
        4 => Input::ChooseFactor(cognito_totp_enroll::flow::Factor::Totp),
        5 => Input::NewPassword {
            password: Secret::new("N3w!"),
            confirmation: Secret::new("N3w!"),
            attributes: vec![("email".into(), "a@b".into())],
        },
        6 => Input::UseAccessToken(Secret::new("t")),
        7 => Input::ReadAccount,
        _ => Input::SignIn { username: " ".into(), password: Secret::new("") },
    };
    for _ in 0..12 {
        let mut action = flow.input(inputs(rng));
        for _ in 0..8 {
            match action {
                Ok(Action::Send(_)) => {
                    let status = if rng.below(4) == 0 { 400 + rng.below(200) as u16 } else { 200 };
                    let response = HttpResponse { status, error_type: None, body: body(rng) }.into_result();
                    action = flow.receive(response);
                }
                Ok(Action::Show(_)) | Err(_) => break,
            }
        }
        if flow.is_busy() {
            flow.abandon_request();
        }
    }
}

#[test]
fn random_answers_at_every_step_never_panic() {
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    for round in 0..2000 {
        let flow_name = if round % 2 == 0 { "USER_SRP_AUTH" } else { "USER_PASSWORD_AUTH" };
        let mut flow = Enrollment::new(config(flow_name), Box::new(TestPlatform));
        walk(&mut rng, &mut flow);
    }
}

#[test]
fn random_error_bodies_never_panic_and_keep_a_code() {
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let status = 400 + rng.below(200) as u16;
        let header = if rng.below(2) == 0 { Some(rng.pick(STRINGS)) } else { None };
        let error = ServiceError::parse(status, header, &body(&mut rng));
        assert!(!error.code.is_empty(), "an error always has a code");
    }
}
