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

use cognito_totp_enroll::flow::{advance, Enrollment, Factor, Input, Step};
use cognito_totp_enroll::{Config, Secret};
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
    let user = demo.admin_get_user("demo-sms");
    let list = user["UserMFASettingList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    (list, user["PreferredMfaSetting"].as_str().unwrap_or_default().to_owned())
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
    let Ok(Step::Done(state)) = step else { panic!("done step expected: {step:?}") };
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
    assert_eq!(err.unwrap_err().code(), "CodeMismatchException");
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
