//! `report` against a fake of ListUsers and AdminGetUser that enforces a request
//! quota (tests/quota_fake.py): asked to go faster than the quota, the report is
//! throttled, retries, and still counts every user; one user whose every read fails
//! is listed as unknown, not lost. A report killed midway resumes from the ledger and
//! counts every user once; a later report reads only users not yet on the app. (The
//! 20,000-user measurement is `node bench/admin-report.mjs`, not a test.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{admin_command, Helper};

/// The report's counts: SMS only, app, both, none, email, disabled, unconfirmed.
fn by_factor(report: &serde_json::Value) -> (u64, u64, u64, u64, u64, u64, u64) {
    let n = |key: &str| report[key].as_u64().unwrap();
    (n("sms_only"), n("app_only"), n("both"), n("no_factor"), n("email"), n("disabled"), n("unconfirmed"))
}

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
    assert_eq!(by_factor(&report), (167, 240, 60, 60, 60, 6, 6));
    assert_eq!(
        report["sms_users"].as_array().unwrap().len(),
        173,
        "enabled users on SMS alone, confirmed or not"
    );
    assert!(n("throttled") > 0, "asked for more than the quota, it was throttled: {report}");
    assert!(n("retries") >= n("throttled"), "and retried every throttled request: {report}");
}

/// The fake's `GET /stats`.
fn stats(url: &str) -> serde_json::Value {
    serde_json::from_str(&ureq::get(url).call().unwrap().body_mut().read_to_string().unwrap()).unwrap()
}

#[test]
fn a_report_killed_midway_resumes_counting_every_user_once_and_a_later_one_reads_only_users_not_on_the_app() {
    const USERS: u64 = 3000;
    let fake = Helper::start("quota_fake.py", &["--users", "3000", "--rate", "600"]);
    let ledger = std::env::temp_dir().join(format!("scale-ledger-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&ledger);
    let report = |more: &[&str]| {
        let mut command = admin_command(
            &fake.url,
            &["report", "--user-pool-id", "ap-northeast-1_Fake1", "--output", "json"],
        );
        command
            .args(["--rate", "500", "--concurrency", "8", "--ledger", ledger.to_str().unwrap()])
            .args(more);
        command
    };
    // Killed once about a third of the users are read.
    let mut killed =
        report(&[]).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    while stats(&fake.url)["reads"].as_u64().unwrap() < USERS / 3 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    killed.kill().unwrap();
    killed.wait().unwrap();
    let before = stats(&fake.url)["reads"].as_u64().unwrap();

    let resumed = report(&[]).output().unwrap();
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    assert!(String::from_utf8_lossy(&resumed.stderr).contains("Resuming"), "says it resumes");
    let totals: serde_json::Value = serde_json::from_slice(&resumed.stdout).unwrap();
    let n = |key: &str| totals[key].as_u64().unwrap();
    assert_eq!(n("total"), USERS, "every user counted, none twice");
    // Per ten users: 3 SMS only, 4 app, 1 both, 1 none, 1 email; 1 % disabled and
    // 1 % unconfirmed (both on SMS).
    assert_eq!(by_factor(&totals), (840, 1200, 300, 300, 300, 30, 30));
    let again = stats(&fake.url)["reads"].as_u64().unwrap() - before;
    assert!(
        n("from_ledger") > 0 && again < USERS - n("from_ledger") + 1,
        "read {again} again, {} from the ledger",
        n("from_ledger")
    );
    assert!(
        before + again < USERS + 600,
        "at most the reads of an uncommitted batch are made twice: {before} + {again}"
    );

    // The next report of the unchanged pool reads only the users not on the app.
    let start = stats(&fake.url)["reads"].as_u64().unwrap();
    let later = report(&[]).output().unwrap();
    assert!(later.status.success());
    let later: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!(later["total"].as_u64(), Some(USERS));
    assert_eq!(later["app_only"].as_u64(), Some(1200), "counted from the ledger as they were");
    let reads = stats(&fake.url)["reads"].as_u64().unwrap() - start;
    assert_eq!(reads, USERS / 2, "the half on the app (or both) is not read again");
    // --full reads everyone.
    let start = stats(&fake.url)["reads"].as_u64().unwrap();
    assert!(report(&["--full"]).output().unwrap().status.success());
    assert_eq!(stats(&fake.url)["reads"].as_u64().unwrap() - start, USERS);
    drop(fake);
    let _ = std::fs::remove_file(&ledger);
}
