//! The auth session's clock. Cognito keeps a sign-in's session for the app client's
//! auth session validity (3 minutes unless the admin set up to 15); a code typed
//! after that can only fail. So the steps inside a sign-in show the time left, and
//! when it is up the widget starts the sign-in over before anything is sent.

use std::cell::Cell;

/// Taken off the session's validity: the session began on Cognito's side before its
/// answer reached this page, and the next answer needs time to get back there.
const MARGIN_MS: f64 = 10_000.0;

/// One deadline at a time. Each start makes a new run; a waiting loop that finds its
/// run replaced stops, so no timer needs cancelling.
pub struct SessionClock {
    deadline_ms: Cell<Option<f64>>,
    run: Cell<u32>,
}

impl SessionClock {
    pub fn new() -> Self {
        SessionClock { deadline_ms: Cell::new(None), run: Cell::new(0) }
    }

    /// Starts counting down `minutes` from now; returns the run to tick for.
    pub fn start(&self, minutes: u32) -> u32 {
        self.stop();
        self.deadline_ms.set(Some(js_sys::Date::now() + f64::from(minutes) * 60_000.0 - MARGIN_MS));
        self.run.get()
    }

    /// Stops the clock (a new step, the widget gone).
    pub fn stop(&self) {
        self.deadline_ms.set(None);
        self.run.set(self.run.get().wrapping_add(1));
    }

    /// Whether `run` is still the current one.
    pub fn is_current(&self, run: u32) -> bool {
        self.run.get() == run && self.deadline_ms.get().is_some()
    }

    /// Whole seconds left, `None` when not running.
    pub fn seconds_left(&self) -> Option<u32> {
        let left = (self.deadline_ms.get()? - js_sys::Date::now()) / 1000.0;
        Some(left.max(0.0).ceil() as u32)
    }
}

/// `m:ss`, as a countdown reads.
pub fn minutes_seconds(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}
