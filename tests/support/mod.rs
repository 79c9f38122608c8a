//! A moto Cognito emulator per test, a blocking transport for the core, and TOTP
//! codes as a phone computes them.

// Test helpers fail loudly: a panic here is a failed test, never a page.
#![allow(dead_code, missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cognito_totp_enroll::cognito::{HttpResponse, Request, CONTENT_TYPE};
use cognito_totp_enroll::flow::{Platform, Transport};
use cognito_totp_enroll::srp::{BigArith, NativeArith};
use cognito_totp_enroll::{Error, RawConfig};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A config from the seed script's JSON, read as the page reads `config.json`.
pub fn raw_config(value: &serde_json::Value) -> RawConfig {
    RawConfig::from_json(&mut cognito_totp_enroll::json::Json::parse(&value.to_string()).unwrap()).unwrap()
}

/// A moto server on a free loopback port, killed when dropped.
pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    /// Starts moto with TOTP checking on (`MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP`).
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server on PATH (npm test installs it)");
        let moto = Moto { child, url: format!("http://127.0.0.1:{port}/") };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto did not start within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// Seeds the demo pool (scripts/seed_demo.py, the one `npm start` uses).
    pub fn seed_demo(&self) -> Demo {
        let out = Command::new("python3")
            .args(["scripts/seed_demo.py", &self.url])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("python3");
        assert!(out.status.success(), "seed failed: {}", String::from_utf8_lossy(&out.stderr));
        let seeded: Value = serde_json::from_slice(&out.stdout).unwrap();
        let raw: RawConfig = raw_config(&seeded["config"]);
        Demo {
            pool_id: seeded["config"]["userPoolId"].as_str().unwrap().to_owned(),
            password: seeded["users"]["demo-sms"]["password"].as_str().unwrap().to_owned(),
            raw,
            seeded,
            moto_url: self.url.clone(),
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The seeded demo pools (see scripts/seed_demo.py).
pub struct Demo {
    /// The optional-MFA pool.
    pub raw: RawConfig,
    pub pool_id: String,
    /// demo-sms's password.
    pub password: String,
    pub seeded: Value,
    moto_url: String,
}

impl Demo {
    /// The user's MFA state in the optional-MFA pool, read through the admin API.
    pub fn admin_get_user(&self, username: &str) -> Value {
        self.admin_get_user_in(&self.pool_id, username)
    }

    /// The same in any pool.
    pub fn admin_get_user_in(&self, pool_id: &str, username: &str) -> Value {
        admin_call(&self.moto_url, "AdminGetUser", json!({"UserPoolId": pool_id, "Username": username}))
    }

    /// The password of a seeded user of the optional pool.
    pub fn password_of(&self, username: &str) -> String {
        self.seeded["users"][username]["password"].as_str().unwrap().to_owned()
    }

    /// The pool that requires MFA.
    pub fn required_pool(&self) -> RawConfig {
        raw_config(&self.seeded["required"]["config"])
    }
}

/// Calls a moto admin operation. moto routes by the region in the credential scope
/// and does not check the signature.
pub fn admin_call(url: &str, operation: &str, body: Value) -> Value {
    let auth = "AWS4-HMAC-SHA256 Credential=demo/20260101/ap-northeast-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0";
    let mut response = ureq::post(url)
        .header("Content-Type", CONTENT_TYPE)
        .header("X-Amz-Target", format!("AWSCognitoIdentityProviderService.{operation}"))
        .header("Authorization", auth)
        .send(body.to_string())
        .unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

/// Randomness (not cryptographic: tests only), the real clock, num-bigint.
pub struct TestPlatform;

impl Platform for TestPlatform {
    fn random_bytes(&self, out: &mut [u8]) -> Result<(), Error> {
        use sha1::Digest;
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let seed = format!("{n}-{:?}", SystemTime::now());
        for (i, chunk) in out.chunks_mut(20).enumerate() {
            let digest = sha1::Sha1::digest(format!("{seed}-{i}"));
            chunk.copy_from_slice(&digest[..chunk.len()]);
        }
        Ok(())
    }
    fn unix_time(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
    }
    fn arith(&self) -> &dyn BigArith {
        &NativeArith
    }
}

/// Calls a user-side (unauthenticated) Cognito operation, as a host page would.
pub fn user_call(url: &str, operation: &str, body: Value) -> Value {
    let mut response = ureq::post(url)
        .header("Content-Type", CONTENT_TYPE)
        .header("X-Amz-Target", format!("AWSCognitoIdentityProviderService.{operation}"))
        .send(body.to_string())
        .unwrap();
    serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap()
}

/// The core's transport over a blocking native client.
pub struct NativeTransport {
    pub endpoint: String,
    pub log: std::cell::RefCell<Vec<String>>,
    pub bodies: std::cell::RefCell<Vec<String>>,
}

impl NativeTransport {
    pub fn new(endpoint: &str) -> Self {
        Self { endpoint: endpoint.to_owned(), log: Default::default(), bodies: Default::default() }
    }
}

impl Transport for NativeTransport {
    async fn sleep(&self, ms: u32) {
        std::thread::sleep(Duration::from_millis(u64::from(ms)));
    }

    async fn send(&self, request: &Request) -> Result<HttpResponse, Error> {
        self.log.borrow_mut().push(request.operation.name().to_owned());
        self.bodies.borrow_mut().push(request.body.clone());
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent
            .post(&self.endpoint)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-Amz-Target", request.operation.target())
            .send(request.body.as_str())
            .map_err(|e| Error::Network(e.to_string()))?;
        let error_type =
            response.headers().get("x-amzn-ErrorType").and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(HttpResponse {
            status: response.status().as_u16(),
            error_type,
            body: response.body_mut().read_to_string().map_err(|e| Error::Network(e.to_string()))?,
        })
    }
}

/// The code an authenticator app shows for `secret` (base32) now. Waits for the
/// next 30 s step when fewer than 3 s are left, since moto accepts the current step only.
pub fn totp_now(secret: &str) -> String {
    let now = || SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    if now() % 30 > 27 {
        std::thread::sleep(Duration::from_secs(30 - now() % 30));
    }
    totp_at(secret, now())
}

/// RFC 6238 TOTP with Cognito's parameters: SHA1, 6 digits, 30 s.
pub fn totp_at(secret: &str, unix_seconds: u64) -> String {
    let key = base32_decode(secret);
    let mut mac = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key).unwrap();
    mac.update(&(unix_seconds / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

/// RFC 4648 base32, case-insensitive, unpadded; trailing bits are dropped.
pub fn base32_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut acc, mut out) = (0u32, 0u64, Vec::new());
    for c in text.bytes().filter(|c| *c != b'=' && *c != b' ') {
        let value = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase()).expect("base32 digit");
        acc = (acc << 5) | value as u64;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn totp_matches_rfc6238_sha1_vector() {
    // RFC 6238 appendix B, SHA1 key "12345678901234567890", T = 59 -> 94287082 (8 digits).
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp_at(secret, 59), "287082");
    assert_eq!(totp_at(secret, 1111111109), "081804");
}
