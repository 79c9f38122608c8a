//! Arbitrary JSON (and non-JSON) as Cognito's answer, at every step of the flow and
//! in the error parser: whatever comes back, the module returns an error or a step,
//! never panics (a panic in wasm kills the page), and never breaks the switch's
//! safety rule. Bounded: a fixed seed and count.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)] // helpers of tests: a panic is a failed test

mod support;

use cognito_totp_enroll::cognito::{HttpResponse, Operation, ServiceError};
use cognito_totp_enroll::flow::{Action, Enrollment, Input, Step};
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

/// Half the time an answer shaped as Cognito's for `operation` (so walks get far:
/// challenges, secrets, SUCCESS, accounts with every mix of factors), otherwise
/// anything at all.
fn answer(rng: &mut Rng, operation: Operation) -> (u16, String) {
    if rng.below(4) == 0 {
        return (400 + rng.below(200) as u16, body(rng));
    }
    if rng.below(2) == 0 {
        return (200, body(rng));
    }
    let factors = ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"];
    let plausible = match operation {
        Operation::InitiateAuth | Operation::RespondToAuthChallenge => match rng.below(4) {
            0 => json!({"AuthenticationResult": {"AccessToken": "t"}}),
            1 => json!({"ChallengeName": "SMS_MFA", "Session": "s1", "ChallengeParameters": {}}),
            2 => json!({"ChallengeName": "MFA_SETUP", "Session": "s1", "ChallengeParameters": {}}),
            _ => json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "s1",
                        "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}),
        },
        Operation::GetUser => {
            let enabled: Vec<&str> = factors.iter().copied().filter(|_| rng.below(2) == 0).collect();
            let preferred = ["", "SMS_MFA", "SOFTWARE_TOKEN_MFA"][rng.below(3) as usize];
            json!({"Username": "u", "UserAttributes": [], "UserMFASettingList": enabled, "PreferredMfaSetting": preferred})
        }
        Operation::AssociateSoftwareToken => json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s2"}),
        Operation::VerifySoftwareToken => {
            let status = ["SUCCESS", "ERROR"][rng.below(2) as usize];
            json!({"Status": status, "Session": "s3"})
        }
        Operation::SetUserMfaPreference => return (200, String::new()),
    };
    (200, plausible.to_string())
}

/// What a walk has seen, to check the safety rule against.
#[derive(Default)]
struct Seen {
    /// A VerifySoftwareToken was answered 200 with Status SUCCESS, and no sign-in or
    /// new secret came after it, nor a switch that used it up.
    verified: bool,
    /// The last answer given: operation, status, body.
    last: Option<(Operation, u16, String)>,
    switches: u32,
    done: u32,
}

fn is_verify_success(status: u16, body: &str) -> bool {
    status == 200 && serde_json::from_str::<Value>(body).is_ok_and(|v| v["Status"] == "SUCCESS")
}

/// Cognito reports the authenticator app enabled and preferred.
fn reports_totp_preferred(status: u16, body: &str) -> bool {
    let Ok(user) = serde_json::from_str::<Value>(body) else { return false };
    let enabled =
        user["UserMFASettingList"].as_array().is_some_and(|l| l.iter().any(|f| f == "SOFTWARE_TOKEN_MFA"));
    status == 200 && enabled && user["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
}

/// Walks the flow with random answers, feeding each step the inputs it could take,
/// and checks on every request and step that no SetUserMFAPreference goes out
/// before a VerifySoftwareToken SUCCESS, and that done follows only an account read
/// showing the app enabled and preferred.
fn walk(rng: &mut Rng, flow: &mut Enrollment, seen: &mut Seen) {
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
    // Half the time, the input the step on screen asks for: walks get further.
    let mut asked: Option<Input> = None;
    for _ in 0..12 {
        let input = match asked.take() {
            Some(input) if rng.below(2) == 0 => input,
            _ => inputs(rng),
        };
        if matches!(input, Input::SignIn { .. } | Input::UseAccessToken(_)) {
            seen.verified = false; // a new person, maybe: nothing verified for them
        }
        let mut action = flow.input(input);
        for _ in 0..8 {
            match action {
                Ok(Action::Send(request)) => {
                    match request.operation {
                        Operation::SetUserMfaPreference => {
                            assert!(
                                seen.verified,
                                "SetUserMFAPreference before a VerifySoftwareToken SUCCESS"
                            );
                            seen.verified = false;
                            seen.switches += 1;
                        }
                        Operation::AssociateSoftwareToken => seen.verified = false,
                        _ => {}
                    }
                    let (status, body) = answer(rng, request.operation);
                    if request.operation == Operation::VerifySoftwareToken && is_verify_success(status, &body)
                    {
                        seen.verified = true;
                    }
                    seen.last = Some((request.operation, status, body.clone()));
                    action = flow.receive(HttpResponse { status, error_type: None, body }.into_result());
                }
                Ok(Action::Show(Step::Done(_))) => {
                    let last = seen.last.as_ref().unwrap();
                    assert!(
                        last.0 == Operation::GetUser && reports_totp_preferred(last.1, &last.2),
                        "done shown after {:?} {} {}",
                        last.0,
                        last.1,
                        last.2
                    );
                    seen.done += 1;
                    break;
                }
                Ok(Action::Show(step)) => {
                    asked = match step {
                        Step::Account(_) => Some(Input::BeginTotpSetup),
                        Step::ScanQr(_) => {
                            Some(Input::VerifyTotp { code: "123456".into(), device_name: None })
                        }
                        Step::ChallengeCode { .. } => Some(Input::ChallengeCode("123456".into())),
                        Step::ChooseFactor(_) => {
                            Some(Input::ChooseFactor(cognito_totp_enroll::flow::Factor::Totp))
                        }
                        _ => None,
                    };
                    break;
                }
                Err(_) => break,
            }
        }
        if flow.is_busy() {
            flow.abandon_request();
        }
    }
}

#[test]
fn random_answers_at_every_step_never_panic_nor_break_the_safety_rule() {
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let mut seen = Seen::default();
    for round in 0..2000 {
        let flow_name = if round % 2 == 0 { "USER_SRP_AUTH" } else { "USER_PASSWORD_AUTH" };
        let mut flow = Enrollment::new(config(flow_name), Box::new(TestPlatform));
        seen.verified = false;
        walk(&mut rng, &mut flow, &mut seen);
    }
    // The walks reach the switch and done often enough for the checks to mean something.
    assert!(seen.switches > 50 && seen.done >= 3, "switches {}, done {}", seen.switches, seen.done);
}

#[test]
fn random_error_bodies_never_panic_and_keep_a_code() {
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let status = 400 + rng.below(200) as u16;
        let header = if rng.below(2) == 0 { Some(rng.pick(STRINGS)) } else { None };
        let error = ServiceError::parse(status, header, &body(&mut rng));
        assert!(!error.code.as_str().is_empty(), "an error always has a code");
    }
}
