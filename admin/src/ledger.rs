//! The campaign's ledger: one SQLite file per pool (`--ledger PATH`, by default
//! `cognito-totp-<pool id>.sqlite` in the working directory). It remembers what the
//! tool saw and did over the weeks of a move off SMS:
//!
//! - `runs`: each `report`, when it started and ended, and its counts;
//! - `users`: each user's factors as last read, and since when they have been so;
//! - `reads`: each user's factors in each run (the campaign's history per person);
//! - `actions`: every change the tool made: when, by whom (the OS user), the command,
//!   and what was sent. An audit trail an admin can show.
//!
//! Writes come from the report's workers through [`Ledger::writer`], a thread of its
//! own that commits in batches, so that memory stays flat however large the pool.

use crate::error::{Error, Result};
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// The tables. `IF NOT EXISTS`: a ledger of an earlier version opens as it is.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  pool_id TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  counts TEXT
);
CREATE TABLE IF NOT EXISTS users (
  pool_id TEXT NOT NULL,
  username TEXT NOT NULL,
  factors TEXT NOT NULL,
  since INTEGER NOT NULL,
  last_read INTEGER NOT NULL,
  PRIMARY KEY (pool_id, username)
);
CREATE TABLE IF NOT EXISTS reads (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  username TEXT NOT NULL,
  factors TEXT NOT NULL,
  PRIMARY KEY (run_id, username)
);
CREATE TABLE IF NOT EXISTS actions (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  pool_id TEXT NOT NULL,
  command TEXT NOT NULL,
  sent TEXT NOT NULL
);
";

/// Rows per transaction when the report's reads are written.
const BATCH: usize = 500;

/// The ledger file `path` names, or the pool's default one.
pub fn path_for(path: Option<&Path>, pool_id: &str) -> PathBuf {
    path.map_or_else(|| PathBuf::from(format!("cognito-totp-{pool_id}.sqlite")), Path::to_path_buf)
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}

/// The OS user running the tool, for the audit trail.
fn actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".to_owned())
}

/// One run of `report`, as `--history` prints it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Run {
    /// The run's number in the ledger.
    pub id: i64,
    /// When it started and ended (seconds since the epoch); `None`: it did not end.
    pub started_at: i64,
    /// See `started_at`.
    pub finished_at: Option<i64>,
    /// Its counts (the report's JSON totals), when it ended.
    pub counts: Option<serde_json::Value>,
}

/// An open ledger.
pub struct Ledger {
    path: PathBuf,
    conn: Connection,
}

impl Ledger {
    /// Opens (or creates) the ledger at `path`.
    ///
    /// # Errors
    /// When the file cannot be opened or is not a ledger.
    pub fn open(path: &Path) -> Result<Self> {
        let failed = |source| Error::Ledger { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(failed)?;
        conn.execute_batch(SCHEMA).map_err(failed)?;
        Ok(Self { path: path.to_path_buf(), conn })
    }

    fn failed(&self, source: rusqlite::Error) -> Error {
        Error::Ledger { path: self.path.clone(), source }
    }

    /// Starts a run of `report` for `pool_id`; returns its number.
    ///
    /// # Errors
    /// When the ledger cannot be written.
    pub fn begin_run(&self, pool_id: &str) -> Result<i64> {
        self.conn
            .execute("INSERT INTO runs (pool_id, started_at) VALUES (?1, ?2)", params![pool_id, now()])
            .map_err(|e| self.failed(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Ends run `run` with its counts.
    ///
    /// # Errors
    /// When the ledger cannot be written.
    pub fn finish_run(&self, run: i64, counts: &serde_json::Value) -> Result<()> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?1, counts = ?2 WHERE id = ?3",
                params![now(), counts.to_string(), run],
            )
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    /// Every run of `pool_id`, in the order they started.
    ///
    /// # Errors
    /// When the ledger cannot be read.
    pub fn history(&self, pool_id: &str) -> Result<Vec<Run>> {
        let mut query = self
            .conn
            .prepare("SELECT id, started_at, finished_at, counts FROM runs WHERE pool_id = ?1 ORDER BY started_at, id")
            .map_err(|e| self.failed(e))?;
        let rows = query
            .query_map(params![pool_id], |row| {
                let counts: Option<String> = row.get(3)?;
                Ok(Run {
                    id: row.get(0)?,
                    started_at: row.get(1)?,
                    finished_at: row.get(2)?,
                    counts: counts.and_then(|c| serde_json::from_str(&c).ok()),
                })
            })
            .map_err(|e| self.failed(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.failed(e))
    }

    /// Writes that the tool is about to send `sent` for `command`, before it does: a
    /// change cut short still shows in the trail, and nothing is sent unrecorded.
    ///
    /// # Errors
    /// When the ledger cannot be written: then nothing is sent either.
    pub fn record_action(&self, pool_id: &str, command: &str, sent: &serde_json::Value) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO actions (at, actor, pool_id, command, sent) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![now(), actor(), pool_id, command, sent.to_string()],
            )
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    /// The actions on `pool_id`, oldest first: (when, who, command, what was sent).
    ///
    /// # Errors
    /// When the ledger cannot be read.
    pub fn actions(&self, pool_id: &str) -> Result<Vec<(i64, String, String, String)>> {
        let mut query = self
            .conn
            .prepare("SELECT at, actor, command, sent FROM actions WHERE pool_id = ?1 ORDER BY id")
            .map_err(|e| self.failed(e))?;
        let rows = query
            .query_map(params![pool_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
            .map_err(|e| self.failed(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.failed(e))
    }

    /// Since when `username` has had the factors last read, and which.
    ///
    /// # Errors
    /// When the ledger cannot be read.
    #[cfg(test)]
    pub fn user(&self, pool_id: &str, username: &str) -> Result<Option<(String, i64)>> {
        self.conn
            .query_row(
                "SELECT factors, since FROM users WHERE pool_id = ?1 AND username = ?2",
                params![pool_id, username],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
            .map_err(|e| self.failed(e))
    }

    /// The latest run of `pool_id` if it did not finish (killed, a network fault):
    /// the next report resumes it.
    ///
    /// # Errors
    /// When the ledger cannot be read.
    pub fn unfinished_run(&self, pool_id: &str) -> Result<Option<i64>> {
        let latest = self.conn.query_row(
            "SELECT id, finished_at FROM runs WHERE pool_id = ?1 ORDER BY id DESC LIMIT 1",
            params![pool_id],
            |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Option<i64>>(1)?)),
        );
        match latest {
            Ok((id, None)) => Ok(Some(id)),
            Ok(_) | Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(self.failed(e)),
        }
    }

    /// What is known of `pool_id`'s users for a run that resumes `resumed` (if any)
    /// and, when `incremental`, skips users on the app at their last read.
    ///
    /// # Errors
    /// When a second connection to the ledger cannot be opened.
    pub fn known(&self, pool_id: &str, resumed: Option<i64>, incremental: bool) -> Result<Known> {
        let conn = Connection::open(&self.path).map_err(|e| self.failed(e))?;
        Ok(Known { conn, pool_id: pool_id.to_owned(), resumed, incremental })
    }

    /// A writer for run `run`'s reads, on a thread of its own: send it
    /// `(username, factors)` and [`Writer::close`] it once the run is done.
    ///
    /// # Errors
    /// When a second connection to the ledger cannot be opened.
    pub fn writer(&self, pool_id: &str, run: i64) -> Result<Writer> {
        let mut conn = Connection::open(&self.path).map_err(|e| self.failed(e))?;
        let (sender, receiver) = mpsc::sync_channel::<(String, String)>(BATCH * 2);
        let pool_id = pool_id.to_owned();
        let thread = std::thread::spawn(move || -> rusqlite::Result<()> {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            while open {
                match receiver.recv() {
                    Ok(read) => batch.push(read),
                    Err(_) => open = false,
                }
                if batch.len() >= BATCH || (!open && !batch.is_empty()) {
                    write_batch(&mut conn, &pool_id, run, &batch)?;
                    batch.clear();
                }
            }
            Ok(())
        });
        Ok(Writer { path: self.path.clone(), sender: Some(sender), thread: Some(thread) })
    }
}

/// What the ledger already knows of a pool's users, for a report that reads only
/// what can have changed.
pub struct Known {
    conn: Connection,
    pool_id: String,
    /// The unfinished run this one resumes: its reads are not made again.
    resumed: Option<i64>,
    /// Users on the app at their last read are not read again (not `--full`).
    incremental: bool,
}

impl Known {
    /// The factors to count `username` with without reading them again, by name
    /// (`scan::Factors::name`); `None`: read them. A read that failed ("unknown") is
    /// made again.
    pub fn factors(&self, username: &str) -> Option<String> {
        let ask = |sql: &str, key: &dyn rusqlite::ToSql| -> Option<String> {
            let mut query = self.conn.prepare_cached(sql).ok()?;
            query.query_row(params![key, username], |row| row.get(0)).ok()
        };
        let in_run = self.resumed.and_then(|run| {
            ask(
                "SELECT factors FROM reads WHERE run_id = ?1 AND username = ?2 AND factors <> 'unknown'",
                &run,
            )
        });
        in_run.or_else(|| {
            self.incremental.then(|| {
                ask(
                    "SELECT factors FROM users WHERE pool_id = ?1 AND username = ?2 AND factors IN ('app', 'both')",
                    &self.pool_id,
                )
            })?
        })
    }
}

/// One transaction of reads: each into `reads`, and into `users`, whose `since`
/// moves only when the factors changed.
fn write_batch(
    conn: &mut Connection,
    pool_id: &str,
    run: i64,
    batch: &[(String, String)],
) -> rusqlite::Result<()> {
    let at = now();
    let tx = conn.transaction()?;
    {
        let mut read = tx
            .prepare_cached("INSERT OR REPLACE INTO reads (run_id, username, factors) VALUES (?1, ?2, ?3)")?;
        let mut user = tx.prepare_cached(
            "INSERT INTO users (pool_id, username, factors, since, last_read) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (pool_id, username) DO UPDATE SET
               since = CASE WHEN users.factors = excluded.factors THEN users.since ELSE excluded.since END,
               factors = excluded.factors,
               last_read = excluded.last_read",
        )?;
        for (username, factors) in batch {
            read.execute(params![run, username, factors])?;
            user.execute(params![pool_id, username, factors, at])?;
        }
    }
    tx.commit()
}

/// The report's reads on their way to the ledger.
pub struct Writer {
    path: PathBuf,
    sender: Option<mpsc::SyncSender<(String, String)>>,
    thread: Option<JoinHandle<rusqlite::Result<()>>>,
}

impl Writer {
    /// A sender for the workers (cheap to clone).
    pub fn sender(&self) -> Option<mpsc::SyncSender<(String, String)>> {
        self.sender.clone()
    }

    /// Writes what is left and waits for the thread.
    ///
    /// # Errors
    /// When a batch could not be written.
    pub fn close(mut self) -> Result<()> {
        self.sender.take();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result.map_err(|source| Error::Ledger { path: self.path.clone(), source }),
            Some(Err(_)) => Err(Error::Internal("the ledger's writer stopped")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("ledger-{name}-{}.sqlite", std::process::id()));
        let _ = std::fs::remove_file(&path);
        path
    }

    #[test]
    fn a_run_s_counts_and_reads_are_kept_and_since_moves_only_on_a_change() {
        let path = temp("runs");
        let ledger = Ledger::open(&path).unwrap();
        let first = ledger.begin_run("p").unwrap();
        let writer = ledger.writer("p", first).unwrap();
        let send = writer.sender().unwrap();
        send.send(("amy".into(), "sms_only".into())).unwrap();
        send.send(("bob".into(), "app".into())).unwrap();
        drop(send);
        writer.close().unwrap();
        ledger.finish_run(first, &serde_json::json!({"sms_only": 1, "app_only": 1})).unwrap();
        let (_, amy_since) = ledger.user("p", "amy").unwrap().unwrap();
        let (_, bob_since) = ledger.user("p", "bob").unwrap().unwrap();
        // The next run, a second or more later: amy switched, bob did not.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = ledger.begin_run("p").unwrap();
        let writer = ledger.writer("p", second).unwrap();
        let send = writer.sender().unwrap();
        send.send(("amy".into(), "app".into())).unwrap();
        send.send(("bob".into(), "app".into())).unwrap();
        drop(send);
        writer.close().unwrap();
        let (amy, amy_now) = ledger.user("p", "amy").unwrap().unwrap();
        let (_, bob_now) = ledger.user("p", "bob").unwrap().unwrap();
        assert_eq!(amy, "app");
        assert!(amy_now > amy_since, "amy's factors changed: since moved");
        assert_eq!(bob_now, bob_since, "bob's did not: since stayed");
        let runs = ledger.history("p").unwrap();
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].counts, Some(serde_json::json!({"sms_only": 1, "app_only": 1})));
        assert_eq!(runs[1].finished_at, None, "the second run did not end");
        assert!(ledger.history("other").unwrap().is_empty(), "runs are per pool");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_resumed_run_skips_what_it_read_and_a_later_run_skips_users_on_the_app() {
        let path = temp("known");
        let ledger = Ledger::open(&path).unwrap();
        let first = ledger.begin_run("p").unwrap();
        let writer = ledger.writer("p", first).unwrap();
        let send = writer.sender().unwrap();
        for (user, factors) in [("amy", "sms_only"), ("bob", "app"), ("cat", "unknown"), ("dan", "both")] {
            send.send((user.into(), factors.into())).unwrap();
        }
        drop(send);
        writer.close().unwrap();
        assert_eq!(ledger.unfinished_run("p").unwrap(), Some(first), "killed before it ended");
        let resume = ledger.known("p", Some(first), true).unwrap();
        assert_eq!(resume.factors("amy").as_deref(), Some("sms_only"), "read in the run: not again");
        assert_eq!(resume.factors("cat"), None, "a failed read is made again");
        assert_eq!(resume.factors("eve"), None, "not read yet");
        ledger.finish_run(first, &serde_json::json!({})).unwrap();
        assert_eq!(ledger.unfinished_run("p").unwrap(), None);
        let later = ledger.known("p", None, true).unwrap();
        assert_eq!(later.factors("amy"), None, "on SMS: can have switched since");
        assert_eq!(later.factors("bob").as_deref(), Some("app"));
        assert_eq!(later.factors("dan").as_deref(), Some("both"));
        let full = ledger.known("p", None, false).unwrap();
        assert_eq!(full.factors("bob"), None, "--full reads everyone");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn many_reads_are_written_in_batches_and_none_is_lost() {
        let path = temp("batches");
        let ledger = Ledger::open(&path).unwrap();
        let run = ledger.begin_run("p").unwrap();
        let writer = ledger.writer("p", run).unwrap();
        let send = writer.sender().unwrap();
        for i in 0..(BATCH * 3 + 7) {
            send.send((format!("user{i}"), "sms_only".into())).unwrap();
        }
        drop(send);
        writer.close().unwrap();
        let conn = Connection::open(&path).unwrap();
        let count: i64 =
            conn.query_row("SELECT COUNT(*) FROM reads WHERE run_id = ?1", [run], |r| r.get(0)).unwrap();
        assert_eq!(count, i64::try_from(BATCH * 3 + 7).unwrap());
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn an_action_is_kept_with_who_when_and_what_was_sent() {
        let path = temp("actions");
        let ledger = Ledger::open(&path).unwrap();
        ledger.record_action("p", "finish", &serde_json::json!({"SmsMfaConfiguration": null})).unwrap();
        let actions = ledger.actions("p").unwrap();
        assert_eq!(actions.len(), 1);
        let (at, actor, command, sent) = &actions[0];
        assert!(*at > 1_700_000_000);
        assert!(!actor.is_empty());
        assert_eq!((command.as_str(), sent.as_str()), ("finish", r#"{"SmsMfaConfiguration":null}"#));
        // Opened again, the ledger still has it.
        drop(ledger);
        assert_eq!(Ledger::open(&path).unwrap().actions("p").unwrap().len(), 1);
        let _ = std::fs::remove_file(&path);
    }
}
