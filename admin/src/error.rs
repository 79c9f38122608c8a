//! The tool's one error type: what failed, on which pool and in which call, and why.
//! Printed by `main` as one line followed by its causes.

use std::path::PathBuf;

/// Everything that stops a command. Its text names the pool and the call (or the
/// file); the cause it wraps, where there is one, follows as `source()`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A Cognito call failed (after the report's retries, where it retries).
    #[error("user pool {pool}: {call} failed: {cause}")]
    Aws {
        /// The user pool the call was about.
        pool: String,
        /// The API operation, as AWS names it (`AdminGetUser`).
        call: &'static str,
        /// Cognito's error type and message, or why no answer came.
        cause: String,
    },
    /// Cognito answered without a part the tool needs.
    #[error("user pool {pool}: {call} answered without {missing}")]
    Answer {
        /// The user pool the call was about.
        pool: String,
        /// The API operation.
        call: &'static str,
        /// What the answer lacked.
        missing: &'static str,
    },
    /// A file given on the command line could not be read or written.
    #[error("{}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The page's config.json is not a JSON object.
    #[error("{}: not the page's config.json", path.display())]
    PageConfig {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The campaign's ledger could not be opened, read or written.
    #[error("ledger {}", path.display())]
    Ledger {
        /// The SQLite file.
        path: PathBuf,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// A thread or task of the tool's own ended abnormally (a bug, not an outside fault).
    #[error("internal: {0}")]
    Internal(&'static str),
}

/// A `Result` with the tool's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The line `main` prints: this error, then each cause after a colon.
    pub fn chain(&self) -> String {
        let mut line = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(error) = cause {
            line.push_str(": ");
            line.push_str(&error.to_string());
            cause = error.source();
        }
        line
    }
}

/// Turns an SDK error of `call` on `pool` into [`Error::Aws`]: `.map_err(aws(pool, "ListUsers"))`.
pub fn aws<'a, E, R>(
    pool: &'a str,
    call: &'static str,
) -> impl FnOnce(aws_sdk_cognitoidentityprovider::error::SdkError<E, R>) -> Error + 'a
where
    E: aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata
        + std::error::Error
        + Send
        + Sync
        + 'static,
    R: std::fmt::Debug,
{
    move |error| {
        use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
        let cause = match (error.code(), error.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_owned(),
            // No answer (a network fault, a timeout): the SDK's whole chain says why.
            _ => aws_sdk_cognitoidentityprovider::error::DisplayErrorContext(&error).to_string(),
        };
        Error::Aws { pool: pool.to_owned(), call, cause }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_the_pool_the_call_and_the_cause() {
        let error = Error::Aws {
            pool: "ap-northeast-1_Pool1".into(),
            call: "AdminGetUser",
            cause: "UserNotFoundException: User does not exist.".into(),
        };
        assert_eq!(
            error.chain(),
            "user pool ap-northeast-1_Pool1: AdminGetUser failed: UserNotFoundException: User does not exist."
        );
    }

    #[test]
    fn a_file_error_is_followed_by_its_cause() {
        let error = Error::File {
            path: "accept.txt".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory"),
        };
        assert_eq!(error.chain(), "accept.txt: No such file or directory");
    }
}
