//! The state machine on recorded answers, shaped as AWS sends them.

#![cfg(not(target_arch = "wasm32"))] // native only: they run on num-bigint arithmetic

use super::*;
use crate::cognito::Operation;
use crate::flow::SmsAfter;
use crate::srp::{BigArith, NativeArith};
use crate::{RawConfig, SMS_COOLDOWN_SECONDS};
use serde_json::{json, Value};

/// Randomness and clock fixed, so every request is predictable.
struct FixedPlatform {
    random: Vec<u8>,
    unix_time: u64,
}

impl Platform for FixedPlatform {
    fn random_bytes(&self, out: &mut [u8]) -> Result<(), Error> {
        out.copy_from_slice(&self.random[..out.len()]);
        Ok(())
    }
    fn unix_time(&self) -> u64 {
        self.unix_time
    }
    fn arith(&self) -> &dyn BigArith {
        &NativeArith
    }
}

fn fixed() -> Box<dyn Platform> {
    Box::new(FixedPlatform { random: vec![7; 32], unix_time: 1_736_154_303 })
}

fn raw_config(disable_sms: bool) -> RawConfig {
    RawConfig {
        user_pool_id: Some("ap-northeast-1_Demo123".into()),
        client_id: Some("client123".into()),
        issuer: Some("Acme Corp".into()),
        disable_sms: Some(disable_sms),
        auth_flow: Some("USER_PASSWORD_AUTH".into()),
        ..RawConfig::default()
    }
}

/// A flow signing in with USER_PASSWORD_AUTH; the SRP tests below use their own.
fn config(disable_sms: bool) -> Config {
    raw_config(disable_sms).validate().unwrap()
}

trait NewForTests {
    fn new_fixed(config: Config) -> Enrollment;
}

impl NewForTests for Enrollment {
    fn new_fixed(config: Config) -> Enrollment {
        Enrollment::new(config, fixed())
    }
}

fn sent(action: Result<Action, Error>) -> (Operation, Value) {
    match action.unwrap() {
        Action::Send(request) => (request.operation, serde_json::from_str(&request.body).unwrap()),
        Action::Show(step) => panic!("expected a request, got {step:?}"),
    }
}

fn shown(action: Result<Action, Error>) -> Step {
    match action.unwrap() {
        Action::Show(step) => step,
        Action::Send(request) => panic!("expected a step, got {request:?}"),
    }
}

fn ok(body: Value) -> Result<String, Error> {
    Ok(body.to_string())
}

fn sign_in(flow: &mut Enrollment) -> Action {
    flow.input(Input::SignIn { username: " alice ".into(), password: Secret::new("Passw0rd!") }).unwrap()
}

const SMS_CHALLENGE: &str = r#"{"ChallengeName":"SMS_MFA","Session":"sess-1","ChallengeParameters":{
    "CODE_DELIVERY_DELIVERY_MEDIUM":"SMS","CODE_DELIVERY_DESTINATION":"+*******0083","USERNAME":"a1b2-uuid"}}"#;

fn tokens() -> Result<String, Error> {
    ok(json!({"AuthenticationResult": {"AccessToken": "token-1", "ExpiresIn": 3600, "TokenType": "Bearer"}}))
}

fn user(enabled: &[&str], preferred: &str) -> Result<String, Error> {
    ok(json!({"Username": "a1b2-uuid", "UserAttributes": [], "UserMFASettingList": enabled,
              "PreferredMfaSetting": preferred}))
}

/// Signs in through the SMS challenge and returns the flow at the account step.
fn signed_in_sms_user(disable_sms: bool) -> Enrollment {
    let mut flow = Enrollment::new_fixed(config(disable_sms));
    sign_in(&mut flow);
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    sent(flow.input(Input::ChallengeCode("123456".into())));
    sent(flow.receive(tokens()));
    shown(flow.receive(user(&["SMS_MFA"], "SMS_MFA")));
    flow
}

#[test]
fn sign_in_sends_user_password_auth_with_trimmed_username() {
    let mut flow = Enrollment::new_fixed(config(true));
    let (op, body) = sent(Ok(sign_in(&mut flow)));
    assert_eq!(op, Operation::InitiateAuth);
    assert_eq!(
        body,
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "client123",
               "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Passw0rd!"}})
    );
    assert!(flow.is_busy());
}

#[test]
fn empty_username_or_password_is_refused_before_any_request() {
    let mut flow = Enrollment::new_fixed(config(true));
    let err = flow.input(Input::SignIn { username: "  ".into(), password: Secret::new("x") });
    assert_eq!(err.unwrap_err(), Error::EmptyField("username"));
    let err = flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("") });
    assert_eq!(err.unwrap_err(), Error::EmptyField("password"));
    assert!(!flow.is_busy());
}

#[test]
fn sms_challenge_shows_masked_destination_and_answers_with_internal_username() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    let step = shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    assert_eq!(
        step,
        Step::ChallengeCode { channel: CodeChannel::Sms, destination: Some("+*******0083".into()) }
    );
    let (op, body) = sent(flow.input(Input::ChallengeCode("１２３ ４５６".into())));
    assert_eq!(op, Operation::RespondToAuthChallenge);
    assert_eq!(
        body,
        json!({"ClientId": "client123", "ChallengeName": "SMS_MFA", "Session": "sess-1",
               "ChallengeResponses": {"USERNAME": "a1b2-uuid", "SMS_MFA_CODE": "123456"}})
    );
}

#[test]
fn sms_challenge_without_destination_as_moto_sends_it() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    let step = shown(
        flow.receive(ok(json!({"ChallengeName": "SMS_MFA", "Session": "s", "ChallengeParameters": {}}))),
    );
    assert_eq!(step, Step::ChallengeCode { channel: CodeChannel::Sms, destination: None });
    let (_, body) = sent(flow.input(Input::ChallengeCode("000000".into())));
    assert_eq!(body["ChallengeResponses"]["USERNAME"], "alice", "falls back to the typed username");
}

#[test]
fn wrong_sms_code_keeps_the_challenge_for_another_try() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    sent(flow.input(Input::ChallengeCode("111111".into())));
    let mismatch = service_error("CodeMismatchException", "Invalid code or auth state for the user.");
    assert_eq!(flow.receive(Err(mismatch.clone())).unwrap_err(), mismatch);
    let (_, body) = sent(flow.input(Input::ChallengeCode("222222".into())));
    assert_eq!(body["Session"], "sess-1");
}

#[test]
fn tokens_lead_to_get_user_and_the_account_step() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    let (op, body) = sent(flow.receive(tokens()));
    assert_eq!(op, Operation::GetUser);
    assert_eq!(body, json!({"AccessToken": "token-1"}));
    let step = shown(flow.receive(user(&["SMS_MFA"], "SMS_MFA")));
    assert_eq!(
        step,
        Step::Account(MfaState {
            username: "a1b2-uuid".into(),
            enabled: vec![Factor::Sms],
            preferred: Some(Factor::Sms),
            email: None
        })
    );
}

#[test]
fn empty_preferred_setting_means_none_as_moto_sends_it() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    sent(flow.receive(tokens()));
    let Step::Account(state) = shown(flow.receive(user(&[], ""))) else { panic!("account step") };
    assert_eq!((state.enabled.len(), state.preferred), (0, None));
}

#[test]
fn setup_shows_qr_uri_with_issuer_and_typed_username() {
    let mut flow = signed_in_sms_user(true);
    let (op, body) = sent(flow.input(Input::BeginTotpSetup));
    assert_eq!((op, body), (Operation::AssociateSoftwareToken, json!({"AccessToken": "token-1"})));
    let Step::ScanQr(setup) = shown(flow.receive(ok(json!({"SecretCode": "jbsw y3dp ehpk 3pxp"})))) else {
        panic!("qr step")
    };
    assert_eq!(setup.secret.expose(), "JBSWY3DPEHPK3PXP");
    assert_eq!(
        setup.uri.expose(),
        "otpauth://totp/Acme%20Corp:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme%20Corp"
    );
    assert_eq!((setup.issuer.as_str(), setup.account.as_str()), ("Acme Corp", "alice"));
}

#[test]
fn verified_code_switches_to_totp_and_turns_sms_off() {
    let mut flow = signed_in_sms_user(true);
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    let (op, body) =
        sent(flow.input(Input::VerifyTotp { code: "123 456".into(), device_name: Some(" Pixel ".into()) }));
    assert_eq!(op, Operation::VerifySoftwareToken);
    assert_eq!(body, json!({"AccessToken": "token-1", "UserCode": "123456", "FriendlyDeviceName": "Pixel"}));
    let (op, body) = sent(flow.receive(ok(json!({"Status": "SUCCESS", "Session": "s2"}))));
    assert_eq!(op, Operation::SetUserMfaPreference);
    assert_eq!(
        body,
        json!({"AccessToken": "token-1",
               "SMSMfaSettings": {"Enabled": false, "PreferredMfa": false},
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}})
    );
    let (op, _) = sent(flow.receive(Ok(String::new())));
    assert_eq!(op, Operation::GetUser, "the new state is read back, not assumed");
    let step = shown(flow.receive(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")));
    assert!(matches!(step, Step::Done(ref s) if s.state.preferred == Some(Factor::Totp)), "{step:?}");
}

#[test]
fn keeping_sms_leaves_it_enabled_but_not_preferred() {
    let mut flow = signed_in_sms_user(false);
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    let (_, body) = sent(flow.receive(ok(json!({"Status": "SUCCESS"}))));
    assert_eq!(body["SMSMfaSettings"], json!({"Enabled": true, "PreferredMfa": false}));
}

#[test]
fn failed_verification_never_touches_sms_and_allows_another_code() {
    let mut flow = signed_in_sms_user(true);
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    sent(flow.input(Input::VerifyTotp { code: "000000".into(), device_name: None }));
    let mismatch = service_error("CodeMismatchException", "Code mismatch");
    assert_eq!(flow.receive(Err(mismatch)).unwrap_err(), Error::CodeRejected, "moto's answer");
    sent(flow.input(Input::VerifyTotp { code: "333333".into(), device_name: None }));
    let aws =
        service_error("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");
    assert_eq!(flow.receive(Err(aws)).unwrap_err(), Error::CodeRejected, "AWS's answer: the same wrong code");
    sent(flow.input(Input::VerifyTotp { code: "111111".into(), device_name: None }));
    assert_eq!(flow.receive(ok(json!({"Status": "ERROR"}))).unwrap_err(), Error::CodeRejected);
    let (op, _) = sent(flow.input(Input::VerifyTotp { code: "222222".into(), device_name: None }));
    assert_eq!(op, Operation::VerifySoftwareToken, "still waiting for a good code, nothing else sent");
}

#[test]
fn malformed_totp_code_is_refused_before_any_request() {
    let mut flow = signed_in_sms_user(true);
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    let err = flow.input(Input::VerifyTotp { code: "12345".into(), device_name: None });
    assert_eq!(err.unwrap_err(), Error::CodeFormat);
    assert!(!flow.is_busy());
}

#[test]
fn inputs_out_of_order_are_refused() {
    let mut flow = Enrollment::new_fixed(config(true));
    assert_eq!(flow.input(Input::BeginTotpSetup).unwrap_err(), Error::OutOfOrder);
    assert_eq!(flow.input(Input::ChallengeCode("123456".into())).unwrap_err(), Error::OutOfOrder);
    sign_in(&mut flow);
    assert_eq!(
        flow.input(Input::SignIn { username: "a".into(), password: Secret::new("b") }).unwrap_err(),
        Error::OutOfOrder,
        "a second submit while a request is in flight is refused"
    );
}

#[test]
fn unsupported_challenge_is_named() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    let err = flow.receive(ok(json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s"}))).unwrap_err();
    assert_eq!(err, Error::UnsupportedChallenge("CUSTOM_CHALLENGE".into()));
    assert!(!flow.is_busy(), "the person can sign in again");
}

#[test]
fn answer_with_neither_tokens_nor_challenge_is_a_bad_response() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    assert_eq!(flow.receive(ok(json!({}))).unwrap_err().code(), "BadResponse");
}

/// A Cognito error as the transport reports it.
fn service_error(code: &str, message: &str) -> Error {
    let body = json!({"__type": code, "message": message}).to_string();
    crate::cognito::HttpResponse { status: 400, error_type: None, body }.into_result().unwrap_err()
}

// --- USER_SRP_AUTH -------------------------------------------------------------

/// The docs/cognito-protocol.md vector: pool AbCdEf123, user alice, password Passw0rd!, fixed a.
fn srp_flow(client_secret: Option<&str>) -> Enrollment {
    let mut raw = raw_config(true);
    raw.user_pool_id = Some("us-east-1_AbCdEf123".into());
    raw.auth_flow = None;
    raw.client_secret = client_secret.map(str::to_owned);
    let a =
        crate::srp::hex_decode("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90").unwrap();
    Enrollment::new(raw.validate().unwrap(), Box::new(FixedPlatform { random: a, unix_time: 1_736_154_303 }))
}

fn verifier_challenge(session: Option<&str>) -> Result<String, Error> {
    let mut body = json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
        "SALT": "8ce8291892390f6b53a245933faf6164",
        "SRP_B": "9f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa99",
        "SECRET_BLOCK": "c2VjcmV0LWJsb2NrLWJ5dGVz", "USER_ID_FOR_SRP": "alice", "USERNAME": "alice"}});
    if let Some(session) = session {
        body["Session"] = json!(session);
    }
    ok(body)
}

#[test]
fn srp_sign_in_sends_srp_a_and_never_the_password() {
    let mut flow = srp_flow(None);
    let (op, body) =
        sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    assert_eq!(op, Operation::InitiateAuth);
    assert_eq!(body["AuthFlow"], "USER_SRP_AUTH");
    let srp_a = body["AuthParameters"]["SRP_A"].as_str().unwrap();
    assert!(
        srp_a.starts_with("bc9d04a55dbadd5dcf658cb309f5b663") && srp_a.len() == 767,
        "SRP_A from the fixed a"
    );
    assert!(!body.to_string().contains("Passw0rd!"), "no password in the request");
}

#[test]
fn password_verifier_is_answered_with_the_claim_of_the_known_vector() {
    let mut flow = srp_flow(None);
    sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    let (op, body) = sent(flow.receive(verifier_challenge(Some("sess-v"))));
    assert_eq!(op, Operation::RespondToAuthChallenge);
    assert_eq!(
        body,
        json!({"ClientId": "client123", "ChallengeName": "PASSWORD_VERIFIER", "Session": "sess-v",
               "ChallengeResponses": {"USERNAME": "alice",
                   "PASSWORD_CLAIM_SIGNATURE": "M9Ml3Mv5We5lzgb7I7PNkQkpLZJLxmRKXYM9ybsCYcc=",
                   "PASSWORD_CLAIM_SECRET_BLOCK": "c2VjcmV0LWJsb2NrLWJ5dGVz",
                   "TIMESTAMP": "Mon Jan 6 09:05:03 UTC 2025"}})
    );
    let step = shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    assert!(matches!(step, Step::ChallengeCode { .. }), "then the SMS step as usual");
}

#[test]
fn absent_session_after_password_verifier_is_not_invented() {
    let mut flow = srp_flow(None);
    sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    let (_, body) = sent(flow.receive(verifier_challenge(None)));
    assert!(body.get("Session").is_none(), "{body}");
}

#[test]
fn username_falls_back_to_user_id_for_srp() {
    let mut flow = srp_flow(None);
    sent(
        flow.input(Input::SignIn {
            username: "alice@example.com".into(),
            password: Secret::new("Passw0rd!"),
        }),
    );
    let mut challenge: Value = serde_json::from_str(&verifier_challenge(None).unwrap()).unwrap();
    challenge["ChallengeParameters"].as_object_mut().unwrap().remove("USERNAME");
    let (_, body) = sent(flow.receive(Ok(challenge.to_string())));
    assert_eq!(body["ChallengeResponses"]["USERNAME"], "alice");
}

#[test]
fn client_secret_adds_secret_hash_with_the_internal_username() {
    let mut flow = srp_flow(Some("s3cret"));
    let (_, body) =
        sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    assert_eq!(
        body["AuthParameters"]["SECRET_HASH"],
        crate::srp::secret_hash("s3cret", "alice", "client123")
    );
    let (_, body) = sent(flow.receive(verifier_challenge(None)));
    assert_eq!(
        body["ChallengeResponses"]["SECRET_HASH"],
        crate::srp::secret_hash("s3cret", "alice", "client123")
    );
}

#[test]
fn wrong_password_leaves_the_flow_ready_for_another_sign_in() {
    let mut flow = srp_flow(None);
    sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("wrong") }));
    sent(flow.receive(verifier_challenge(None)));
    let err = flow.receive(Err(service_error("NotAuthorizedException", "Incorrect username or password.")));
    assert_eq!(err.unwrap_err().code(), "NotAuthorizedException");
    let (op, _) =
        sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    assert_eq!(op, Operation::InitiateAuth);
}

/// Whether the SRP state, which holds the password, is still in memory.
fn holds_password(flow: &Enrollment) -> bool {
    matches!(flow.state, State::SigningIn(Some(_)))
}

#[test]
fn a_failed_srp_sign_in_drops_the_password_at_once() {
    let answers: [(&str, Result<String, Error>); 4] = [
        ("an error", Err(service_error("NotAuthorizedException", "Incorrect username or password."))),
        ("a network failure", Err(Error::Network("offline".into()))),
        ("an unreadable body", Ok("<html>".into())),
        ("a code challenge before the verifier", Ok(SMS_CHALLENGE.into())),
    ];
    for (what, answer) in answers {
        let mut flow = srp_flow(None);
        sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
        assert!(holds_password(&flow), "held for the PASSWORD_VERIFIER answer");
        let _ = flow.receive(answer);
        assert!(!holds_password(&flow), "the password is dropped after {what}");
    }
}

#[test]
fn the_password_is_dropped_once_the_claim_is_sent() {
    let mut flow = srp_flow(None);
    sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    sent(flow.receive(verifier_challenge(None)));
    assert!(!holds_password(&flow));
}

#[test]
fn malformed_verifier_challenge_is_a_bad_response() {
    let mut flow = srp_flow(None);
    sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    let err = flow.receive(ok(
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"USER_ID_FOR_SRP": "alice"}}),
    ));
    assert_eq!(err.unwrap_err().code(), "BadResponse");
}

// --- every challenge a sign-in can meet (issue 4) ---------------------------------
// Recorded in AWS's shape; where moto supports a path, tests/moto_flow.rs runs it too.

fn signed_in_to(challenge: Value) -> (Enrollment, Step) {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    let step = shown(flow.receive(ok(challenge)));
    (flow, step)
}

#[test]
fn authenticator_challenge_asks_for_the_app_code() {
    let (mut flow, step) = signed_in_to(
        json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s", "ChallengeParameters": {}}),
    );
    assert_eq!(step, Step::ChallengeCode { channel: CodeChannel::Totp, destination: None });
    let (_, body) = sent(flow.input(Input::ChallengeCode("123456".into())));
    assert_eq!(body["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    assert_eq!(body["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"], "123456");
}

#[test]
fn email_code_challenge_says_where_it_went() {
    // Recorded shape (moto has no EMAIL_OTP).
    let (mut flow, step) = signed_in_to(json!({"ChallengeName": "EMAIL_OTP", "Session": "s",
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***"}}));
    assert_eq!(
        step,
        Step::ChallengeCode { channel: CodeChannel::Email, destination: Some("a***@e***".into()) }
    );
    let (_, body) = sent(flow.input(Input::ChallengeCode("654321".into())));
    assert_eq!(body["ChallengeResponses"]["EMAIL_OTP_CODE"], "654321");
}

#[test]
fn select_mfa_type_offers_the_choices_aws_lists_as_a_json_string() {
    // Recorded shape (moto has no SELECT_MFA_TYPE): MFAS_CAN_CHOOSE is a JSON string.
    let (mut flow, step) = signed_in_to(json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "sel",
        "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]", "USER_ID_FOR_SRP": "alice"}}));
    assert_eq!(step, Step::ChooseFactor(vec![Factor::Sms, Factor::Totp]));
    let (_, body) = sent(flow.input(Input::ChooseFactor(Factor::Totp)));
    assert_eq!(
        body,
        json!({"ClientId": "client123", "ChallengeName": "SELECT_MFA_TYPE", "Session": "sel",
               "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "SOFTWARE_TOKEN_MFA"}})
    );
    let step = shown(flow.receive(ok(json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s2"}))));
    assert_eq!(step, Step::ChallengeCode { channel: CodeChannel::Totp, destination: None });
}

#[test]
fn new_password_required_collects_password_twice_and_required_attributes() {
    let (mut flow, step) = signed_in_to(json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "np",
        "ChallengeParameters": {"requiredAttributes": "[\"userAttributes.email\"]",
                                "userAttributes": "{\"phone_number\":\"+81...\"}", "USER_ID_FOR_SRP": "alice"}}));
    assert_eq!(step, Step::NewPassword { required_attributes: vec!["email".into()] });
    let mismatch = flow.input(Input::NewPassword {
        password: Secret::new("N3w-Passw0rd"),
        confirmation: Secret::new("N3w-Passw0rd!"),
        attributes: vec![("email".into(), "a@example.com".into())],
    });
    assert_eq!(mismatch.unwrap_err(), Error::PasswordMismatch);
    let (_, body) = sent(flow.input(Input::NewPassword {
        password: Secret::new("N3w-Passw0rd"),
        confirmation: Secret::new("N3w-Passw0rd"),
        attributes: vec![("email".into(), " a@example.com ".into())],
    }));
    assert_eq!(
        body["ChallengeResponses"],
        json!({"USERNAME": "alice", "NEW_PASSWORD": "N3w-Passw0rd", "userAttributes.email": "a@example.com"})
    );
}

#[test]
fn mfa_setup_enrolls_totp_with_the_sessions_of_each_step() {
    let (mut flow, _) = {
        let mut flow = Enrollment::new_fixed(config(true));
        sign_in(&mut flow);
        (flow, ())
    };
    let (op, body) = sent(flow.receive(ok(json!({"ChallengeName": "MFA_SETUP", "Session": "s1",
        "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}))));
    assert_eq!(
        (op, body),
        (Operation::AssociateSoftwareToken, json!({"Session": "s1"})),
        "TOTP, whatever else is offered"
    );
    let Step::ScanQr(setup) =
        shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s2"}))))
    else {
        panic!("QR step")
    };
    assert!(setup.during_sign_in);
    let (op, body) = sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    assert_eq!((op, body), (Operation::VerifySoftwareToken, json!({"Session": "s2", "UserCode": "123456"})));
    let (op, body) = sent(flow.receive(ok(json!({"Status": "SUCCESS", "Session": "s3"}))));
    assert_eq!(op, Operation::RespondToAuthChallenge);
    assert_eq!(
        body,
        json!({"ClientId": "client123", "ChallengeName": "MFA_SETUP", "Session": "s3",
               "ChallengeResponses": {"USERNAME": "alice"}})
    );
    let (op, body) = sent(flow.receive(tokens()));
    assert_eq!(op, Operation::SetUserMfaPreference, "the new factor is made preferred");
    assert_eq!(body["SoftwareTokenMfaSettings"], json!({"Enabled": true, "PreferredMfa": true}));
    sent(flow.receive(Ok(String::new())));
    let step = shown(flow.receive(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")));
    assert!(matches!(step, Step::Done(_)), "{step:?}");
}

#[test]
fn mfa_setup_without_totp_on_offer_tells_the_admin() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    let err = flow.receive(ok(json!({"ChallengeName": "MFA_SETUP", "Session": "s1",
        "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SMS_MFA\"]"}})));
    assert_eq!(err.unwrap_err(), Error::TotpNotAllowed);
}

#[test]
fn expired_session_is_recognised_and_only_a_new_sign_in_goes_on() {
    let clock = std::rc::Rc::new(std::cell::Cell::new(1_000u64));
    let mut flow = Enrollment::new(config(true), Box::new(Clocked(clock.clone())));
    sign_in(&mut flow);
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    clock.set(1_000 + 3 * 60); // the auth session's default validity
    sent(flow.input(Input::ChallengeCode("123456".into())));
    let err = flow
        .receive(Err(service_error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        )))
        .unwrap_err();
    assert!(err.is_session_expired());
    assert_eq!(flow.typed_username(), "alice", "kept to fill the sign-in form again");
    assert_eq!(flow.input(Input::ChallengeCode("123456".into())).unwrap_err(), Error::OutOfOrder);
    let (op, _) = sent(Ok(sign_in(&mut flow)));
    assert_eq!(op, Operation::InitiateAuth);
    assert!(!service_error("NotAuthorizedException", "Incorrect username or password.").is_session_expired());
}

#[test]
fn an_access_token_skips_sign_in() {
    let mut flow = Enrollment::new_fixed(config(true));
    let (op, body) = sent(flow.input(Input::UseAccessToken(Secret::new("host-token"))));
    assert_eq!((op, body), (Operation::GetUser, json!({"AccessToken": "host-token"})));
    let step = shown(flow.receive(user(&[], "")));
    assert!(matches!(step, Step::Account(_)));
    let (op, body) = sent(flow.input(Input::BeginTotpSetup));
    assert_eq!((op, body), (Operation::AssociateSoftwareToken, json!({"AccessToken": "host-token"})));
}

#[test]
fn a_token_the_host_replaces_keeps_the_step_and_goes_with_the_next_call() {
    let mut flow = Enrollment::new_fixed(config(true));
    sent(flow.input(Input::UseAccessToken(Secret::new("first"))));
    shown(flow.receive(user(&["SMS_MFA"], "SMS_MFA")));
    sent(flow.input(Input::BeginTotpSetup));
    assert!(matches!(shown(flow.receive(ok(json!({"SecretCode": "ABCDABCDABCDABCD"})))), Step::ScanQr(_)));
    flow.replace_access_token(Secret::new("renewed"));
    let (op, body) = sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    assert_eq!(op, Operation::VerifySoftwareToken, "still at the QR step: no new secret");
    assert_eq!(body["AccessToken"], "renewed");
}

#[test]
fn a_replaced_token_clears_a_refusal_and_nobody_signed_in_takes_none() {
    let mut flow = Enrollment::new_fixed(config(true));
    flow.replace_access_token(Secret::new("early"));
    assert!(!flow.is_signed_in(), "a token alone does not sign anybody in");
    sent(flow.input(Input::UseAccessToken(Secret::new("first"))));
    let refused = flow.receive(Err(service_error("NotAuthorizedException", "Access Token has expired")));
    assert!(refused.is_err());
    assert!(flow.access_token_refused());
    flow.replace_access_token(Secret::new("renewed"));
    assert!(!flow.access_token_refused(), "the new token has not been refused");
    let (op, body) = sent(flow.input(Input::ReadAccount));
    assert_eq!((op, body), (Operation::GetUser, json!({"AccessToken": "renewed"})));
}

#[test]
fn with_the_host_s_token_the_account_name_is_the_username_cognito_reports() {
    let mut flow = Enrollment::new_fixed(config(true));
    sent(flow.input(Input::UseAccessToken(Secret::new("t"))));
    shown(flow.receive(ok(json!({"Username": "hanako", "UserMFASettingList": [], "UserAttributes": []}))));
    sent(flow.input(Input::BeginTotpSetup));
    let Step::ScanQr(setup) = shown(flow.receive(ok(json!({"SecretCode": "ABCDABCDABCDABCD"})))) else {
        panic!("QR step")
    };
    assert_eq!(setup.account, "hanako", "nobody typed a name, yet the entry has one");
    assert!(setup.uri.expose().contains(":hanako?"), "{}", setup.uri.expose());
}

#[test]
fn account_label_can_come_from_the_email_attribute() {
    let mut raw = raw_config(true);
    raw.account_label_from = Some("email".into());
    let mut flow = Enrollment::new(raw.validate().unwrap(), fixed());
    sent(flow.input(Input::UseAccessToken(Secret::new("t"))));
    shown(flow.receive(ok(json!({"Username": "9f1c-uuid", "UserMFASettingList": [],
        "UserAttributes": [{"Name": "email", "Value": "hanako@example.jp"}]}))));
    sent(flow.input(Input::BeginTotpSetup));
    let Step::ScanQr(setup) = shown(flow.receive(ok(json!({"SecretCode": "ABCDABCDABCDABCD"})))) else {
        panic!("QR step")
    };
    assert_eq!(setup.account, "hanako@example.jp");
    assert!(setup.uri.expose().contains(":hanako%40example.jp?"));
}

#[test]
fn knowably_wrong_text_is_refused_before_any_request() {
    let mut flow = Enrollment::new_fixed(config(true));
    let attempt = |flow: &mut Enrollment, username: &str, password: &str| {
        flow.input(Input::SignIn { username: username.into(), password: Secret::new(password) }).unwrap_err()
    };
    assert_eq!(attempt(&mut flow, " \t ", "pw"), Error::EmptyField("username"), "whitespace only");
    assert_eq!(attempt(&mut flow, &"a".repeat(129), "pw"), Error::TooLong("username"));
    assert_eq!(attempt(&mut flow, "ali\u{0}ce", "pw"), Error::ControlCharacters("username"));
    assert_eq!(attempt(&mut flow, "alice", &"p".repeat(257)), Error::TooLong("password"));
    assert_eq!(attempt(&mut flow, "alice", "pass\nword"), Error::ControlCharacters("password"));
    assert!(!flow.is_busy(), "nothing was sent");
    // HTML is a legal username: it is sent as it is (and shown as text, never markup).
    let (_, body) =
        sent(flow.input(Input::SignIn { username: "<b>x</b>".into(), password: Secret::new("pw") }));
    assert_eq!(body["AuthParameters"]["USERNAME"], "<b>x</b>");
}

#[test]
fn done_only_when_cognito_reports_the_app_preferred() {
    // SetUserMFAPreference answered 200 with a body that was not Cognito's (a proxy,
    // a captive portal): the state read back decides, not the answer.
    let mut flow = signed_in_sms_user(true);
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    sent(flow.receive(ok(json!({"Status": "SUCCESS"}))));
    sent(flow.receive(Ok("<html>captive portal</html>".into())));
    let err = flow.receive(user(&["SMS_MFA"], "SMS_MFA")).unwrap_err();
    assert_eq!(err, Error::SwitchNotConfirmed);
    assert!(err.is_uncertain(), "the widget reads the account again and shows it");
}

/// A signed-in SMS user whose switch was just sent; returns the flow waiting for the
/// account read that confirms it.
fn switched_sms_user() -> Enrollment {
    let mut flow = signed_in_sms_user(true);
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    let (op, _) = sent(flow.receive(ok(json!({"Status": "SUCCESS"}))));
    assert_eq!(op, Operation::SetUserMfaPreference);
    let (op, _) = sent(flow.receive(Ok(String::new())));
    assert_eq!(op, Operation::GetUser);
    flow
}

#[test]
fn done_needs_the_app_both_enabled_and_preferred() {
    let cases: [(&[&str], &str); 4] = [
        (&["SOFTWARE_TOKEN_MFA"], "SMS_MFA"),
        (&["SOFTWARE_TOKEN_MFA", "SMS_MFA"], ""),
        (&["SMS_MFA"], "SOFTWARE_TOKEN_MFA"),
        (&[], ""),
    ];
    for (enabled, preferred) in cases {
        let mut flow = switched_sms_user();
        let err = flow.receive(user(enabled, preferred)).unwrap_err();
        assert_eq!(err, Error::SwitchNotConfirmed, "{enabled:?} / {preferred:?}");
        assert!(flow.is_signed_in(), "the person can set up again");
        let (op, _) = sent(flow.input(Input::BeginTotpSetup));
        assert_eq!(op, Operation::AssociateSoftwareToken);
    }
    let mut flow = switched_sms_user();
    let Step::Done(done) = shown(flow.receive(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA"))) else {
        panic!("done")
    };
    assert!(done.had_sms(), "the SMS sign-in is remembered for the done page");
    assert!(!flow.is_signed_in(), "done forgets the tokens");
    assert_eq!(flow.input(Input::ReadAccount).unwrap_err(), Error::OutOfOrder);
}

#[test]
fn a_verify_answer_without_a_success_status_never_leads_to_the_switch() {
    for body in [json!({}), json!({"Status": "ERROR"}), json!({"Status": "success"})] {
        let mut flow = signed_in_sms_user(true);
        sent(flow.input(Input::BeginTotpSetup));
        shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
        sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
        assert_eq!(flow.receive(ok(body.clone())).unwrap_err(), Error::CodeRejected, "{body}");
        assert!(!flow.is_busy(), "nothing sent after {body}");
        let (op, _) = sent(flow.input(Input::VerifyTotp { code: "654321".into(), device_name: None }));
        assert_eq!(op, Operation::VerifySoftwareToken, "another code may be typed");
    }
}

#[test]
fn the_switch_cannot_be_asked_for_before_a_verified_code() {
    let mut flow = signed_in_sms_user(true);
    // No input leads to SetUserMFAPreference: only a VerifySoftwareToken SUCCESS does.
    for input in [Input::ReadAccount, Input::BeginTotpSetup] {
        let action = flow.input(input).unwrap();
        let Action::Send(request) = action else { panic!("a request") };
        assert_ne!(request.operation, Operation::SetUserMfaPreference);
        flow.abandon_request();
    }
    assert_eq!(
        flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }).unwrap_err(),
        Error::OutOfOrder,
        "no code before a QR code"
    );
}

#[test]
fn the_flow_s_debug_says_where_it_is_and_prints_no_secret() {
    let flow = signed_in_sms_user(true);
    let text = format!("{flow:?}");
    assert!(
        text.starts_with("Enrollment") && text.contains("SignedIn") && text.contains("a1b2-uuid"),
        "{text}"
    );
    assert!(!text.contains("token-1"), "no token: {text}");
    let mut flow = srp_flow(None);
    sent(flow.input(Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") }));
    let text = format!("{flow:?}");
    assert!(text.contains("SigningIn") && !text.contains("Passw0rd!"), "no password: {text}");
}

/// Signs in through `challenge`, reads an account that lists no factor (as for SMS set
/// up through the legacy MFAOptions, which UserMFASettingList does not show), switches
/// and returns the done step.
fn done_after(challenge: &str) -> Enrolled {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    shown(flow.receive(Ok(challenge.into())));
    sent(flow.input(Input::ChallengeCode("123456".into())));
    sent(flow.receive(tokens()));
    shown(flow.receive(user(&[], "")));
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    sent(flow.receive(ok(json!({"Status": "SUCCESS"}))));
    sent(flow.receive(Ok(String::new())));
    let Step::Done(done) = shown(flow.receive(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA"))) else {
        panic!("done")
    };
    done
}

#[test]
fn an_sms_sign_in_counts_as_having_had_sms_even_when_the_account_lists_no_factor() {
    assert!(done_after(SMS_CHALLENGE).had_sms(), "signed in with an SMS code");
    let app = r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s","ChallengeParameters":{}}"#;
    assert!(!done_after(app).had_sms(), "signed in with the app, no SMS anywhere");
}

#[test]
fn a_challenge_takes_only_its_own_kind_of_answer() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    assert_eq!(flow.input(Input::ChooseFactor(Factor::Totp)).unwrap_err(), Error::OutOfOrder);
    let new_password = Input::NewPassword {
        password: Secret::new("N3w-Passw0rd"),
        confirmation: Secret::new("N3w-Passw0rd"),
        attributes: Vec::new(),
    };
    assert_eq!(flow.input(new_password).unwrap_err(), Error::OutOfOrder);
    let (op, _) = sent(flow.input(Input::ChallengeCode("123456".into())));
    assert_eq!(op, Operation::RespondToAuthChallenge, "the SMS code is still taken");
}

#[test]
fn text_at_cognito_s_limits_is_taken_and_one_more_character_refused() {
    let attempt = |username: String| {
        let mut flow = Enrollment::new_fixed(config(true));
        flow.input(Input::SignIn { username, password: Secret::new("pw") }).map(|_| ())
    };
    assert_eq!(attempt("あ".repeat(128)), Ok(()), "128 characters, not bytes");
    assert_eq!(attempt("a".repeat(129)), Err(Error::TooLong("username")));
}

#[test]
fn email_codes_are_a_factor_the_account_and_the_choice_show() {
    let mut flow = Enrollment::new_fixed(config(true));
    sent(flow.input(Input::UseAccessToken(Secret::new("t"))));
    let Step::Account(state) = shown(flow.receive(user(&["EMAIL_OTP"], "EMAIL_OTP"))) else {
        panic!("account")
    };
    assert_eq!((state.enabled, state.preferred), (vec![Factor::Email], Some(Factor::Email)));
    let (_, step) = signed_in_to(json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "s",
        "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"EMAIL_OTP\",\"SMS_MFA\"]"}}));
    assert_eq!(step, Step::ChooseFactor(vec![Factor::Email, Factor::Sms]));
}

/// A signed-in user whose account lists `enabled`, through a QR code and a good first
/// code: returns the flow and the body of the switch it sends.
fn switch_of(disable_sms: bool, enabled: &[&str], preferred: &str) -> (Enrollment, Value) {
    let mut flow = Enrollment::new_fixed(config(disable_sms));
    sent(flow.input(Input::UseAccessToken(Secret::new("token-1"))));
    shown(flow.receive(user(enabled, preferred)));
    sent(flow.input(Input::BeginTotpSetup));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))));
    sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    let (op, body) = sent(flow.receive(ok(json!({"Status": "SUCCESS"}))));
    assert_eq!(op, Operation::SetUserMfaPreference);
    (flow, body)
}

#[test]
fn an_account_without_sms_gets_a_switch_without_sms_settings() {
    // AWS refuses any SMSMfaSettings, Enabled: false included, for a user without a
    // phone number ("User does not have a phone_number set to turn on SMS MFA").
    for disable_sms in [true, false] {
        let (mut flow, body) = switch_of(disable_sms, &[], "");
        assert_eq!(body.get("SMSMfaSettings"), None, "disableSms {disable_sms}: {body}");
        assert_eq!(body["SoftwareTokenMfaSettings"], json!({"Enabled": true, "PreferredMfa": true}));
        sent(flow.receive(Ok(String::new())));
        let Step::Done(done) = shown(flow.receive(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")))
        else {
            panic!("done")
        };
        assert_eq!(done.sms, SmsAfter::NeverHad, "no word about SMS to someone who never had it");
    }
}

#[test]
fn the_switch_inside_mfa_setup_sends_no_sms_settings() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    sent(flow.receive(ok(json!({"ChallengeName": "MFA_SETUP", "Session": "s1", "ChallengeParameters": {}}))));
    shown(flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s2"}))));
    sent(flow.input(Input::VerifyTotp { code: "123456".into(), device_name: None }));
    sent(flow.receive(ok(json!({"Status": "SUCCESS", "Session": "s3"}))));
    let (op, body) = sent(flow.receive(tokens()));
    assert_eq!(op, Operation::SetUserMfaPreference);
    assert_eq!(body.get("SMSMfaSettings"), None, "a first sign-in's user may have no phone: {body}");
}

#[test]
fn a_switch_refused_for_turning_sms_off_is_sent_again_leaving_sms_alone() {
    // A pool that requires MFA: "You can't turn off SMS MFA for any of your users".
    let (mut flow, body) = switch_of(true, &["SMS_MFA"], "SMS_MFA");
    assert_eq!(body["SMSMfaSettings"], json!({"Enabled": false, "PreferredMfa": false}));
    let refused =
        service_error("InvalidParameterException", "SMS MFA cannot be disabled when MFA is required");
    let (op, body) = sent(flow.receive(Err(refused)));
    assert_eq!(op, Operation::SetUserMfaPreference, "sent again");
    assert_eq!(body.get("SMSMfaSettings"), None, "{body}");
    assert_eq!(body["SoftwareTokenMfaSettings"], json!({"Enabled": true, "PreferredMfa": true}));
    sent(flow.receive(Ok(String::new())));
    let step = shown(flow.receive(user(&["SMS_MFA", "SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA")));
    let Step::Done(done) = step else { panic!("{step:?}") };
    assert_eq!(done.sms, SmsAfter::KeptUntilAdminTurnsOff);
}

#[test]
fn a_switch_refused_once_it_leaves_sms_alone_is_the_answer() {
    let (mut flow, _) = switch_of(true, &["SMS_MFA"], "SMS_MFA");
    let refused = || service_error("InvalidParameterException", "no");
    sent(flow.receive(Err(refused())));
    let error = flow.receive(Err(refused())).unwrap_err();
    assert!(error.is_invalid_parameter(), "not sent a third time: {error:?}");
    let (_, body) = switch_of(true, &[], "");
    assert_eq!(body.get("SMSMfaSettings"), None);
}

#[test]
fn a_refusal_of_another_kind_is_not_a_reason_to_send_the_switch_again() {
    let (mut flow, _) = switch_of(true, &["SMS_MFA"], "SMS_MFA");
    let error = flow.receive(Err(service_error("ConcurrentModificationException", "x"))).unwrap_err();
    assert_eq!(error.code(), "ConcurrentModificationException");
}

#[test]
fn the_done_step_says_what_became_of_sms_as_cognito_reports_it() {
    let done = |disable_sms, listed_after: &[&str]| {
        let (mut flow, _) = switch_of(disable_sms, &["SMS_MFA"], "SMS_MFA");
        sent(flow.receive(Ok(String::new())));
        match shown(flow.receive(user(listed_after, "SOFTWARE_TOKEN_MFA"))) {
            Step::Done(done) => done.sms,
            step => panic!("{step:?}"),
        }
    };
    assert_eq!(done(true, &["SOFTWARE_TOKEN_MFA"]), SmsAfter::TurnedOff);
    assert_eq!(
        done(true, &["SMS_MFA", "SOFTWARE_TOKEN_MFA"]),
        SmsAfter::KeptUntilAdminTurnsOff,
        "asked off, and Cognito still lists it (MFA required)"
    );
    assert_eq!(done(false, &["SMS_MFA", "SOFTWARE_TOKEN_MFA"]), SmsAfter::KeptAsBackup);
    assert_eq!(
        done_after(SMS_CHALLENGE).sms,
        SmsAfter::TurnedOff,
        "SMS the account never listed (legacy MFAOptions, or implicit where MFA is required) but the sign-in used"
    );
}

#[test]
fn answers_after_user_password_auth_name_the_user_by_user_id_for_srp() {
    // AWS's challenges after USER_PASSWORD_AUTH carry USER_ID_FOR_SRP, not USERNAME:
    // the internal name, whatever alias or casing was typed.
    let mut raw = raw_config(true);
    raw.client_secret = Some("s3cret".into());
    let mut flow = Enrollment::new_fixed(raw.validate().unwrap());
    let (_, body) =
        sent(flow.input(Input::SignIn {
            username: "Alice@Example.com".into(),
            password: Secret::new("Passw0rd!"),
        }));
    let typed_hash = crate::srp::secret_hash("s3cret", "Alice@Example.com", "client123");
    assert_eq!(body["AuthParameters"]["SECRET_HASH"], typed_hash, "InitiateAuth: the name as typed");
    shown(flow.receive(ok(json!({"ChallengeName": "SMS_MFA", "Session": "s1",
        "ChallengeParameters": {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "USER_ID_FOR_SRP": "7d3a-internal"}}))));
    let (_, body) = sent(flow.input(Input::ChallengeCode("123456".into())));
    assert_eq!(body["ChallengeResponses"]["USERNAME"], "7d3a-internal");
    assert_eq!(
        body["ChallengeResponses"]["SECRET_HASH"],
        crate::srp::secret_hash("s3cret", "7d3a-internal", "client123")
    );
}

#[test]
fn a_secret_that_is_not_base32_shows_no_qr_code() {
    // A `#` would push the issuer into the URI's fragment; Cognito sends base32 only.
    let mut flow = signed_in_sms_user(true);
    sent(flow.input(Input::BeginTotpSetup));
    let err = flow.receive(ok(json!({"SecretCode": "JBSWY3DPEHPK3PX#issuer=Evil"}))).unwrap_err();
    assert_eq!(err, Error::BadResponse { subject: "SecretCode", problem: "not base32" });
    let (op, _) = sent(flow.input(Input::BeginTotpSetup));
    assert_eq!(op, Operation::AssociateSoftwareToken, "the person can ask again");
}

#[test]
fn a_username_with_a_text_direction_override_is_refused_before_any_request() {
    let mut flow = Enrollment::new_fixed(config(true));
    let input = Input::SignIn { username: "admin\u{202E}nimda".into(), password: Secret::new("p") };
    assert_eq!(flow.input(input).unwrap_err(), Error::ControlCharacters("username"));
}

#[test]
fn a_sign_in_started_again_at_once_sends_no_second_text_message() {
    let mut flow = Enrollment::new_fixed(config(true));
    sign_in(&mut flow);
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    // The session is lost (the answer to the code was lost, say): sign in again.
    let again = || Input::SignIn { username: " Alice ".into(), password: Secret::new("Passw0rd!") };
    assert_eq!(flow.input(again()).unwrap_err(), Error::SmsCooldown(SMS_COOLDOWN_SECONDS));
    let other = Input::SignIn { username: "bob".into(), password: Secret::new("Passw0rd!") };
    assert_eq!(sent(flow.input(other)).0, Operation::InitiateAuth, "another user is not held back");
}

#[test]
fn the_cooldown_ends_with_its_time_or_with_the_code_used() {
    let clock = std::rc::Rc::new(std::cell::Cell::new(1_000u64));
    let mut flow = Enrollment::new(config(true), Box::new(Clocked(clock.clone())));
    let alice = || Input::SignIn { username: "alice".into(), password: Secret::new("Passw0rd!") };
    sent(flow.input(alice()));
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    clock.set(1_029);
    assert_eq!(flow.input(alice()).unwrap_err(), Error::SmsCooldown(1));
    clock.set(1_030);
    assert_eq!(sent(flow.input(alice())).0, Operation::InitiateAuth, "30 s on, a new code may go");
    shown(flow.receive(Ok(SMS_CHALLENGE.into())));
    sent(flow.input(Input::ChallengeCode("123456".into())));
    sent(flow.receive(tokens()));
    shown(flow.receive(user(&["SMS_MFA"], "SMS_MFA")));
    assert_eq!(sent(flow.input(alice())).0, Operation::InitiateAuth, "the code was used: no wait");
}

/// The fixed platform with a clock the test moves.
struct Clocked(std::rc::Rc<std::cell::Cell<u64>>);

impl Platform for Clocked {
    fn random_bytes(&self, out: &mut [u8]) -> Result<(), Error> {
        fixed().random_bytes(out)
    }
    fn unix_time(&self) -> u64 {
        self.0.get()
    }
    fn arith(&self) -> &dyn BigArith {
        &NativeArith
    }
}
