//! `report`: who has switched. Every user's factors, counted (`scan`), kept in the
//! campaign's ledger; a report cut short resumes, and a later one reads again only the
//! users not yet on the app. `--history` prints every run and every change from the
//! ledger alone; `--html` also writes the campaign's page.

use super::{sms_table, Context, LimitArgs, PoolArg};
use crate::error::{Error, Result};
use crate::html;
use crate::lang::Texts;
use crate::output::{Format, Table};
use crate::scan::{self, Factors, Report};
use std::path::PathBuf;
use std::process::ExitCode;

/// `report`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
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
    html: Option<PathBuf>,
}

/// Runs `report` (or `report --history`).
///
/// # Errors
/// When the ledger cannot be used, the pool's users cannot be listed, or the HTML
/// page cannot be written.
pub async fn run(cx: &Context, args: &Args) -> Result<ExitCode> {
    if args.history {
        return history(cx, &args.pool.user_pool_id);
    }
    let (t, pool_id) = (cx.texts, args.pool.user_pool_id.as_str());
    let client = cx.client(pool_id).await;
    let ledger = cx.ledger(pool_id)?;
    // A run that did not finish (killed, a network fault) goes on where it stopped.
    let (run, resumed) = match ledger.unfinished_run(pool_id)? {
        Some(run) => {
            cx.say(&format!("{} ({run})", t.resuming));
            (run, Some(run))
        }
        None => (ledger.begin_run(pool_id)?, None),
    };
    let known = ledger.known(pool_id, resumed, !args.full)?;
    let from_ledger = |username: &str| known.factors(username).and_then(|f| Factors::from_name(&f));
    let writer = ledger.writer(pool_id, run)?;
    let report = scan::run(&client, pool_id, args.limits.limits(), writer.sender(), Some(&from_ledger)).await;
    writer.close()?;
    let report = report?;
    ledger.finish_run(run, &counts(&report))?;
    if let Some(path) = &args.html {
        let page = html::page(pool_id, &ledger.history(pool_id)?, &report.sms_users, t);
        std::fs::write(path, page).map_err(|source| Error::File { path: path.clone(), source })?;
    }
    match cx.output {
        // The mail-merge list: who still signs in with SMS alone.
        Format::Csv => print!("{}", sms_table(&report).csv()),
        Format::Json => cx.print_json(&report),
        Format::Table => {
            println!("{}", t.report_title);
            print!("{}", totals(&report, t).text());
            if !report.sms_users.is_empty() {
                println!();
                print!("{}", sms_table(&report).text());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `report --history`: every run's counts and every change the tool made, from the
/// ledger alone.
fn history(cx: &Context, pool_id: &str) -> Result<ExitCode> {
    let t = cx.texts;
    let ledger = cx.ledger(pool_id)?;
    let runs = ledger.history(pool_id)?;
    let actions: Vec<serde_json::Value> = ledger
        .actions(pool_id)?
        .into_iter()
        .map(|(at, actor, command, sent)| serde_json::json!({ "at": at, "actor": actor, "command": command, "sent": sent }))
        .collect();
    if cx.output == Format::Json {
        cx.print_json(&serde_json::json!({ "runs": runs, "actions": actions }));
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new(&["run", "started", t.sms_only, t.app_only, t.both, t.total]);
    for run in &runs {
        let count = |key: &str| match &run.counts {
            Some(counts) => counts[key].to_string(),
            None => "-".to_owned(), // interrupted
        };
        table.row(vec![
            run.id.to_string(),
            run.started_at.to_string(),
            count("sms_only"),
            count("app_only"),
            count("both"),
            count("total"),
        ]);
    }
    cx.print(&table, &runs);
    if cx.output == Format::Table && !actions.is_empty() {
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

/// The counts by factor, for the person.
fn totals(report: &Report, t: &Texts) -> Table {
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

/// The report's totals, as the ledger keeps them for `--history`.
fn counts(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "sms_only": report.sms_only, "app_only": report.app_only, "both": report.both,
        "email": report.email, "no_factor": report.no_factor, "disabled": report.disabled,
        "unconfirmed": report.unconfirmed, "unknown": report.unknown, "total": report.total,
    })
}
