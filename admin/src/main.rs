//! `cognito-totp-admin`: the admin's half of moving a Cognito user pool off SMS MFA.
//!
//! 1. `check`: can the enrollment page work against this pool and app client?
//! 2. `prepare`: make the changes `check` asks for (with `--apply`).
//! 3. share the page; `report` shows who has switched and lists who has not.
//! 4. `finish`: turn SMS MFA off for the pool once nobody would be stranded.
//!
//! Every command that changes anything prints what it would change and changes
//! nothing without `--apply`. Credentials and region come from the AWS SDK's standard
//! chain (environment, profile, SSO, instance role); `--endpoint-url` points it at a
//! local emulator.

mod change;
mod finish;
mod html;
mod lang;
mod ledger;
mod output;
mod pool;
mod report;
mod reset;

use aws_sdk_cognitoidentityprovider::types::UserPoolMfaType;
use aws_sdk_cognitoidentityprovider::Client;
use clap::{Args, Parser, Subcommand};
use lang::Texts;
use output::{Format, Table};
use pool::{PageConfig, Plan, Pool};
use std::process::ExitCode;

/// Check and prepare a Cognito user pool for the TOTP enrollment page, report who has
/// switched from SMS, and turn SMS MFA off once nobody would be left without a factor.
#[derive(Debug, Parser)]
#[command(name = "cognito-totp-admin", version)]
struct Cli {
    /// Language of the messages: ja or en (default: from LANG / LC_ALL).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// How to print results.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    output: Format,
    /// Another Cognito endpoint (a local emulator); the regional one by default.
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")]
    endpoint_url: Option<String>,
    /// The AWS region (default: the one in the pool id).
    #[arg(long, global = true)]
    region: Option<String>,
    /// An AWS profile from ~/.aws/config.
    #[arg(long, global = true)]
    profile: Option<String>,
    /// The campaign's ledger, a SQLite file: each report's counts and reads, and
    /// every change the tool made (default: cognito-totp-<pool id>.sqlite here).
    #[arg(long, global = true)]
    ledger: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Can the page work against this pool? Exit status 1 when it cannot.
    Check(Target),
    /// Make the changes `check` asks for. Prints them; makes them with --apply.
    Prepare {
        #[command(flatten)]
        target: Target,
        /// Make the changes (without it, nothing is changed).
        #[arg(long)]
        apply: bool,
    },
    /// Every user's MFA state; with --output csv, the users still on SMS.
    Report {
        #[command(flatten)]
        pool: PoolArg,
        #[command(flatten)]
        limits: LimitArgs,
        /// Print the counts of every report in the ledger instead (no call to AWS).
        #[arg(long)]
        history: bool,
        /// Read every user again, those on the app at their last read too (by default
        /// a report counts them from the ledger: only users not yet on the app are read).
        #[arg(long)]
        full: bool,
        /// Also write one self-contained HTML page: the campaign's progress by day
        /// and the people still on SMS alone.
        #[arg(long)]
        html: Option<std::path::PathBuf>,
    },
    /// A lost phone: delete the user's authenticator app, so that they set up the new
    /// phone on the page. Says first what they will meet at their next sign-in, and
    /// refuses where they could not sign in at all. Deletes it with --apply.
    ResetUser {
        #[command(flatten)]
        pool: PoolArg,
        /// The user, by username.
        username: String,
        /// Delete the app (without it, nothing is changed).
        #[arg(long)]
        apply: bool,
    },
    /// Turn SMS MFA off for the pool, once no enabled user has SMS as their only factor.
    Finish {
        #[command(flatten)]
        pool: PoolArg,
        #[command(flatten)]
        limits: LimitArgs,
        /// A file naming, one a line, exactly the users you accept to leave without
        /// SMS (as `finish` lists them).
        #[arg(long)]
        accept_users: Option<std::path::PathBuf>,
        /// Turn SMS off (without it, nothing is changed).
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Args)]
struct PoolArg {
    /// The user pool, `{region}_{id}`.
    #[arg(long)]
    user_pool_id: String,
}

#[derive(Debug, Args)]
struct Target {
    /// The user pool, `{region}_{id}`.
    #[arg(long)]
    user_pool_id: String,
    /// The app client the page signs in with.
    #[arg(long)]
    client_id: String,
    /// The page's config.json: checked to name this pool and client; its authFlow
    /// decides whether ALLOW_USER_PASSWORD_AUTH is needed.
    #[arg(long)]
    page_config: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
struct LimitArgs {
    /// Requests per second to Cognito, all operations together. The request-rate
    /// quotas are per account and Region, shared with every app there.
    #[arg(long, default_value_t = report::Limits::default().rate)]
    rate: f64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = report::Limits::default().concurrency)]
    concurrency: usize,
}

impl LimitArgs {
    fn limits(&self) -> report::Limits {
        report::Limits { rate: self.rate, concurrency: self.concurrency.max(1), ..report::Limits::default() }
    }
}

/// An SDK error as one line: the error code and message when Cognito sent them.
pub fn sdk_error<E, R>(error: aws_sdk_cognitoidentityprovider::error::SdkError<E, R>) -> String
where
    E: aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
    R: std::fmt::Debug,
{
    use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_owned(),
        _ => format!("{}", aws_sdk_cognitoidentityprovider::error::DisplayErrorContext(&error)),
    }
}

async fn client(cli: &Cli, pool_id: &str) -> Client {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(profile) = &cli.profile {
        loader = loader.profile_name(profile);
    }
    let from_pool = pool_id.split_once('_').map(|(region, _)| region.to_owned());
    let region = cli.region.clone().or(from_pool);
    if let Some(region) = region {
        loader = loader.region(aws_config::Region::new(region));
    }
    if let Some(url) = &cli.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    let config = aws_sdk_cognitoidentityprovider::config::Builder::from(&config)
        // The report retries on its own, counting and pacing every attempt.
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
        .build();
    Client::from_conf(config)
}

fn read_page_config(path: Option<&std::path::Path>) -> Result<Option<PageConfig>, String> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    PageConfig::parse(&text).map(Some).map_err(|e| format!("{}: {e}", path.display()))
}

fn print(format: Format, table: &Table, json: &impl serde::Serialize) {
    match format {
        Format::Table => print!("{}", table.text()),
        Format::Csv => print!("{}", table.csv()),
        Format::Json => print_json(json),
    }
}

fn print_json(value: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}

/// Human lines (plans, verdicts) go to stdout in table form and to stderr otherwise,
/// so json and csv output stay machine-readable.
fn say(format: Format, line: &str) {
    if format == Format::Table {
        println!("{line}");
    } else {
        eprintln!("{line}");
    }
}

async fn check(cli: &Cli, target: &Target, t: &Texts) -> Result<ExitCode, String> {
    let page = read_page_config(target.page_config.as_deref())?;
    let client = client(cli, &target.user_pool_id).await;
    let pool = Pool::read(&client, &target.user_pool_id, &target.client_id).await?;
    let checks = pool::checks(&pool, &target.user_pool_id, &target.client_id, page.as_ref(), t);
    let mut table = Table::new(&[t.col_check, t.col_result, t.col_detail]);
    for c in &checks {
        table.row(vec![c.check.clone(), c.result.clone(), c.detail.clone()]);
    }
    print(cli.output, &table, &checks);
    let fails = checks.iter().any(|c| c.fails);
    say(cli.output, if fails { t.check_failed } else { t.check_passed });
    Ok(if fails { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

async fn prepare(cli: &Cli, target: &Target, apply: bool, t: &Texts) -> Result<ExitCode, String> {
    let page = read_page_config(target.page_config.as_deref())?;
    let client = client(cli, &target.user_pool_id).await;
    let pool = Pool::read(&client, &target.user_pool_id, &target.client_id).await?;
    let plan = Plan::for_pool(&pool, page.as_ref());
    let changes = plan.changes(t);
    if pool.client.client_secret().is_some() {
        say(cli.output, t.cannot_fix_secret);
    }
    if plan.is_empty() {
        say(cli.output, t.nothing_to_change);
        return Ok(ExitCode::SUCCESS);
    }
    // "Changed:" only once the changes are made: the messages come in the order
    // things happened (a failed change says so instead).
    if apply {
        let ids: Vec<&str> = changes.iter().map(|c| c.id).collect();
        let sent = serde_json::json!({ "client_id": target.client_id, "changes": ids, "add_auth_flows": plan.add_flows });
        open_ledger(cli, &target.user_pool_id)?.record_action(&target.user_pool_id, "prepare", &sent)?;
        if plan.enable_totp || plan.mfa_optional {
            let enable = change::MfaChange::EnableTotp { optional_if_off: plan.mfa_optional };
            change::set_mfa(&client, &target.user_pool_id, &pool.mfa, enable).await?;
        }
        if !plan.add_flows.is_empty() {
            change::set_client_flows(&client, &pool, pool::flows_with(&pool.client, &plan.add_flows)).await?;
        }
        say(cli.output, t.changed);
        for change in &changes {
            say(cli.output, &format!("  - {}", change.text));
        }
    } else {
        say(cli.output, t.would_change);
        for change in &changes {
            say(cli.output, &format!("  - {}", change.text));
        }
        say(cli.output, t.dry_run);
    }
    if cli.output == Format::Json {
        print_json(&serde_json::json!({ "applied": apply, "changes": changes }));
    }
    Ok(ExitCode::SUCCESS)
}

fn report_table(report: &report::Report, t: &Texts) -> Table {
    let mut table = Table::new(&[t.col_users, t.col_count]);
    for (label, n) in [
        (t.sms_only, report.sms_only),
        (t.app_only, report.app_only),
        (t.both, report.both),
        (t.email, report.email),
        (t.no_factor, report.no_factor),
        (t.disabled, report.disabled),
        (t.unconfirmed, report.unconfirmed),
        (t.unknown, report.unknown),
        (t.total, report.total),
    ] {
        table.row(vec![label.to_owned(), n.to_string()]);
    }
    table
}

fn sms_table(report: &report::Report) -> Table {
    let mut table = Table::new(&["username", "email"]);
    for user in &report.sms_users {
        table.row(vec![user.username.clone(), user.email.clone()]);
    }
    table
}

/// The report's totals, as the ledger keeps them for `--history`.
fn counts(report: &report::Report) -> serde_json::Value {
    serde_json::json!({
        "sms_only": report.sms_only, "app_only": report.app_only, "both": report.both,
        "email": report.email, "no_factor": report.no_factor, "disabled": report.disabled,
        "unconfirmed": report.unconfirmed, "unknown": report.unknown, "total": report.total,
    })
}

fn open_ledger(cli: &Cli, pool_id: &str) -> Result<ledger::Ledger, String> {
    ledger::Ledger::open(&ledger::path_for(cli.ledger.as_deref(), pool_id))
}

/// `report --history`: every run's counts and every change the tool made, from the
/// ledger alone.
fn print_history(cli: &Cli, pool_id: &str, t: &Texts) -> Result<ExitCode, String> {
    let ledger = open_ledger(cli, pool_id)?;
    let runs = ledger.history(pool_id)?;
    let actions: Vec<serde_json::Value> = ledger
        .actions(pool_id)?
        .into_iter()
        .map(|(at, actor, command, sent)| serde_json::json!({ "at": at, "actor": actor, "command": command, "sent": sent }))
        .collect();
    if cli.output == Format::Json {
        print_json(&serde_json::json!({ "runs": runs, "actions": actions }));
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&["run", "started", t.sms_only, t.app_only, t.both, t.total]);
    for run in &runs {
        let count = |key: &str| match &run.counts {
            Some(counts) => counts[key].to_string(),
            None => "-".to_owned(), // interrupted
        };
        let started = run.started_at.to_string();
        table.row(vec![
            run.id.to_string(),
            started,
            count("sms_only"),
            count("app_only"),
            count("both"),
            count("total"),
        ]);
    }
    print(cli.output, &table, &runs);
    if cli.output == Format::Table && !actions.is_empty() {
        let mut changes = Table::new(&["at", "by", "command", "sent"]);
        for a in &actions {
            let cell = |key: &str| a[key].as_str().map_or_else(|| a[key].to_string(), str::to_owned);
            changes.row(vec![cell("at"), cell("actor"), cell("command"), cell("sent")]);
        }
        println!();
        print!("{}", changes.text());
    }
    Ok(ExitCode::SUCCESS)
}

async fn run_report(
    cli: &Cli,
    pool_id: &str,
    limits: report::Limits,
    full: bool,
    html: Option<&std::path::Path>,
    t: &Texts,
) -> Result<ExitCode, String> {
    let client = client(cli, pool_id).await;
    let ledger = open_ledger(cli, pool_id)?;
    // A run that did not finish (killed, a network fault) goes on where it stopped.
    let (run, resumed) = match ledger.unfinished_run(pool_id)? {
        Some(run) => {
            say(cli.output, &format!("{} ({run})", t.resuming));
            (run, Some(run))
        }
        None => (ledger.begin_run(pool_id)?, None),
    };
    let known = ledger.known(pool_id, resumed, !full)?;
    let from_ledger = |username: &str| known.factors(username).and_then(|f| report::Factors::from_name(&f));
    let writer = ledger.writer(pool_id, run)?;
    let report = report::run(&client, pool_id, limits, writer.sender(), Some(&from_ledger)).await;
    writer.close()?;
    let report = report?;
    ledger.finish_run(run, &counts(&report))?;
    if let Some(path) = html {
        let page = html::page(pool_id, &ledger.history(pool_id)?, &report.sms_users, t);
        std::fs::write(path, page).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    match cli.output {
        // The mail-merge list: who still signs in with SMS alone.
        Format::Csv => print!("{}", sms_table(&report).csv()),
        Format::Json => print_json(&report),
        Format::Table => {
            println!("{}", t.report_title);
            print!("{}", report_table(&report, t).text());
            if !report.sms_users.is_empty() {
                println!();
                print!("{}", sms_table(&report).text());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn run_finish(
    cli: &Cli,
    pool_id: &str,
    limits: report::Limits,
    accept: Option<&std::path::Path>,
    apply: bool,
    t: &Texts,
) -> Result<ExitCode, String> {
    let accepted = match accept {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Some(finish::read_accepted(&text))
        }
        None => None,
    };
    let client = client(cli, pool_id).await;
    let mfa = client.get_user_pool_mfa_config().user_pool_id(pool_id).send().await.map_err(sdk_error)?;
    let sms_enabled = mfa.sms_mfa_configuration.is_some();
    let required = mfa.mfa_configuration == Some(UserPoolMfaType::On);
    // Everyone read again: turning SMS off rests on what holds now, not on the ledger.
    let report = report::run(&client, pool_id, limits, None, None).await?;
    match finish::decide(&report, sms_enabled, required, accepted.as_ref()) {
        finish::Decision::AlreadyOff => {
            say(cli.output, t.sms_already_off);
            Ok(ExitCode::SUCCESS)
        }
        finish::Decision::RefuseUnknown(users) => {
            say(cli.output, t.finish_unknown);
            for user in users {
                say(cli.output, &format!("  {user}"));
            }
            Ok(ExitCode::FAILURE)
        }
        finish::Decision::Refuse { users, mfa_required, accepted_mismatch } => {
            say(cli.output, if mfa_required { t.finish_refused_required } else { t.finish_refused });
            print(cli.output, &sms_table(&report), &users);
            if accepted_mismatch {
                say(cli.output, t.accept_mismatch);
            }
            Ok(ExitCode::FAILURE)
        }
        finish::Decision::Proceed => {
            say(cli.output, t.would_change);
            say(cli.output, &format!("  - {}", t.finish_plan));
            if !apply {
                say(cli.output, t.dry_run);
                return Ok(ExitCode::SUCCESS);
            }
            // Read again just before writing, so nothing changed meanwhile is undone.
            let mfa =
                client.get_user_pool_mfa_config().user_pool_id(pool_id).send().await.map_err(sdk_error)?;
            // In the ledger before it is sent: nothing goes out unrecorded.
            open_ledger(cli, pool_id)?.record_action(
                pool_id,
                "finish",
                &serde_json::json!({ "SetUserPoolMfaConfig": { "SmsMfaConfiguration": null, "kept": "everything else as read" } }),
            )?;
            change::set_mfa(&client, pool_id, &mfa, change::MfaChange::DisableSms).await?;
            say(cli.output, t.finish_done);
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn reset_user(
    cli: &Cli,
    pool_id: &str,
    username: &str,
    apply: bool,
    t: &Texts,
) -> Result<ExitCode, String> {
    let client = client(cli, pool_id).await;
    let user =
        client.admin_get_user().user_pool_id(pool_id).username(username).send().await.map_err(sdk_error)?;
    let mfa = client.get_user_pool_mfa_config().user_pool_id(pool_id).send().await.map_err(sdk_error)?;
    let required = mfa.mfa_configuration == Some(UserPoolMfaType::On);
    let totp_allowed = mfa.software_token_mfa_configuration.as_ref().is_some_and(|c| c.enabled);
    let verdict = reset::Verdict::of(user.user_mfa_setting_list(), required, totp_allowed);
    let after = match verdict {
        reset::Verdict::NoApp => t.reset_no_app,
        reset::Verdict::OtherFactor => t.reset_other_factor,
        reset::Verdict::PasswordOnly => t.reset_password_only,
        reset::Verdict::SetupAtSignIn => t.reset_setup_at_sign_in,
        reset::Verdict::LockedOut => t.reset_locked_out,
    };
    let applied = apply && verdict.allows_reset();
    if applied {
        // In the ledger before it is sent: nothing goes out unrecorded.
        let sent = serde_json::json!({ "AdminDeleteSoftwareToken": { "Username": username } });
        open_ledger(cli, pool_id)?.record_action(pool_id, "reset-user", &sent)?;
        client
            .admin_delete_software_token()
            .user_pool_id(pool_id)
            .username(username)
            .send()
            .await
            .map_err(sdk_error)?;
        say(cli.output, &format!("{} {username}", t.reset_done));
    } else if verdict.allows_reset() {
        say(cli.output, &format!("{} {username}", t.reset_would));
    }
    say(cli.output, after);
    if verdict.allows_reset() && !apply {
        say(cli.output, t.dry_run);
    }
    if cli.output == Format::Json {
        print_json(
            &serde_json::json!({ "username": username, "verdict": verdict, "applied": applied, "text": after }),
        );
    }
    Ok(if verdict == reset::Verdict::LockedOut { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let t = lang::choose(cli.lang.as_deref());
    let result = match &cli.command {
        Command::Check(target) => check(&cli, target, t).await,
        Command::Prepare { target, apply } => prepare(&cli, target, *apply, t).await,
        Command::Report { pool, history: true, .. } => print_history(&cli, &pool.user_pool_id, t),
        Command::Report { pool, limits, full, html, .. } => {
            run_report(&cli, &pool.user_pool_id, limits.limits(), *full, html.as_deref(), t).await
        }
        Command::ResetUser { pool, username, apply } => {
            reset_user(&cli, &pool.user_pool_id, username, *apply, t).await
        }
        Command::Finish { pool, limits, accept_users, apply } => {
            run_finish(&cli, &pool.user_pool_id, limits.limits(), accept_users.as_deref(), *apply, t).await
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("cognito-totp-admin: {error}");
            ExitCode::from(2)
        }
    }
}
