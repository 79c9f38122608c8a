//! The admin's whole migration against the local emulator (moto, started here):
//! a pool as organisations have it (SMS MFA only, an app client without SRP),
//! `check` failing, `prepare`, `check` passing, the page's core switching users,
//! `report` counting them, `finish` refusing while an SMS-only user remains and
//! turning SMS off once none does. And `prepare` against a front that makes
//! UpdateUserPoolClient reset omitted fields as AWS does: only the flows change.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs, dead_code)]

mod common;
#[path = "../../tests/support/mod.rs"]
mod support;

use aws_sdk_cognitoidentityprovider::types::{
    AnalyticsConfigurationType, AttributeType, ExplicitAuthFlowsType, OAuthFlowType,
    PreventUserExistenceErrorTypes, SmsConfigurationType, SmsMfaConfigType, SmsMfaSettingsType,
    SoftwareTokenMfaConfigType, TimeUnitsType, TokenValidityUnitsType, UserPoolClientType, UserPoolMfaType,
};
use aws_sdk_cognitoidentityprovider::Client;
use cognito_totp_enroll::flow::{advance, Enrollment, Input, Step};
use cognito_totp_enroll::{RawConfig, Secret};
use common::{admin_command, Helper};
use support::{totp_now, Moto, NativeTransport, TestPlatform};

const PASSWORD: &str = "Demo-Passw0rd!";
const REGION: &str = "ap-northeast-1";

async fn sdk(endpoint: &str) -> Client {
    let credentials =
        aws_sdk_cognitoidentityprovider::config::Credentials::new("demo", "demo", None, None, "test");
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .load()
        .await;
    Client::new(&config)
}

fn sns() -> SmsConfigurationType {
    SmsConfigurationType::builder().sns_caller_arn("arn:aws:iam::123456789012:role/sms").build()
}

/// A pool named `name` with SMS MFA, authenticator apps as `totp` says, and MFA `mode`.
async fn pool_with_sms(sdk: &Client, name: &str, mode: UserPoolMfaType, totp: bool) -> String {
    let pool = sdk.create_user_pool().pool_name(name).sms_configuration(sns()).send().await.unwrap();
    let pool_id = pool.user_pool.unwrap().id.unwrap();
    sdk.set_user_pool_mfa_config()
        .user_pool_id(&pool_id)
        .sms_mfa_configuration(SmsMfaConfigType::builder().sms_configuration(sns()).build())
        .software_token_mfa_configuration(SoftwareTokenMfaConfigType::builder().enabled(totp).build())
        .mfa_configuration(mode)
        .send()
        .await
        .unwrap();
    pool_id
}

/// A pool as the original write-up describes it: SMS MFA only (optional), and an app
/// client that allows password sign-in but not SRP.
async fn sms_only_pool(sdk: &Client) -> (String, String) {
    let pool_id = pool_with_sms(sdk, "legacy", UserPoolMfaType::Optional, false).await;
    let client = sdk
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("portal")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .unwrap();
    (pool_id, client.user_pool_client.unwrap().client_id.unwrap())
}

/// A confirmed user with an email address, a phone number when `phone` says so, and
/// the demo password.
async fn user(sdk: &Client, pool_id: &str, username: &str, phone: bool) {
    let mut create =
        sdk.admin_create_user().user_pool_id(pool_id).username(username).temporary_password("Temp-Passw0rd!");
    create = create.user_attributes(
        AttributeType::builder().name("email").value(format!("{username}@example.com")).build().unwrap(),
    );
    if phone {
        create = create.user_attributes(
            AttributeType::builder().name("phone_number").value("+815012340083").build().unwrap(),
        );
    }
    create.send().await.unwrap();
    sdk.admin_set_user_password()
        .user_pool_id(pool_id)
        .username(username)
        .password(PASSWORD)
        .permanent(true)
        .send()
        .await
        .unwrap();
}

async fn sms_user(sdk: &Client, pool_id: &str, username: &str) {
    user(sdk, pool_id, username, true).await;
    sdk.admin_set_user_mfa_preference()
        .user_pool_id(pool_id)
        .username(username)
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).preferred_mfa(true).build())
        .send()
        .await
        .unwrap();
}

/// The pool's MFA configuration, without the request id.
fn mfa_settings(
    out: &aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput,
) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        out.sms_mfa_configuration,
        out.software_token_mfa_configuration,
        out.email_mfa_configuration,
        out.mfa_configuration,
        out.web_authn_configuration
    )
}

/// What the tool printed and how it ended.
struct Ran {
    code: i32,
    stdout: String,
    stderr: String,
}

fn admin<S: AsRef<std::ffi::OsStr>>(endpoint: &str, args: &[S]) -> Ran {
    let out = admin_command(endpoint, args).env("LANG", "en_US.UTF-8").output().unwrap();
    Ran {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Switches `username` to the authenticator app through the page's own core (SRP
/// sign-in, the SMS code if one is asked, the QR secret, the first code), as the page does.
fn switch_with_the_page(endpoint: &str, pool_id: &str, client_id: &str, username: &str) {
    let raw = RawConfig {
        user_pool_id: Some(pool_id.into()),
        client_id: Some(client_id.into()),
        endpoint: Some(endpoint.into()),
        ..RawConfig::default()
    };
    let config = raw.validate().unwrap();
    let transport = NativeTransport::new(&config.endpoint);
    let mut flow = Enrollment::new(config, Box::new(TestPlatform));
    let run = |flow: &mut Enrollment, input| pollster::block_on(advance(flow, &transport, input));
    let step = run(&mut flow, Input::SignIn { username: username.into(), password: Secret::new(PASSWORD) });
    let step = match step {
        Ok(Step::ChallengeCode { .. }) => run(&mut flow, Input::ChallengeCode("123456".into())),
        other => other,
    };
    assert!(matches!(step, Ok(Step::Account(_))), "{step:?}");
    let Ok(Step::ScanQr(setup)) = run(&mut flow, Input::BeginTotpSetup) else { panic!("QR step") };
    let code = totp_now(setup.secret.expose());
    let done = run(&mut flow, Input::VerifyTotp { code, device_name: None });
    assert!(matches!(done, Ok(Step::Done(_))), "{done:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn check_prepare_switch_report_and_finish_against_moto() {
    let moto = Moto::start();
    let sdk = sdk(&moto.url).await;
    let (pool, client) = sms_only_pool(&sdk).await;
    for user in ["amy", "bob"] {
        sms_user(&sdk, &pool, user).await;
    }
    let target = ["--user-pool-id", pool.as_str(), "--client-id", client.as_str()];
    let with = |command: &'static str, more: &[&'static str]| -> Vec<String> {
        [&[command][..], &target[..], more].concat().into_iter().map(str::to_owned).collect()
    };

    let check = admin(&moto.url, &with("check", &[]));
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    for failing in ["Authenticator apps (TOTP MFA) allowed", "ALLOW_USER_SRP_AUTH"] {
        let line = check.stdout.lines().find(|l| l.contains(failing)).unwrap_or_default();
        assert!(line.contains("FAIL"), "{failing}: {}", check.stdout);
    }
    let ja = admin(&moto.url, &with("check", &["--lang", "ja"]));
    assert!(ja.stdout.contains("認証アプリ") && ja.stdout.contains("NG"), "{}", ja.stdout);
    // For scripts: the same JSON under LANG=ja as under LANG=en, but for the person's
    // text fields (`check`, `detail`).
    let json_in = |lang: &str| {
        let out = admin_command(&moto.url, &with("check", &["--output", "json"]))
            .env("LANG", lang)
            .output()
            .unwrap();
        let mut checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for check in checks.as_array_mut().unwrap() {
            let check = check.as_object_mut().unwrap();
            assert!(check.remove("check").is_some() && check.remove("detail").is_some());
        }
        serde_json::to_vec_pretty(&checks).unwrap()
    };
    let (en_json, ja_json) = (json_in("en_US.UTF-8"), json_in("ja_JP.UTF-8"));
    assert_eq!(String::from_utf8_lossy(&en_json), String::from_utf8_lossy(&ja_json));
    let en_text = String::from_utf8_lossy(&en_json);
    assert!(en_text.contains(r#""id": "srp_flow""#) && en_text.contains(r#""status": "fail""#), "{en_text}");

    let mfa_before = sdk.get_user_pool_mfa_config().user_pool_id(&pool).send().await.unwrap();
    let dry = admin(&moto.url, &with("prepare", &[]));
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stdout.contains("Would change") && dry.stdout.contains("--apply"), "{}", dry.stdout);
    let unchanged = sdk.get_user_pool_mfa_config().user_pool_id(&pool).send().await.unwrap();
    assert_eq!(mfa_settings(&unchanged), mfa_settings(&mfa_before), "a dry run changes nothing");

    let applied = admin(&moto.url, &with("prepare", &["--apply"]));
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    assert!(applied.stdout.starts_with("Changed:"), "said once the changes are made: {}", applied.stdout);
    assert!(!applied.stdout.contains("Would change"), "{}", applied.stdout);
    let mfa = sdk.get_user_pool_mfa_config().user_pool_id(&pool).send().await.unwrap();
    assert!(mfa.software_token_mfa_configuration.as_ref().unwrap().enabled, "authenticator apps on");
    assert_eq!(
        format!("{:?}", mfa.sms_mfa_configuration),
        format!("{:?}", mfa_before.sms_mfa_configuration),
        "SMS kept"
    );
    assert_eq!(mfa.mfa_configuration, mfa_before.mfa_configuration, "MFA mode kept");
    let check = admin(&moto.url, &with("check", &[]));
    assert_eq!(check.code, 0, "{}", check.stdout);

    let (endpoint, pool_id, client_id) = (moto.url.clone(), pool.clone(), client.clone());
    tokio::task::spawn_blocking(move || switch_with_the_page(&endpoint, &pool_id, &client_id, "amy"))
        .await
        .unwrap();

    let report = admin(&moto.url, &["report", "--user-pool-id", &pool, "--output", "json"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let totals: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(
        (totals["sms_only"].as_u64(), totals["app_only"].as_u64(), totals["total"].as_u64()),
        (Some(1), Some(1), Some(2))
    );
    let csv = admin(&moto.url, &["report", "--user-pool-id", &pool, "--output", "csv"]);
    assert_eq!(csv.stdout, "username,email\r\nbob,bob@example.com\r\n");

    let refused = admin(&moto.url, &["finish", "--user-pool-id", &pool, "--apply"]);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(refused.stdout.contains("Refused") && refused.stdout.contains("bob"), "{}", refused.stdout);
    let wrong_list = std::env::temp_dir().join(format!("accept-{pool}"));
    std::fs::write(&wrong_list, "carol\n").unwrap();
    let mismatch = admin(
        &moto.url,
        &["finish", "--user-pool-id", &pool, "--apply", "--accept-users", wrong_list.to_str().unwrap()],
    );
    assert_eq!(mismatch.code, 1);
    assert!(mismatch.stdout.contains("exactly"), "{}", mismatch.stdout);
    let still = sdk.get_user_pool_mfa_config().user_pool_id(&pool).send().await.unwrap();
    assert!(still.sms_mfa_configuration.is_some(), "SMS stays while bob needs it");

    let (endpoint, pool_id, client_id) = (moto.url.clone(), pool.clone(), client.clone());
    tokio::task::spawn_blocking(move || switch_with_the_page(&endpoint, &pool_id, &client_id, "bob"))
        .await
        .unwrap();
    let dry = admin(&moto.url, &["finish", "--user-pool-id", &pool]);
    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    assert!(sdk
        .get_user_pool_mfa_config()
        .user_pool_id(&pool)
        .send()
        .await
        .unwrap()
        .sms_mfa_configuration
        .is_some());
    let finished = admin(&moto.url, &["finish", "--user-pool-id", &pool, "--apply"]);
    assert_eq!(finished.code, 0, "{}{}", finished.stdout, finished.stderr);
    let after = sdk.get_user_pool_mfa_config().user_pool_id(&pool).send().await.unwrap();
    assert!(after.sms_mfa_configuration.is_none(), "SMS MFA off");
    assert!(after.software_token_mfa_configuration.unwrap().enabled, "authenticator apps still on");
    assert_eq!(after.mfa_configuration, mfa_before.mfa_configuration, "MFA mode kept");

    // The ledger remembers the campaign: each report's counts, and each change the
    // tool made, with what it sent, in the order made; --history reads only it.
    let history =
        admin("http://127.0.0.1:9/", &["report", "--user-pool-id", &pool, "--history", "--output", "json"]);
    assert_eq!(history.code, 0, "no call to AWS is needed: {}", history.stderr);
    let history: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    let runs = history["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2, "the json report and the csv one: {history}");
    assert_eq!(
        (runs[0]["counts"]["sms_only"].as_u64(), runs[0]["counts"]["app_only"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(runs.iter().all(|r| r["finished_at"].as_i64() >= r["started_at"].as_i64()));
    let commands: Vec<&str> =
        history["actions"].as_array().unwrap().iter().map(|a| a["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["prepare", "finish"], "dry runs and refusals change nothing and are not actions");
    let prepared = history["actions"][0]["sent"].as_str().unwrap();
    assert!(prepared.contains("enable_totp") && prepared.contains("ALLOW_USER_SRP_AUTH"), "{prepared}");
    let table = admin("http://127.0.0.1:9/", &["report", "--user-pool-id", &pool, "--history"]);
    assert!(table.stdout.contains("prepare") && table.stdout.contains("finish"), "{}", table.stdout);

    // Amy lost her phone: reset-user says what she will meet, deletes her app only
    // with --apply, and the page then lets her set up the new phone.
    let front = Helper::start("aws_defaults_front.py", &[&moto.url]);
    let factors = |user: &'static str| {
        let sdk = sdk.clone();
        let pool = pool.clone();
        async move {
            let got = sdk.admin_get_user().user_pool_id(&pool).username(user).send().await.unwrap();
            got.user_mfa_setting_list().to_vec()
        }
    };
    assert_eq!(factors("amy").await, ["SOFTWARE_TOKEN_MFA"]);
    let dry = admin(&front.url, &["reset-user", "--user-pool-id", &pool, "amy"]);
    assert_eq!(dry.code, 0, "{}{}", dry.stdout, dry.stderr);
    assert!(dry.stdout.contains("Would delete") && dry.stdout.contains("password alone"), "{}", dry.stdout);
    assert_eq!(factors("amy").await, ["SOFTWARE_TOKEN_MFA"], "a dry run deletes nothing");
    let reset = admin(&front.url, &["reset-user", "--user-pool-id", &pool, "amy", "--apply"]);
    assert_eq!(reset.code, 0, "{}{}", reset.stdout, reset.stderr);
    assert!(reset.stdout.starts_with("Deleted the authenticator app of amy"), "{}", reset.stdout);
    assert!(factors("amy").await.is_empty(), "her app is gone");
    // The page through the front, which plays the deleted app at sign-in as AWS does.
    let (endpoint, pool_id, client_id) = (front.url.clone(), pool.clone(), client.clone());
    tokio::task::spawn_blocking(move || switch_with_the_page(&endpoint, &pool_id, &client_id, "amy"))
        .await
        .unwrap();
    assert_eq!(factors("amy").await, ["SOFTWARE_TOKEN_MFA"], "the new phone, set up on the page");
    let nothing = admin(&front.url, &["reset-user", "--user-pool-id", &pool, "carol-who-is-not-there"]);
    assert_eq!(nothing.code, 2, "an unknown user is an error: {}", nothing.stderr);
    // One line that names the pool, the call and Cognito's cause.
    assert_eq!(
        nothing.stderr.trim(),
        format!("cognito-totp-admin: user pool {pool}: AdminGetUser failed: UserNotFoundException: User does not exist."),
    );
    let history =
        admin("http://127.0.0.1:9/", &["report", "--user-pool-id", &pool, "--history", "--output", "json"]);
    let history: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    let commands: Vec<&str> =
        history["actions"].as_array().unwrap().iter().map(|a| a["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["prepare", "finish", "reset-user"], "the reset in the ledger");
    assert!(history["actions"][2]["sent"].as_str().unwrap().contains(r#""Username":"amy""#));
}

/// The fields DescribeUserPoolClient returns, but the ones UpdateUserPoolClient
/// changes by itself (LastModifiedDate) and the flows `prepare` means to change.
fn settings(client: &UserPoolClientType) -> String {
    let mut copy = client.clone();
    copy.last_modified_date = None;
    copy.explicit_auth_flows = None;
    format!("{copy:?}")
}

#[tokio::test(flavor = "multi_thread")]
async fn prepare_keeps_every_other_app_client_setting_even_where_aws_resets_omitted_fields() {
    let moto = Moto::start();
    let front = Helper::start("aws_defaults_front.py", &[&moto.url]);
    let front_url = front.url.clone();
    let sdk = sdk(&moto.url).await;
    let (pool, _) = sms_only_pool(&sdk).await;
    // A client with every optional field set to something other than its default.
    let created = sdk
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("every-field")
        .refresh_token_validity(10)
        .access_token_validity(2)
        .id_token_validity(3)
        .token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Hours)
                .id_token(TimeUnitsType::Hours)
                .refresh_token(TimeUnitsType::Days)
                .build(),
        )
        .read_attributes("email")
        .write_attributes("email")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .supported_identity_providers("COGNITO")
        .callback_urls("https://portal.example.com/callback")
        .logout_urls("https://portal.example.com/bye")
        .default_redirect_uri("https://portal.example.com/callback")
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .allowed_o_auth_flows_user_pool_client(true)
        .analytics_configuration(
            AnalyticsConfigurationType::builder()
                .application_id("pinpoint-app")
                .external_id("ext")
                .user_data_shared(true)
                .build(),
        )
        .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Enabled)
        .enable_token_revocation(false)
        .enable_propagate_additional_user_context_data(false)
        .auth_session_validity(12)
        .send()
        .await
        .unwrap();
    let client_id = created.user_pool_client.unwrap().client_id.unwrap();
    let describe = || async {
        sdk.describe_user_pool_client()
            .user_pool_id(&pool)
            .client_id(&client_id)
            .send()
            .await
            .unwrap()
            .user_pool_client
            .unwrap()
    };
    let before = describe().await;

    let applied =
        admin(&front_url, &["prepare", "--user-pool-id", &pool, "--client-id", &client_id, "--apply"]);
    assert_eq!(applied.code, 0, "{}{}", applied.stdout, applied.stderr);
    let after = describe().await;
    let flows = |c: &UserPoolClientType| {
        let mut f: Vec<String> = c.explicit_auth_flows().iter().map(|f| f.as_str().to_owned()).collect();
        f.sort();
        f
    };
    assert_eq!(
        flows(&after),
        ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]
    );
    assert_eq!(settings(&after), settings(&before), "nothing but the flows changed");

    // Every field that had a value was sent back (AWS would reset the others).
    let omitted: Vec<String> = serde_json::from_str(
        &ureq::get(&format!("{front_url}omitted")).call().unwrap().body_mut().read_to_string().unwrap(),
    )
    .unwrap();
    let unset_before = |field: &str| match field {
        "RefreshTokenRotation" => before.refresh_token_rotation.is_none(),
        _ => false,
    };
    assert!(omitted.iter().all(|f| unset_before(f)), "fields left out of UpdateUserPoolClient: {omitted:?}");

    // The control: through the front, an update that leaves fields out loses them,
    // as on AWS; so the comparison above can fail.
    let through_front = self::sdk(&front_url).await;
    through_front
        .update_user_pool_client()
        .user_pool_id(&pool)
        .client_id(&client_id)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth)
        .send()
        .await
        .unwrap();
    let careless = describe().await;
    assert!(careless.callback_urls().is_empty(), "the front resets omitted fields: {careless:?}");
    assert_ne!(settings(&careless), settings(&before));
}

/// AWS asks a user of a pool that requires MFA (SMS allowed) for an SMS code when the
/// user has a phone number, although `UserMFASettingList` lists nothing (moto lists
/// nothing either): `report` counts that user as on SMS and `finish` keeps SMS for
/// them; a user without a phone has no factor at all.
#[tokio::test(flavor = "multi_thread")]
async fn an_mfa_required_pool_counts_users_with_a_phone_and_no_listed_factor_as_on_sms() {
    let moto = Moto::start();
    let sdk = sdk(&moto.url).await;
    let pool = pool_with_sms(&sdk, "required", UserPoolMfaType::On, true).await;
    for (username, phone) in [("carol", true), ("erin", false)] {
        user(&sdk, &pool, username, phone).await;
    }
    let listed = sdk.admin_get_user().user_pool_id(&pool).username("carol").send().await.unwrap();
    assert!(listed.user_mfa_setting_list().is_empty(), "moto lists no factor, as AWS does");

    let report = admin(&moto.url, &["report", "--user-pool-id", &pool, "--output", "json"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let totals: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!((totals["sms_only"].as_u64(), totals["no_factor"].as_u64()), (Some(1), Some(1)), "{totals}");
    assert_eq!(totals["sms_users"][0]["username"], "carol");

    let refused = admin(&moto.url, &["finish", "--user-pool-id", &pool, "--apply"]);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(refused.stdout.contains("carol"), "{}", refused.stdout);
    let still = sdk.get_user_pool_mfa_config().user_pool_id(&pool).send().await.unwrap();
    assert!(still.sms_mfa_configuration.is_some(), "SMS stays while carol signs in with it");
}
