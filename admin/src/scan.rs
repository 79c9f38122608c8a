//! Every user's MFA state: `ListUsers` page by page, then `AdminGetUser` for each
//! user (ListUsers does not return MFA settings), within a request rate and a
//! concurrency the admin can set, retrying throttling and server faults with
//! backoff. A user whose state cannot be read after the retries is counted as
//! unknown, never left out. Memory holds the counters and the users still on SMS,
//! not every user: names stream from the pages to the workers through a short queue.

use crate::error::{aws, Error, Result};
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, UserPoolMfaType, UserStatusType};
use aws_sdk_cognitoidentityprovider::Client;
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// How hard the report may push Cognito. Cognito's request-rate quotas are per
/// account and Region and shared by every pool and app in it, so the defaults stay
/// well below the documented defaults for these operations.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests per second, all operations together.
    pub rate: f64,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Attempts per request before a user is counted as unknown.
    pub attempts: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { rate: 25.0, concurrency: 4, attempts: 6 }
    }
}

/// A user's second factors, as AdminGetUser reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factors {
    /// SMS and nothing else: the users still to switch.
    SmsOnly,
    /// The authenticator app, without SMS.
    App,
    /// Both.
    Both,
    /// Email codes and no app (SMS or not): not stranded when SMS goes.
    Email,
    /// No second factor.
    None,
}

impl Factors {
    /// The factors of a [`name`](Self::name); `None` for any other text.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sms_only" => Some(Factors::SmsOnly),
            "app" => Some(Factors::App),
            "both" => Some(Factors::Both),
            "email" => Some(Factors::Email),
            "none" => Some(Factors::None),
            _ => None,
        }
    }

    /// The name the ledger and scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Factors::SmsOnly => "sms_only",
            Factors::App => "app",
            Factors::Both => "both",
            Factors::Email => "email",
            Factors::None => "none",
        }
    }

    /// From `UserMFASettingList` and the legacy `MFAOptions` (SMS set up before
    /// SetUserMFAPreference existed shows only there). `implicit_sms`: the pool
    /// requires MFA and allows SMS, and the user has a phone number; AWS then asks
    /// such a user for an SMS code although `UserMFASettingList` lists nothing
    /// (docs/aws-differences.md, `mfa-required-implicit-sms`), so a user who lists no
    /// factor is on SMS.
    pub fn of(settings: &[String], legacy_sms: bool, implicit_sms: bool) -> Self {
        let has = |f: &str| settings.iter().any(|s| s == f);
        let sms = has("SMS_MFA") || legacy_sms || (implicit_sms && settings.is_empty());
        match (sms, has("SOFTWARE_TOKEN_MFA"), has("EMAIL_OTP")) {
            (true, true, _) => Factors::Both,
            (true, false, false) => Factors::SmsOnly,
            (false, true, _) => Factors::App,
            (_, false, true) => Factors::Email,
            (false, false, false) => Factors::None,
        }
    }
}

/// A user still on SMS alone, for the admin's mail merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct SmsUser {
    /// The username.
    pub username: String,
    /// The email attribute, when there is one.
    pub email: String,
    /// Whether the user has confirmed the account (counted apart when not).
    pub confirmed: bool,
}

/// The totals of `report`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Enabled, confirmed users with SMS only.
    pub sms_only: u64,
    /// … with the authenticator app only.
    pub app_only: u64,
    /// … with both.
    pub both: u64,
    /// … with email codes and no app.
    pub email: u64,
    /// … with no second factor.
    pub no_factor: u64,
    /// Disabled users (not counted above).
    pub disabled: u64,
    /// Unconfirmed users and users who must change their password (not counted above).
    pub unconfirmed: u64,
    /// Users whose state could not be read after every retry.
    pub unknown: u64,
    /// Every user listed.
    pub total: u64,
    /// Enabled users, confirmed or not, whose only factor is SMS.
    pub sms_users: Vec<SmsUser>,
    /// Users whose state could not be read.
    pub unknown_users: Vec<String>,
    /// Requests sent, retries among them, and the throttling answers seen.
    pub requests: u64,
    /// Retries after throttling or a server fault.
    pub retries: u64,
    /// `TooManyRequestsException` answers.
    pub throttled: u64,
    /// Seconds the report took.
    pub seconds: f64,
    /// Users counted from the ledger instead of read again: read already in the run
    /// this one resumes, or on the app at the last read (unless `--full`).
    pub from_ledger: u64,
}

impl Report {
    /// Counts `user` with `factors` (`None`: their state could not be read).
    fn count(&mut self, user: Listed, factors: Option<Factors>) {
        self.total += 1;
        let Some(factors) = factors else {
            self.unknown += 1;
            self.unknown_users.push(user.username);
            return;
        };
        if user.enabled && factors == Factors::SmsOnly {
            self.sms_users.push(SmsUser {
                username: user.username,
                email: user.email,
                confirmed: user.confirmed,
            });
        }
        let bucket = match (user.enabled, user.confirmed, factors) {
            (false, _, _) => &mut self.disabled,
            (true, false, _) => &mut self.unconfirmed,
            (true, true, Factors::SmsOnly) => &mut self.sms_only,
            (true, true, Factors::App) => &mut self.app_only,
            (true, true, Factors::Both) => &mut self.both,
            (true, true, Factors::Email) => &mut self.email,
            (true, true, Factors::None) => &mut self.no_factor,
        };
        *bucket += 1;
    }
}

/// The factors the ledger knows of a user, who then is not read again; `None`: read.
pub type FromLedger<'a> = dyn Fn(&str) -> Option<Factors> + 'a;

/// Spaces requests `1 / rate` apart, across every task.
struct Pace {
    interval: Duration,
    next: Mutex<Instant>,
}

impl Pace {
    fn new(rate: f64) -> Self {
        Self { interval: Duration::from_secs_f64(1.0 / rate.max(0.01)), next: Mutex::new(Instant::now()) }
    }

    async fn wait(&self) {
        let at = {
            let mut next = self.next.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let at = (*next).max(Instant::now());
            *next = at + self.interval;
            at
        };
        tokio::time::sleep_until(at.into()).await;
    }
}

/// Shared counters of the requests.
#[derive(Default)]
struct Stats {
    requests: u64,
    retries: u64,
    throttled: u64,
}

/// Whether another attempt may cure the error: throttling, a server fault, no answer.
fn retryable(code: Option<&str>, is_service_error: bool) -> bool {
    matches!(code, Some("TooManyRequestsException" | "InternalErrorException" | "ThrottlingException"))
        || !is_service_error
}

/// Backoff before retry `n` (1, 2, ...): 200 ms doubled, capped at 5 s, with jitter.
fn backoff(n: u32, jitter: u64) -> Duration {
    let cap = (200u64 << n.min(5)).min(5000);
    Duration::from_millis(cap / 2 + jitter % (cap / 2 + 1))
}

/// Runs one request, `call` on `pool`, with pacing and retries; `Err` after the last
/// attempt.
async fn with_retries<T, E, F, Fut>(
    pace: &Pace,
    stats: &Mutex<Stats>,
    limits: Limits,
    (pool, call): (&str, &'static str),
    mut send: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, aws_sdk_cognitoidentityprovider::error::SdkError<E>>>,
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let mut attempt = 1;
    loop {
        pace.wait().await;
        let result = send().await;
        let retry = {
            let mut s = stats.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            s.requests += 1;
            match &result {
                Ok(_) => false,
                Err(error) => {
                    let code = error.code();
                    if code == Some("TooManyRequestsException") {
                        s.throttled += 1;
                    }
                    let again =
                        attempt < limits.attempts && retryable(code, error.as_service_error().is_some());
                    s.retries += u64::from(again);
                    again
                }
            }
        };
        match result {
            Ok(value) => return Ok(value),
            Err(error) if !retry => return Err(aws(pool, call)(error)),
            Err(_) => {}
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let jitter = u64::from(now.subsec_nanos()) ^ (u64::from(attempt) * 7919);
        tokio::time::sleep(backoff(attempt, jitter)).await;
        attempt += 1;
    }
}

fn email_of(attributes: &[AttributeType]) -> String {
    attributes.iter().find(|a| a.name() == "email").and_then(|a| a.value()).unwrap_or_default().to_owned()
}

/// One listed user, enough to read its MFA state.
struct Listed {
    username: String,
    email: String,
    enabled: bool,
    confirmed: bool,
    /// The user has a `phone_number` attribute.
    phone: bool,
}

/// Whether AWS counts SMS for a user with a phone number who lists no factor: the
/// pool requires MFA and allows SMS.
fn sms_is_implicit(mfa: &GetUserPoolMfaConfigOutput) -> bool {
    mfa.mfa_configuration == Some(UserPoolMfaType::On) && mfa.sms_mfa_configuration.is_some()
}

/// Reads every user of the pool.
///
/// # Errors
/// When the pool's MFA configuration or a page of ListUsers cannot be read after
/// every retry: the totals would be wrong, so there are none.
pub async fn run(
    client: &Client,
    pool_id: &str,
    limits: Limits,
    ledger: Option<std::sync::mpsc::SyncSender<(String, String)>>,
    known: Option<&FromLedger<'_>>,
) -> Result<Report> {
    let started = Instant::now();
    let pace = Arc::new(Pace::new(limits.rate));
    let stats = Arc::new(Mutex::new(Stats::default()));
    let report = Arc::new(Mutex::new(Report::default()));
    let estimate = client
        .describe_user_pool()
        .user_pool_id(pool_id)
        .send()
        .await
        .ok()
        .and_then(|d| d.user_pool.map(|p| p.estimated_number_of_users))
        .unwrap_or(0);
    let progress = Progress::new(u64::try_from(estimate).unwrap_or(0));
    let mfa = with_retries(&pace, &stats, limits, (pool_id, "GetUserPoolMfaConfig"), || {
        client.get_user_pool_mfa_config().user_pool_id(pool_id).send()
    })
    .await?;
    let implicit_sms = sms_is_implicit(&mfa);

    let (sender, receiver) = mpsc::channel::<Listed>(limits.concurrency * 2 + 60);
    let receiver = Arc::new(tokio::sync::Mutex::new(receiver));
    let mut workers = Vec::new();
    for _ in 0..limits.concurrency.max(1) {
        let (client, pool_id) = (client.clone(), pool_id.to_owned());
        let (pace, stats, report, receiver, progress) =
            (pace.clone(), stats.clone(), report.clone(), receiver.clone(), progress.clone());
        let ledger = ledger.clone();
        workers.push(tokio::spawn(async move {
            loop {
                let Some(user) = receiver.lock().await.recv().await else { break };
                let read = with_retries(&pace, &stats, limits, (&pool_id, "AdminGetUser"), || {
                    client.admin_get_user().user_pool_id(&pool_id).username(&user.username).send()
                })
                .await;
                // Each read to the ledger's writer (a thread of its own, in batches).
                let factors = read.as_ref().ok().map(|got| {
                    let legacy_sms = got.mfa_options().iter().any(|o| o.delivery_medium().is_some());
                    Factors::of(got.user_mfa_setting_list(), legacy_sms, implicit_sms && user.phone)
                });
                if let Some(ledger) = &ledger {
                    let _ = ledger
                        .send((user.username.clone(), factors.map_or("unknown", Factors::name).to_owned()));
                }
                let mut r = report.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                r.count(user, factors);
                progress.tick(r.total);
            }
        }));
    }

    let mut token: Option<String> = None;
    loop {
        let page = with_retries(&pace, &stats, limits, (pool_id, "ListUsers"), || {
            client.list_users().user_pool_id(pool_id).limit(60).set_pagination_token(token.clone()).send()
        })
        .await?;
        for user in page.users() {
            let listed = Listed {
                username: user.username().unwrap_or_default().to_owned(),
                email: email_of(user.attributes()),
                phone: user
                    .attributes()
                    .iter()
                    .any(|a| a.name() == "phone_number" && a.value().is_some_and(|v| !v.is_empty())),
                enabled: user.enabled(),
                confirmed: user.user_status() == Some(&UserStatusType::Confirmed)
                    || user.user_status() == Some(&UserStatusType::ExternalProvider),
            };
            // Known from the ledger: counted as it was read, not read again.
            if let Some(factors) = known.and_then(|known| known(&listed.username)) {
                if let Some(ledger) = &ledger {
                    let _ = ledger.send((listed.username.clone(), factors.name().to_owned()));
                }
                let mut r = report.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                r.from_ledger += 1;
                r.count(listed, Some(factors));
                progress.tick(r.total);
                continue;
            }
            if sender.send(listed).await.is_err() {
                break;
            }
        }
        token = page.pagination_token().map(str::to_owned).filter(|t| !t.is_empty());
        if token.is_none() {
            break;
        }
    }
    drop(sender);
    for worker in workers {
        worker.await.map_err(|_| Error::Internal("a reading task stopped"))?;
    }
    progress.finish();
    let mut report = Arc::try_unwrap(report)
        .map_err(|_| Error::Internal("the report is still shared"))?
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let stats = stats.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    report.requests = stats.requests;
    report.retries = stats.retries;
    report.throttled = stats.throttled;
    report.seconds = started.elapsed().as_secs_f64();
    report.sms_users.sort();
    report.unknown_users.sort();
    Ok(report)
}

/// A progress bar with an ETA on stderr, only when stderr is a terminal.
#[derive(Clone)]
struct Progress {
    total: u64,
    started: Instant,
    shown: bool,
}

impl Progress {
    fn new(total: u64) -> Self {
        Self { total, started: Instant::now(), shown: std::io::stderr().is_terminal() }
    }

    fn tick(&self, done: u64) {
        if !self.shown || !done.is_multiple_of(20) {
            return;
        }
        let elapsed = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = done as f64 / elapsed;
        let total = self.total.max(done);
        let left = ((total - done) as f64 / rate.max(0.001)) as u64;
        let filled = (done * 30).checked_div(total).unwrap_or(0) as usize;
        let bar = format!("{}{}", "#".repeat(filled), " ".repeat(30 - filled.min(30)));
        let _ = write!(
            std::io::stderr(),
            "\r[{bar}] {done}/{total}  {rate:.0}/s  ETA {}m {:02}s ",
            left / 60,
            left % 60
        );
    }

    fn finish(&self) {
        if self.shown {
            let _ = writeln!(std::io::stderr());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_count_legacy_sms_and_every_mix() {
        let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(Factors::of(&list(&["SMS_MFA"]), false, false), Factors::SmsOnly);
        assert_eq!(
            Factors::of(&list(&[]), true, false),
            Factors::SmsOnly,
            "SMS through the legacy MFAOptions"
        );
        assert_eq!(Factors::of(&list(&["SMS_MFA", "SOFTWARE_TOKEN_MFA"]), false, false), Factors::Both);
        assert_eq!(Factors::of(&list(&["SOFTWARE_TOKEN_MFA"]), false, false), Factors::App);
        assert_eq!(Factors::of(&list(&["EMAIL_OTP"]), false, false), Factors::Email);
        assert_eq!(
            Factors::of(&list(&["SMS_MFA", "EMAIL_OTP"]), false, false),
            Factors::Email,
            "not stranded by SMS off"
        );
        assert_eq!(Factors::of(&list(&[]), false, false), Factors::None);
    }

    #[test]
    fn factors_count_implicit_sms_where_mfa_is_required() {
        let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            Factors::of(&list(&[]), false, true),
            Factors::SmsOnly,
            "MFA required, a phone number, nothing listed: AWS asks for an SMS code"
        );
        assert_eq!(
            Factors::of(&list(&["SOFTWARE_TOKEN_MFA"]), false, true),
            Factors::App,
            "the app is listed"
        );
        let pool = |mode, sms: bool| {
            let mut out = GetUserPoolMfaConfigOutput::builder().mfa_configuration(mode);
            if sms {
                out = out.sms_mfa_configuration(
                    aws_sdk_cognitoidentityprovider::types::SmsMfaConfigType::builder().build(),
                );
            }
            out.build()
        };
        assert!(sms_is_implicit(&pool(UserPoolMfaType::On, true)));
        assert!(!sms_is_implicit(&pool(UserPoolMfaType::Optional, true)), "optional: listed factors only");
        assert!(!sms_is_implicit(&pool(UserPoolMfaType::On, false)), "no SMS in the pool");
    }

    #[test]
    fn backoff_doubles_is_capped_and_never_zero() {
        assert!(backoff(1, 0) >= Duration::from_millis(200));
        assert!(backoff(1, u64::MAX) <= Duration::from_millis(400));
        assert!(backoff(9, u64::MAX) <= Duration::from_millis(5000));
        assert!(retryable(Some("TooManyRequestsException"), true));
        assert!(retryable(None, false), "no answer at all");
        assert!(!retryable(Some("UserNotFoundException"), true));
    }
}
