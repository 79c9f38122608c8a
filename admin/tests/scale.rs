//! `report` against a fake of ListUsers and AdminGetUser that enforces a request
//! quota (tests/quota_fake.py): asked to go faster than the quota, the report is
//! throttled, retries, and still counts every user; one user whose every read fails
//! is listed as unknown, not lost. (The 20,000-user measurement is
//! `node bench/admin-report.mjs`, not a test.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_throttled_report_retries_and_misses_no_user() {
    let mut fake = Killed(
        Command::new("python3")
            .args([
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/quota_fake.py"),
                "--users",
                "600",
                "--rate",
                "300",
            ])
            .args(["--broken", "user-00042"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut port = String::new();
    BufReader::new(fake.0.stdout.take().unwrap()).read_line(&mut port).unwrap();
    let endpoint = format!("http://127.0.0.1:{}/", port.trim());
    let out = Command::new(env!("CARGO_BIN_EXE_cognito-totp-admin"))
        .args(["report", "--user-pool-id", "ap-northeast-1_Fake1", "--output", "json"])
        .args(["--rate", "450", "--concurrency", "8", "--endpoint-url", &endpoint])
        .env("AWS_ACCESS_KEY_ID", "demo")
        .env("AWS_SECRET_ACCESS_KEY", "demo")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .output()
        .unwrap();
    drop(fake);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |key: &str| report[key].as_u64().unwrap();
    // Per hundred users: 30 SMS only, 40 app, 10 both, 10 none, 10 email; user 50 of
    // each hundred disabled (SMS only), user 51 unconfirmed (SMS only).
    assert_eq!(n("total"), 600, "every user counted");
    assert_eq!(report["unknown_users"], serde_json::json!(["user-00042"]), "the broken one listed");
    assert_eq!(
        (
            n("sms_only"),
            n("app_only"),
            n("both"),
            n("no_factor"),
            n("email"),
            n("disabled"),
            n("unconfirmed")
        ),
        (167, 240, 60, 60, 60, 6, 6)
    );
    assert_eq!(
        report["sms_users"].as_array().unwrap().len(),
        173,
        "enabled users on SMS alone, confirmed or not"
    );
    assert!(n("throttled") > 0, "asked for more than the quota, it was throttled: {report}");
    assert!(n("retries") >= n("throttled"), "and retried every throttled request: {report}");
}

/// A child process killed when the test ends, whether it passed or panicked.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
