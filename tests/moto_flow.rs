//! The whole switch against a moto server that each test starts. moto checks TOTP
//! codes (`MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true`) but not SMS codes; the final
//! state is read through moto's admin API, not through the flow.
//!
//! Sign-in uses USER_SRP_AUTH, the default. moto accepts any SRP signature: the
//! claim is proven by the known-answer vectors and by the SRP-checking front in the
//! end-to-end tests. moto checks passwords only under USER_PASSWORD_AUTH, so the
//! wrong-password test uses that flow.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)] // helpers of tests: a panic is a failed test

mod support;

use cognito_totp_enroll::flow::{advance, CodeChannel, Enrollment, Factor, Input, MfaState, Step};
use cognito_totp_enroll::{Config, RawConfig, Secret};
use pollster::block_on;
use support::{totp_now, Moto, NativeTransport, TestPlatform};

fn signed_in(moto: &Moto, auth_flow: &str) -> (support::Demo, Enrollment, NativeTransport) {
    let demo = moto.seed_demo();
    let mut raw = demo.raw.clone();
    raw.auth_flow = Some(auth_flow.to_owned());
    let config: Config = raw.validate().unwrap();
    let transport = NativeTransport::new(&config.endpoint);
    let mut flow = Enrollment::new(config, Box::new(TestPlatform));
    let password = Secret::new(demo.password.clone());
    let step =
        block_on(advance(&mut flow, &transport, Input::SignIn { username: "demo-sms".into(), password }));
    assert!(matches!(step, Ok(Step::ChallengeCode { .. })), "SMS challenge expected: {step:?}");
    let step = block_on(advance(&mut flow, &transport, Input::ChallengeCode("123456".into()))).unwrap();
    let Step::Account(state) = step else { panic!("account step expected: {step:?}") };
    assert_eq!((state.enabled.as_slice(), state.preferred), (&[Factor::Sms][..], Some(Factor::Sms)));
    (demo, flow, transport)
}

fn mfa_of(demo: &support::Demo) -> (Vec<String>, String) {
    mfa_in(demo, &demo.pool_id, "demo-sms")
}

#[test]
fn sms_user_switches_to_totp_and_sms_is_turned_off() {
    let moto = Moto::start();
    let (demo, mut flow, transport) = signed_in(&moto, "USER_SRP_AUTH");
    let Step::ScanQr(setup) = block_on(advance(&mut flow, &transport, Input::BeginTotpSetup)).unwrap() else {
        panic!("QR step expected")
    };
    assert!(setup.uri.expose().starts_with("otpauth://totp/Demo%20Corp:demo-sms?secret="));
    let code = totp_now(setup.secret.expose());
    let step = block_on(advance(
        &mut flow,
        &transport,
        Input::VerifyTotp { code, device_name: Some("test phone".into()) },
    ));
    let Ok(Step::Done(done)) = step else { panic!("done step expected: {step:?}") };
    let state = done.state;
    assert_eq!((state.enabled.as_slice(), state.preferred), (&[Factor::Totp][..], Some(Factor::Totp)));
    assert_eq!(mfa_of(&demo), (vec!["SOFTWARE_TOKEN_MFA".to_owned()], "SOFTWARE_TOKEN_MFA".to_owned()));
    assert_eq!(
        transport.log.borrow().join(","),
        "InitiateAuth,RespondToAuthChallenge,RespondToAuthChallenge,GetUser,AssociateSoftwareToken,VerifySoftwareToken,SetUserMFAPreference,GetUser"
    );
}

#[test]
fn wrong_totp_code_is_rejected_and_sms_stays() {
    let moto = Moto::start();
    let (demo, mut flow, transport) = signed_in(&moto, "USER_SRP_AUTH");
    let Step::ScanQr(setup) = block_on(advance(&mut flow, &transport, Input::BeginTotpSetup)).unwrap() else {
        panic!("QR step expected")
    };
    let right = totp_now(setup.secret.expose());
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000);
    let err = block_on(advance(&mut flow, &transport, Input::VerifyTotp { code: wrong, device_name: None }));
    assert_eq!(err.unwrap_err().code(), "CodeRejected", "moto's CodeMismatchException, read as a wrong code");
    assert_eq!(mfa_of(&demo), (vec!["SMS_MFA".to_owned()], "SMS_MFA".to_owned()));
    assert_eq!(
        transport.log.borrow().last().map(String::as_str),
        Some("VerifySoftwareToken"),
        "SMS never touched"
    );
}

#[test]
fn password_auth_still_signs_in_when_configured() {
    let moto = Moto::start();
    let (_, _, transport) = signed_in(&moto, "USER_PASSWORD_AUTH");
    assert_eq!(transport.log.borrow().join(","), "InitiateAuth,RespondToAuthChallenge,GetUser");
}

#[test]
fn srp_sign_in_sends_no_password() {
    let moto = Moto::start();
    let (demo, _, transport) = signed_in(&moto, "USER_SRP_AUTH");
    assert_eq!(
        transport.log.borrow().join(","),
        "InitiateAuth,RespondToAuthChallenge,RespondToAuthChallenge,GetUser",
        "PASSWORD_VERIFIER, then SMS_MFA"
    );
    assert!(transport.bodies.borrow().iter().all(|body| !body.contains(&demo.password)));
}

#[test]
fn wrong_password_is_not_authorized() {
    let moto = Moto::start();
    let demo = moto.seed_demo();
    let mut raw = demo.raw.clone();
    raw.auth_flow = Some("USER_PASSWORD_AUTH".into());
    let config = raw.validate().unwrap();
    let transport = NativeTransport::new(&config.endpoint);
    let mut flow = Enrollment::new(config, Box::new(TestPlatform));
    let input = Input::SignIn { username: "demo-sms".into(), password: Secret::new("wrong-password") };
    let err = block_on(advance(&mut flow, &transport, input)).unwrap_err();
    assert_eq!(err.code(), "NotAuthorizedException");
    assert!(!flow.is_busy(), "the person can try again");
}

// --- the other ways a user meets TOTP enrollment (issue 4), where moto supports them

fn flow_for(raw: RawConfig) -> (Enrollment, NativeTransport) {
    let config = raw.validate().unwrap();
    let transport = NativeTransport::new(&config.endpoint);
    (Enrollment::new(config, Box::new(TestPlatform)), transport)
}

fn step(flow: &mut Enrollment, transport: &NativeTransport, input: Input) -> Step {
    block_on(advance(flow, transport, input)).unwrap()
}

fn sign_in_as(flow: &mut Enrollment, transport: &NativeTransport, username: &str, password: String) -> Step {
    step(flow, transport, Input::SignIn { username: username.into(), password: Secret::new(password) })
}

/// Scans (reads the secret), types the current code, and expects the done step.
fn finish_setup(flow: &mut Enrollment, transport: &NativeTransport, qr: Step) -> MfaState {
    let Step::ScanQr(setup) = qr else { panic!("QR step expected: {qr:?}") };
    let code = totp_now(setup.secret.expose());
    match step(flow, transport, Input::VerifyTotp { code, device_name: None }) {
        Step::Done(done) => done.state,
        other => panic!("done expected: {other:?}"),
    }
}

fn mfa_in(demo: &support::Demo, pool_id: &str, username: &str) -> (Vec<String>, String) {
    let user = demo.admin_get_user_in(pool_id, username);
    let list = user["UserMFASettingList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    (list, user["PreferredMfaSetting"].as_str().unwrap_or_default().to_owned())
}

#[test]
fn temporary_password_user_sets_a_new_password_then_enrolls() {
    let moto = Moto::start();
    let demo = moto.seed_demo();
    let (mut flow, transport) = flow_for(demo.raw.clone());
    let at = sign_in_as(&mut flow, &transport, "demo-new", demo.password_of("demo-new"));
    assert_eq!(at, Step::NewPassword { required_attributes: vec![] });
    let new_password = Input::NewPassword {
        password: Secret::new("N3w-Passw0rd!"),
        confirmation: Secret::new("N3w-Passw0rd!"),
        attributes: vec![],
    };
    let Step::Account(state) = step(&mut flow, &transport, new_password) else { panic!("account step") };
    assert!(state.enabled.is_empty(), "no MFA yet: {state:?}");
    let qr = step(&mut flow, &transport, Input::BeginTotpSetup);
    let state = finish_setup(&mut flow, &transport, qr);
    assert_eq!(state.preferred, Some(Factor::Totp));
    assert_eq!(
        mfa_in(&demo, &demo.pool_id, "demo-new"),
        (vec!["SOFTWARE_TOKEN_MFA".into()], "SOFTWARE_TOKEN_MFA".into())
    );
}

#[test]
fn mfa_required_pool_sets_up_totp_inside_the_sign_in() {
    let moto = Moto::start();
    let demo = moto.seed_demo();
    let required = demo.required_pool();
    let pool_id = required.user_pool_id.clone().unwrap();
    let (mut flow, transport) = flow_for(required);
    // SRP sign-in, then MFA_SETUP: straight to the QR code with the auth session.
    let qr = sign_in_as(&mut flow, &transport, "demo-required", demo.password_of("demo-sms"));
    assert!(matches!(&qr, Step::ScanQr(setup) if setup.during_sign_in), "{qr:?}");
    let state = finish_setup(&mut flow, &transport, qr);
    assert_eq!(state.preferred, Some(Factor::Totp));
    assert_eq!(
        transport.log.borrow().join(","),
        "InitiateAuth,RespondToAuthChallenge,AssociateSoftwareToken,VerifySoftwareToken,RespondToAuthChallenge,\
         SetUserMFAPreference,GetUser"
    );
    assert_eq!(
        mfa_in(&demo, &pool_id, "demo-required"),
        (vec!["SOFTWARE_TOKEN_MFA".into()], "SOFTWARE_TOKEN_MFA".into())
    );
}

#[test]
fn authenticator_user_signs_in_with_an_app_code_and_sees_it_in_use() {
    let moto = Moto::start();
    let demo = moto.seed_demo();
    let (mut flow, transport) = flow_for(demo.raw.clone());
    let at = sign_in_as(&mut flow, &transport, "demo-totp", demo.password_of("demo-totp"));
    assert_eq!(at, Step::ChallengeCode { channel: CodeChannel::Totp, destination: None });
    let wrong = step_err(&mut flow, &transport, Input::ChallengeCode("000000".into()));
    assert_eq!(wrong, "CodeMismatchException", "moto checks app codes");
    let code = totp_now("ASDFASDFASDF"); // moto's one secret
    let Step::Account(state) = step(&mut flow, &transport, Input::ChallengeCode(code)) else {
        panic!("account step")
    };
    assert_eq!(state.preferred, Some(Factor::Totp));
}

fn step_err(flow: &mut Enrollment, transport: &NativeTransport, input: Input) -> String {
    block_on(advance(flow, transport, input)).unwrap_err().code().to_owned()
}

#[test]
fn host_access_token_skips_sign_in_and_enrolls() {
    let moto = Moto::start();
    let demo = moto.seed_demo();
    // The host page signed the user in (here: a plain USER_PASSWORD_AUTH call).
    let tokens = support::user_call(
        &moto.url,
        "InitiateAuth",
        serde_json::json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": demo.raw.client_id,
            "AuthParameters": {"USERNAME": "demo-none", "PASSWORD": demo.password_of("demo-none")}}),
    );
    let token = tokens["AuthenticationResult"]["AccessToken"].as_str().unwrap().to_owned();
    let (mut flow, transport) = flow_for(demo.raw.clone());
    let Step::Account(state) = step(&mut flow, &transport, Input::UseAccessToken(Secret::new(token))) else {
        panic!("account step")
    };
    assert!(state.enabled.is_empty());
    let qr = step(&mut flow, &transport, Input::BeginTotpSetup);
    finish_setup(&mut flow, &transport, qr);
    assert_eq!(
        mfa_in(&demo, &demo.pool_id, "demo-none"),
        (vec!["SOFTWARE_TOKEN_MFA".into()], "SOFTWARE_TOKEN_MFA".into())
    );
}
