//! What only a browser can tell: `fetch` against moto (CORS included) and the widget
//! in a real DOM. Run by `npm test`, which starts moto, seeds it and passes the config
//! in `CTE_TEST_CONFIG` at compile time.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers

mod srp_fixture;

use cognito_totp_enroll::flow::{advance, Enrollment, Factor, Input, Step};
use cognito_totp_enroll::wasm::{mount, BrowserPlatform, FetchTransport, JsArith};
use cognito_totp_enroll::{qr, Config, RawConfig, Secret};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// A config from the seed script's JSON, read as the page reads `config.json`.
fn raw_config(value: &serde_json::Value) -> RawConfig {
    RawConfig::from_json(&mut cognito_totp_enroll::json::Json::parse(&value.to_string()).unwrap()).unwrap()
}

wasm_bindgen_test_configure!(run_in_browser);

const SEEDED: Option<&str> = option_env!("CTE_TEST_CONFIG");

fn seeded() -> serde_json::Value {
    let text = SEEDED.expect("CTE_TEST_CONFIG must hold the seeded moto config (npm test sets it)");
    serde_json::from_str(text).unwrap()
}

fn config() -> Config {
    raw_config(&seeded()["config"]).validate().unwrap()
}

fn password() -> String {
    seeded()["users"]["demo-sms"]["password"].as_str().unwrap().to_owned()
}

/// A plain JS object, as a host page passes options (not a `Map`).
fn js_object(value: &serde_json::Value) -> wasm_bindgen::JsValue {
    use serde::Serialize;
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `selector` matches inside `root`, up to five seconds.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        sleep(50).await;
    }
    panic!("{selector} never appeared; page: {}", root.inner_html());
}

#[wasm_bindgen_test]
async fn fetch_transport_signs_in_through_sms_against_moto() {
    let config = config();
    let transport = FetchTransport::new(&config.endpoint, config.request_timeout_ms);
    let mut flow = Enrollment::new(config, Box::new(BrowserPlatform));
    let input = Input::SignIn { username: "demo-sms".into(), password: Secret::new(password()) };
    let step = advance(&mut flow, &transport, input).await.unwrap();
    assert!(matches!(step, Step::ChallengeCode { .. }), "{step:?}");
    let step = advance(&mut flow, &transport, Input::ChallengeCode("123456".into())).await.unwrap();
    let Step::Account(state) = step else { panic!("account step expected: {step:?}") };
    assert!(state.has(Factor::Sms) || state.has(Factor::Totp), "{state:?}");
}

#[wasm_bindgen_test]
async fn fetch_transport_reads_cognito_errors_from_the_body() {
    // moto exposes no x-amzn-ErrorType header to scripts, so the body must do.
    // moto checks passwords only under USER_PASSWORD_AUTH.
    let mut raw: RawConfig = raw_config(&seeded()["config"]);
    raw.auth_flow = Some("USER_PASSWORD_AUTH".into());
    let config = raw.validate().unwrap();
    let transport = FetchTransport::new(&config.endpoint, config.request_timeout_ms);
    let mut flow = Enrollment::new(config, Box::new(BrowserPlatform));
    let input = Input::SignIn { username: "demo-sms".into(), password: Secret::new("wrong-Passw0rd") };
    let err = advance(&mut flow, &transport, input).await.unwrap_err();
    assert_eq!(err.code(), "NotAuthorizedException");
}

#[wasm_bindgen_test]
async fn unreachable_endpoint_is_a_network_error() {
    let mut raw: RawConfig = raw_config(&seeded()["config"]);
    raw.endpoint = Some("http://127.0.0.1:9/".into());
    let config = raw.validate().unwrap();
    let transport = FetchTransport::new(&config.endpoint, config.request_timeout_ms);
    let mut flow = Enrollment::new(config, Box::new(BrowserPlatform));
    let input = Input::SignIn { username: "demo-sms".into(), password: Secret::new("x") };
    assert_eq!(advance(&mut flow, &transport, input).await.unwrap_err().code(), "NetworkError");
}

#[wasm_bindgen_test]
fn qr_svg_renders_at_its_size_in_a_real_dom() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let svg = qr::svg("otpauth://totp/Demo:alice?secret=ASDFASDFASDF&issuer=Demo", 200).unwrap();
    host.set_inner_html(&svg);
    let svg_el = host.query_selector("svg").unwrap().expect("an <svg> element");
    let rect = svg_el.get_bounding_client_rect();
    assert!(rect.width() == 200.0 && rect.height() == 200.0, "{}x{}", rect.width(), rect.height());
    assert!(host.query_selector("svg path").unwrap().is_some(), "modules drawn");
    host.remove();
}

#[wasm_bindgen_test]
async fn widget_signs_in_and_shows_the_sms_code_step() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let options = js_object(&seeded()["config"]);
    let widget = mount(host.clone(), options).unwrap();

    let labels: Vec<String> = (0..host.query_selector_all("label").unwrap().length())
        .map(|i| host.query_selector_all("label").unwrap().item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(labels, ["Username", "Password"]);
    let inputs = host.query_selector_all("input").unwrap();
    let user: HtmlInputElement = inputs.item(0).unwrap().dyn_into().unwrap();
    let pass: HtmlInputElement = inputs.item(1).unwrap().dyn_into().unwrap();
    user.set_value("demo-sms");
    pass.set_value(&password());
    let button: HtmlElement = host.query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    button.click();
    let code = wait_for(&host, "input[autocomplete=one-time-code]").await;
    assert_eq!(code.get_attribute("inputmode").as_deref(), Some("numeric"));
    let heading = host.query_selector("h2").unwrap().unwrap();
    assert_eq!(document().active_element(), Some(heading), "focus moves to the new step's heading");

    widget.destroy();
    assert_eq!(host.child_element_count(), 0, "destroy removes the widget");
    host.remove();
}

#[wasm_bindgen_test]
fn mount_rejects_a_bad_config_naming_the_field() {
    let host = document().create_element("div").unwrap();
    let options = js_object(&serde_json::json!({"userPoolId": "nope", "clientId": "abc"}));
    let err = mount(host, options).err().expect("bad config must throw");
    let field = js_sys::Reflect::get(&err, &"field".into()).unwrap();
    let code = js_sys::Reflect::get(&err, &"code".into()).unwrap();
    assert_eq!(
        (code.as_string().as_deref(), field.as_string().as_deref()),
        (Some("ConfigError"), Some("userPoolId"))
    );
}

#[wasm_bindgen_test]
fn js_bigint_arithmetic_matches_amazon_cognito_identity_js() {
    // The same 240 vectors as tests/srp_vectors.rs, on the arithmetic the page uses.
    srp_fixture::check_every_vector(&JsArith);
}
