//! The driver on a scripted transport: which requests are retried, how often, after
//! what pause, and what a lost answer leads to.

#![cfg(not(target_arch = "wasm32"))]

use super::*;
use crate::flow::{Enrolled, Factor, Platform, Recovery};
use crate::srp::{BigArith, NativeArith};
use crate::{RawConfig, Secret};
use serde_json::json;
use std::cell::RefCell;
use std::collections::VecDeque;

struct FixedPlatform;

impl Platform for FixedPlatform {
    fn random_bytes(&self, out: &mut [u8]) -> Result<(), Error> {
        out.fill(0xff); // the largest jitter: sleeps at their bounds
        Ok(())
    }
    fn unix_time(&self) -> u64 {
        1_736_154_303
    }
    fn arith(&self) -> &dyn BigArith {
        &NativeArith
    }
}

/// Answers from a script, in order; records every request sent and every pause.
#[derive(Default)]
struct Scripted {
    answers: RefCell<VecDeque<Result<HttpResponse, Error>>>,
    sent: RefCell<Vec<Operation>>,
    bodies: RefCell<Vec<String>>,
    slept: RefCell<Vec<u32>>,
}

fn ok(body: serde_json::Value) -> Result<HttpResponse, Error> {
    Ok(HttpResponse { status: 200, error_type: None, body: body.to_string() })
}

fn fault(status: u16, code: &str) -> Result<HttpResponse, Error> {
    Ok(HttpResponse { status, error_type: None, body: json!({"__type": code, "message": "m"}).to_string() })
}

fn lost() -> Result<HttpResponse, Error> {
    Err(Error::Network("connection closed".into()))
}

impl Scripted {
    fn then(self, answer: Result<HttpResponse, Error>) -> Self {
        self.answers.borrow_mut().push_back(answer);
        self
    }
    fn sent(&self) -> Vec<Operation> {
        std::mem::take(&mut self.sent.borrow_mut())
    }
}

impl Transport for Scripted {
    async fn send(&self, request: &Request) -> Result<HttpResponse, Error> {
        self.sent.borrow_mut().push(request.operation);
        self.bodies.borrow_mut().push(request.body.clone());
        self.answers.borrow_mut().pop_front().unwrap_or_else(|| Err(Error::Network("script ended".into())))
    }
    async fn sleep(&self, ms: u32) {
        self.slept.borrow_mut().push(ms);
    }
}

fn user(enabled: &[&str], preferred: &str) -> Result<HttpResponse, Error> {
    ok(
        json!({"Username": "u", "UserAttributes": [], "UserMFASettingList": enabled, "PreferredMfaSetting": preferred}),
    )
}

fn flow() -> Enrollment {
    let raw = RawConfig {
        user_pool_id: Some("ap-northeast-1_Demo123".into()),
        client_id: Some("client123".into()),
        ..RawConfig::default()
    };
    Enrollment::new(raw.validate().unwrap(), Box::new(FixedPlatform))
}

/// A signed-in SMS user looking at the QR code of a new secret.
fn at_the_qr_code(transport: &Scripted) -> Enrollment {
    let mut flow = flow();
    let script = [user(&["SMS_MFA"], "SMS_MFA"), ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"}))];
    for answer in script {
        transport.answers.borrow_mut().push_back(answer);
    }
    pollster::block_on(advance(&mut flow, transport, Input::UseAccessToken(Secret::new("t")))).unwrap();
    pollster::block_on(advance(&mut flow, transport, Input::BeginTotpSetup)).unwrap();
    transport.sent();
    flow
}

fn verify(flow: &mut Enrollment, transport: &Scripted) -> Outcome {
    let input = Input::VerifyTotp { code: "123456".into(), device_name: None };
    pollster::block_on(run(flow, transport, &host_with(&[]), input))
}

/// A verified code, every answer to the switch lost (three attempts), then the
/// account read with `read_back`.
fn switch_with_every_answer_lost(read_back: Result<HttpResponse, Error>) -> (Enrollment, Scripted, Outcome) {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport
        .then(ok(json!({"Status": "SUCCESS"})))
        .then(lost())
        .then(lost())
        .then(lost())
        .then(read_back);
    let outcome = verify(&mut flow, &transport);
    (flow, transport, outcome)
}

#[test]
fn a_switch_whose_answers_were_all_lost_is_done_once_cognito_reports_the_app_preferred() {
    let (flow, transport, outcome) =
        switch_with_every_answer_lost(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA"));
    let Ok(Step::Done(done @ Enrolled { .. })) = outcome.result else { panic!("{outcome:?}") };
    let (state, had_sms) = (done.state.clone(), done.had_sms());
    assert_eq!((state.preferred, had_sms), (Some(Factor::Totp), true));
    assert!(outcome.account.is_none());
    use Operation::*;
    assert_eq!(
        transport.sent(),
        [VerifySoftwareToken, SetUserMfaPreference, SetUserMfaPreference, SetUserMfaPreference, GetUser]
    );
    assert!(!flow.is_signed_in(), "the tokens are forgotten once done");
}

#[test]
fn a_lost_switch_that_did_not_take_effect_shows_the_account_with_the_error() {
    let (flow, _, outcome) = switch_with_every_answer_lost(user(&["SMS_MFA"], "SMS_MFA"));
    assert_eq!(outcome.result.unwrap_err().code(), "NetworkError");
    assert!(matches!(outcome.account, Some(Step::Account(ref a)) if a.preferred == Some(Factor::Sms)));
    assert!(flow.is_signed_in(), "the person can set up again");
}

#[test]
fn a_wrong_code_reads_nothing_and_sends_no_switch() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport.then(fault(400, "CodeMismatchException"));
    let outcome = verify(&mut flow, &transport);
    assert_eq!(outcome.result.unwrap_err(), Error::CodeRejected, "moto's type, read as a wrong code");
    assert_eq!(outcome.recovery, Recovery::TypeCodeAgain);
    assert_eq!(transport.sent(), [Operation::VerifySoftwareToken], "no retry, no read, no switch");
}

#[test]
fn a_verify_answer_without_success_sends_no_switch() {
    for body in [json!({}), json!({"Status": "ERROR"}), json!({"Status": null})] {
        let transport = Scripted::default();
        let mut flow = at_the_qr_code(&transport);
        let transport = transport.then(ok(body.clone()));
        let outcome = verify(&mut flow, &transport);
        assert_eq!(outcome.result.unwrap_err(), Error::CodeRejected, "{body}");
        assert_eq!(transport.sent(), [Operation::VerifySoftwareToken], "{body}");
    }
}

/// Sends GetUser (safe to repeat) through `failures`, then a good answer.
fn read_through(failures: &[Result<HttpResponse, Error>]) -> (Result<Step, Error>, Vec<Operation>, Vec<u32>) {
    let transport = Scripted::default();
    for failure in failures {
        transport.answers.borrow_mut().push_back(failure.clone());
    }
    transport.answers.borrow_mut().push_back(user(&[], ""));
    let mut flow = flow();
    let result = pollster::block_on(advance(&mut flow, &transport, Input::UseAccessToken(Secret::new("t"))));
    let slept = transport.slept.borrow().clone();
    (result, transport.sent(), slept)
}

#[test]
fn network_errors_server_faults_and_throttling_are_retried_up_to_three_attempts() {
    for failure in
        [lost(), fault(500, "InternalErrorException"), fault(503, ""), fault(400, "TooManyRequestsException")]
    {
        let (result, sent, slept) = read_through(&[failure.clone(), failure.clone()]);
        assert!(matches!(result, Ok(Step::Account(_))), "cured by the third attempt: {failure:?}");
        assert_eq!(sent.len(), 3);
        assert_eq!(slept.len(), 2, "a pause before each retry");
        let (result, sent, _) = read_through(&[failure.clone(), failure.clone(), failure.clone()]);
        assert!(result.is_err(), "three attempts, no more: {failure:?}");
        assert_eq!(sent.len(), MAX_ATTEMPTS as usize);
    }
}

#[test]
fn errors_a_retry_cannot_cure_are_not_retried() {
    for failure in
        [fault(400, "NotAuthorizedException"), fault(400, "InvalidParameterException"), fault(403, "")]
    {
        let (result, sent, slept) = read_through(std::slice::from_ref(&failure));
        assert!(result.is_err());
        assert_eq!((sent.len(), slept.len()), (1, 0), "{failure:?}");
    }
}

#[test]
fn retry_pauses_stay_within_their_bounds() {
    // The platform gives the largest random number: each pause at its bound.
    let (_, _, slept) = read_through(&[lost(), lost()]);
    assert_eq!(slept, [backoff_ms(1, u32::MAX), backoff_ms(2, u32::MAX)]);
    assert!(slept[0] <= 500 && slept[1] <= 1000, "{slept:?}");
}

#[test]
fn a_new_secret_and_a_first_code_are_never_sent_twice() {
    // AssociateSoftwareToken: a second secret would unlink the one being scanned.
    let transport = Scripted::default().then(user(&[], "")).then(lost());
    let mut flow = flow();
    pollster::block_on(advance(&mut flow, &transport, Input::UseAccessToken(Secret::new("t")))).unwrap();
    transport.sent();
    let result = pollster::block_on(advance(&mut flow, &transport, Input::BeginTotpSetup));
    assert_eq!(result.unwrap_err().code(), "NetworkError");
    assert_eq!(transport.sent(), [Operation::AssociateSoftwareToken]);
    // VerifySoftwareToken: its outcome may be unknown.
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport.then(fault(500, "InternalErrorException")).then(user(&["SMS_MFA"], "SMS_MFA"));
    let outcome = verify(&mut flow, &transport);
    assert_eq!(outcome.result.unwrap_err().code(), "InternalErrorException");
    assert_eq!(transport.sent(), [Operation::VerifySoftwareToken, Operation::GetUser], "read, not resent");
}

#[test]
fn backoff_grows_is_capped_and_jittered() {
    assert_eq!(backoff_ms(1, u32::MAX), u32::MAX % 501);
    assert!((0..1000).all(|r| backoff_ms(1, r) <= 500));
    assert!((0..5000).all(|r| backoff_ms(2, r) <= 1000));
    assert!((0..5000).all(|r| backoff_ms(9, r) <= 2000), "capped");
    assert_ne!(backoff_ms(2, 7), backoff_ms(2, 8), "jittered");
}

#[test]
fn only_operations_safe_to_repeat_are_retried() {
    assert!(safe_to_retry(Operation::GetUser));
    assert!(safe_to_retry(Operation::InitiateAuth));
    assert!(safe_to_retry(Operation::RespondToAuthChallenge));
    assert!(safe_to_retry(Operation::SetUserMfaPreference));
    assert!(!safe_to_retry(Operation::AssociateSoftwareToken), "a new secret would unlink the old one");
    assert!(!safe_to_retry(Operation::VerifySoftwareToken), "its outcome may be unknown");
}

/// The host's `getAccessToken`: hands out `tokens` in order, then none.
#[derive(Default)]
struct Host {
    tokens: RefCell<Vec<&'static str>>,
    asked: RefCell<u32>,
}

impl TokenSource for Host {
    async fn fresh_access_token(&self) -> Option<Secret> {
        *self.asked.borrow_mut() += 1;
        let mut tokens = self.tokens.borrow_mut();
        (!tokens.is_empty()).then(|| Secret::new(tokens.remove(0)))
    }
}

fn host_with(tokens: &[&'static str]) -> Host {
    Host { tokens: RefCell::new(tokens.to_vec()), asked: RefCell::new(0) }
}

fn verify_with(flow: &mut Enrollment, transport: &Scripted, host: &Host) -> Outcome {
    let input = Input::VerifyTotp { code: "123456".into(), device_name: Some("Pixel".into()) };
    pollster::block_on(run(flow, transport, host, input))
}

const EXPIRED: &str = "NotAuthorizedException";

#[test]
fn a_refused_token_is_renewed_once_and_the_code_sent_again_with_the_fresh_one() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport
        .then(fault(400, EXPIRED))
        .then(ok(json!({"Status": "SUCCESS"})))
        .then(ok(json!({})))
        .then(user(&["SOFTWARE_TOKEN_MFA"], "SOFTWARE_TOKEN_MFA"));
    transport.bodies.borrow_mut().clear();
    let host = host_with(&["fresh"]);
    let outcome = verify_with(&mut flow, &transport, &host);
    assert!(matches!(outcome.result, Ok(Step::Done(_))), "{:?}", outcome.result);
    assert_eq!(
        transport.sent(),
        [
            Operation::VerifySoftwareToken,
            Operation::VerifySoftwareToken,
            Operation::SetUserMfaPreference,
            Operation::GetUser
        ]
    );
    let bodies = transport.bodies.borrow();
    assert!(bodies[0].contains("\"AccessToken\":\"t\""), "first with the old token");
    assert!(bodies[1..].iter().all(|b| b.contains("\"AccessToken\":\"fresh\"")), "then the fresh one");
    assert!(
        bodies[1].contains("\"UserCode\":\"123456\"") && bodies[1].contains("Pixel"),
        "the same code and name"
    );
}

#[test]
fn a_token_refused_at_the_setup_asks_for_the_secret_again_with_the_fresh_one() {
    let transport = Scripted::default().then(user(&["SMS_MFA"], "SMS_MFA"));
    let mut flow = flow();
    pollster::block_on(advance(&mut flow, &transport, Input::UseAccessToken(Secret::new("t")))).unwrap();
    transport.sent();
    let transport = transport.then(fault(400, EXPIRED)).then(ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP"})));
    let outcome =
        pollster::block_on(run(&mut flow, &transport, &host_with(&["fresh"]), Input::BeginTotpSetup));
    assert!(matches!(outcome.result, Ok(Step::ScanQr(_))), "{:?}", outcome.result);
    assert_eq!(transport.sent(), [Operation::AssociateSoftwareToken, Operation::AssociateSoftwareToken]);
}

#[test]
fn without_a_fresh_token_the_person_stays_where_they_are() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport.then(fault(400, EXPIRED));
    let host = host_with(&[]);
    let outcome = verify_with(&mut flow, &transport, &host);
    assert_eq!(outcome.result.unwrap_err().code(), EXPIRED);
    assert_eq!(*host.asked.borrow(), 1);
    assert!(flow.access_token_refused(), "the widget tells the host the person must sign in");
    assert!(flow.is_signed_in(), "not signed out: a fresh token still goes on from here");
    assert_eq!(transport.sent(), [Operation::VerifySoftwareToken]);
    let again = flow.renew_access_token(Secret::new("later"), None);
    assert!(matches!(again, Input::ReadAccount));
    assert!(!flow.access_token_refused());
}

#[test]
fn a_fresh_token_is_asked_for_once_per_input() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport.then(fault(400, EXPIRED)).then(fault(400, EXPIRED));
    let host = host_with(&["fresh", "fresher"]);
    let outcome = verify_with(&mut flow, &transport, &host);
    assert_eq!(outcome.result.unwrap_err().code(), EXPIRED);
    assert_eq!(*host.asked.borrow(), 1);
    assert_eq!(transport.sent(), [Operation::VerifySoftwareToken, Operation::VerifySoftwareToken]);
}

#[test]
fn a_token_refused_at_the_switch_reads_the_account_instead_of_switching_again() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport
        .then(ok(json!({"Status": "SUCCESS"})))
        .then(fault(400, EXPIRED))
        .then(user(&["SMS_MFA"], "SMS_MFA"));
    let host = host_with(&["fresh"]);
    let outcome = verify_with(&mut flow, &transport, &host);
    assert!(matches!(outcome.result, Ok(Step::Account(_))), "{:?}", outcome.result);
    assert_eq!(
        transport.sent(),
        [Operation::VerifySoftwareToken, Operation::SetUserMfaPreference, Operation::GetUser],
        "the proof was used up: no second switch"
    );
}

#[test]
fn other_failures_are_not_a_reason_for_a_fresh_token() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport.then(fault(400, "CodeMismatchException"));
    let host = host_with(&["fresh"]);
    let outcome = verify_with(&mut flow, &transport, &host);
    assert_eq!(outcome.result.unwrap_err(), Error::CodeRejected);
    assert_eq!(*host.asked.borrow(), 0);
    assert!(!flow.access_token_refused());
}

#[test]
fn a_token_without_the_admin_scope_asks_no_fresh_token_and_no_new_sign_in() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let scope = Ok(HttpResponse {
        status: 400,
        error_type: None,
        body: json!({"__type": "NotAuthorizedException", "message": "Access Token does not have required scopes"})
            .to_string(),
    });
    let transport = transport.then(scope);
    let host = host_with(&["fresh"]);
    let outcome = verify_with(&mut flow, &transport, &host);
    assert_eq!(outcome.result.unwrap_err(), Error::TokenScope);
    assert_eq!(*host.asked.borrow(), 0, "another token of the same kind would lack the scope too");
    assert_eq!(outcome.recovery, Recovery::SameStep, "not RenewToken: signing in again does not help");
    assert!(!flow.access_token_refused());
}

#[test]
fn the_recovery_after_an_error_is_decided_by_the_flow() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport.then(fault(400, EXPIRED));
    let outcome = verify_with(&mut flow, &transport, &host_with(&[]));
    assert_eq!(outcome.recovery, Recovery::RenewToken, "a refused token and none fresh");

    let mut flow = self::flow();
    let input = Input::SignIn { username: "u".into(), password: Secret::new("p") };
    let sms = json!({"ChallengeName": "SMS_MFA", "Session": "s", "ChallengeParameters": {}});
    let transport = Scripted::default().then(ok(sms));
    let outcome = pollster::block_on(run(&mut flow, &transport, &host_with(&[]), input));
    assert!(matches!(outcome.result, Ok(Step::ChallengeCode { .. })));
    assert_eq!(outcome.recovery, Recovery::SameStep);
    let used = Ok(HttpResponse {
        status: 400,
        error_type: None,
        body: json!({"__type": "NotAuthorizedException",
                     "message": "Invalid session for the user, session can only be used once."})
        .to_string(),
    });
    let transport = Scripted::default().then(used);
    let outcome = pollster::block_on(run(
        &mut flow,
        &transport,
        &host_with(&[]),
        Input::ChallengeCode("123456".into()),
    ));
    assert_eq!(outcome.recovery, Recovery::SignInAgain, "a used-up session: only a new sign-in goes on");
    assert!(!flow.is_signed_in());
}

#[test]
fn a_switch_refused_for_good_shows_the_account_so_the_person_is_not_stuck_at_the_qr_code() {
    let transport = Scripted::default();
    let mut flow = at_the_qr_code(&transport);
    let transport = transport
        .then(ok(json!({"Status": "SUCCESS"})))
        .then(fault(400, "ConcurrentModificationException"))
        .then(user(&["SMS_MFA"], "SMS_MFA"));
    let outcome = verify(&mut flow, &transport);
    let shown = matches!(outcome.account, Some(Step::Account(ref a)) if a.preferred == Some(Factor::Sms));
    assert!(shown, "{outcome:?}");
    assert_eq!(outcome.result.unwrap_err().code(), "ConcurrentModificationException");
    assert_eq!(
        transport.sent(),
        [Operation::VerifySoftwareToken, Operation::SetUserMfaPreference, Operation::GetUser]
    );
    let next = pollster::block_on(advance(&mut flow, &transport, Input::BeginTotpSetup));
    assert!(!matches!(next, Err(Error::OutOfOrder)), "the setup can begin again: {next:?}");
}
