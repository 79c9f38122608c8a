//! `report` against a fake of ListUsers and AdminGetUser that enforces a request
//! quota (tests/quota_fake.py): asked to go faster than the quota, the report is
//! throttled, retries, and still counts every user; one user whose every read fails
//! is listed as unknown, not lost. (The 20,000-user measurement is
//! `node bench/admin-report.mjs`, not a test.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{admin_command, Helper};

#[test]
fn a_throttled_report_retries_and_misses_no_user() {
    let fake = Helper::start("quota_fake.py", &["--users", "600", "--rate", "300", "--broken", "user-00042"]);
    let out =
        admin_command(&fake.url, &["report", "--user-pool-id", "ap-northeast-1_Fake1", "--output", "json"])
            .args(["--rate", "450", "--concurrency", "8"])
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
