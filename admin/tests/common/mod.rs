//! What the admin tool's tests share: the tool run as an admin runs it (demo
//! credentials, no profile, no instance metadata, one endpoint), and the Python
//! helper servers of this folder, stopped when the test ends.

#![allow(dead_code, clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// `cognito-totp-admin` with `args`, talking to `endpoint` only.
pub fn admin_command<S: AsRef<std::ffi::OsStr>>(endpoint: &str, args: &[S]) -> Command {
    // Each test process in a folder of its own: the ledgers the tool writes there by
    // default (cognito-totp-<pool>.sqlite) stay out of the checkout.
    let here = std::env::temp_dir().join(format!("cognito-totp-admin-tests-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&here);
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-totp-admin"));
    command
        .current_dir(here)
        .args(args)
        .args(["--endpoint-url", endpoint])
        .env("AWS_ACCESS_KEY_ID", "demo")
        .env("AWS_SECRET_ACCESS_KEY", "demo")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    command
}

/// A helper server of this folder (`script` with `args`), which prints its port;
/// killed when dropped, whether the test passed or panicked.
pub struct Helper {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl Helper {
    pub fn start(script: &str, args: &[&str]) -> Helper {
        let path = format!("{}/tests/{script}", env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new("python3").arg(path).args(args).stdout(Stdio::piped()).spawn().unwrap();
        let mut port = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut port).unwrap();
        Helper { child, url: format!("http://127.0.0.1:{}/", port.trim()) }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
