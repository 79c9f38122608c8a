//! `cognito-totp-admin`: the admin's half of moving a Cognito user pool off SMS MFA.
//!
//! 1. `check`: can the enrollment page work against this pool and app client?
//! 2. `prepare`: make the changes `check` asks for (with `--apply`).
//! 3. share the page; `report` shows who has switched and lists who has not.
//! 4. `reset-user`: a lost phone; `finish`: turn SMS MFA off for the pool once nobody
//!    would be stranded.
//!
//! Every command that changes anything prints what it would change and changes
//! nothing without `--apply`. Each command is a module of `command`; this file parses
//! the command line and prints what stopped a command.

mod aws;
mod change;
mod command;
mod error;
mod html;
mod lang;
mod ledger;
mod output;
mod pool;
mod scan;

use clap::{Parser, Subcommand};
use command::{check, finish, prepare, report, reset_user, Context, Target};
use output::Format;
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
    Report(report::Args),
    /// A lost phone: delete the user's authenticator app, so that they set up the new
    /// phone on the page. Says first what they will meet at their next sign-in, and
    /// refuses where they could not sign in at all. Deletes it with --apply.
    ResetUser(reset_user::Args),
    /// Turn SMS MFA off for the pool, once no enabled user has SMS as their only factor.
    Finish(finish::Args),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let cx = Context {
        output: cli.output,
        texts: lang::choose(cli.lang.as_deref()),
        ledger: cli.ledger,
        connection: aws::Connection {
            endpoint_url: cli.endpoint_url,
            region: cli.region,
            profile: cli.profile,
        },
    };
    let result = match &cli.command {
        Command::Check(target) => check::run(&cx, target).await,
        Command::Prepare { target, apply } => prepare::run(&cx, target, *apply).await,
        Command::Report(args) => report::run(&cx, args).await,
        Command::ResetUser(args) => reset_user::run(&cx, args).await,
        Command::Finish(args) => finish::run(&cx, args).await,
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("cognito-totp-admin: {}", error.chain());
            ExitCode::from(2)
        }
    }
}
