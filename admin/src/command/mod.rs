//! One module per command, each with its options and its `run`; what they share:
//! the options every command takes ([`Context`]) and the arguments several take.

pub mod check;
pub mod finish;
pub mod prepare;
pub mod report;
pub mod reset_user;

use crate::error::Result;
use crate::lang::Texts;
use crate::ledger::Ledger;
use crate::output::{Format, Table};
use crate::scan::{Limits, Report};
use aws_sdk_cognitoidentityprovider::Client;
use std::path::PathBuf;

/// What every command runs with: the global options, resolved.
pub struct Context {
    /// How results are printed.
    pub output: Format,
    /// The person's language.
    pub texts: &'static Texts,
    /// `--ledger`, when given.
    pub ledger: Option<PathBuf>,
    /// Where and as whom to reach Cognito.
    pub connection: crate::aws::Connection,
}

impl Context {
    /// A Cognito client for `pool_id`'s region (unless `--region` says otherwise).
    pub async fn client(&self, pool_id: &str) -> Client {
        self.connection.client(pool_id).await
    }

    /// The campaign's ledger for `pool_id`.
    ///
    /// # Errors
    /// When it cannot be opened or created.
    pub fn ledger(&self, pool_id: &str) -> Result<Ledger> {
        Ledger::open(&crate::ledger::path_for(self.ledger.as_deref(), pool_id))
    }

    /// A result, as `--output` says: the table, its CSV, or `json`.
    pub fn print(&self, table: &Table, json: &impl serde::Serialize) {
        match self.output {
            Format::Table => print!("{}", table.text()),
            Format::Csv => print!("{}", table.csv()),
            Format::Json => self.print_json(json),
        }
    }

    /// `value` as pretty JSON on stdout.
    pub fn print_json(&self, value: &impl serde::Serialize) {
        println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
    }

    /// A line for the person (a plan, a verdict): on stdout beside a table, on stderr
    /// otherwise, so that json and csv output stay machine-readable.
    pub fn say(&self, line: &str) {
        if self.output == Format::Table {
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
}

/// The user pool a command is about.
#[derive(Debug, clap::Args)]
pub struct PoolArg {
    /// The user pool, `{region}_{id}`.
    #[arg(long)]
    pub user_pool_id: String,
}

/// The pool and app client the page signs in with (`check`, `prepare`).
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The user pool, `{region}_{id}`.
    #[arg(long)]
    pub user_pool_id: String,
    /// The app client the page signs in with.
    #[arg(long)]
    pub client_id: String,
    /// The page's config.json: checked to name this pool and client; its authFlow
    /// decides whether ALLOW_USER_PASSWORD_AUTH is needed.
    #[arg(long)]
    pub page_config: Option<PathBuf>,
}

/// How hard a command that reads every user may push Cognito.
#[derive(Debug, clap::Args)]
pub struct LimitArgs {
    /// Requests per second to Cognito, all operations together. The request-rate
    /// quotas are per account and Region, shared with every app there.
    #[arg(long, default_value_t = Limits::default().rate)]
    rate: f64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = Limits::default().concurrency)]
    concurrency: usize,
}

impl LimitArgs {
    /// As the scan takes them.
    pub fn limits(&self) -> Limits {
        Limits { rate: self.rate, concurrency: self.concurrency.max(1), ..Limits::default() }
    }
}

/// The users still on SMS alone: `report`'s mail-merge list and `finish`'s refusal.
pub fn sms_table(report: &Report) -> Table {
    let mut table = Table::new(&["username", "email"]);
    for user in &report.sms_users {
        table.row(vec![user.username.clone(), user.email.clone()]);
    }
    table
}
