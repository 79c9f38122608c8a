//! Runs the state machine over a transport until it has something to show, retrying
//! what is safe to retry, and reading the account when an answer was lost.

use super::{Action, Enrollment, Input, Step};
use crate::cognito::{HttpResponse, Operation, Request};
use crate::{Error, Secret};

/// Sends one Cognito request. The browser uses `fetch`; tests use a native client or
/// recorded answers.
#[allow(async_fn_in_trait)] // wasm is single-threaded: no Send bound is wanted
pub trait Transport {
    /// Sends `request` to Cognito and returns what came back, whatever the status.
    ///
    /// # Errors
    /// [`Error::Network`] when no answer arrived (including a timeout).
    async fn send(&self, request: &Request) -> Result<HttpResponse, Error>;

    /// Waits `ms` milliseconds before a retry.
    async fn sleep(&self, ms: u32);
}

/// Where a fresh access token comes from when Cognito refuses the one held: the
/// host page that embeds the widget (`getAccessToken`), if it gave one.
#[allow(async_fn_in_trait)]
pub trait TokenSource {
    /// A fresh access token for the same user, or `None` when none can be had.
    async fn fresh_access_token(&self) -> Option<Secret>;
}

/// No step takes more round trips than this; more means a confused server.
const MAX_ROUND_TRIPS: usize = 8;

/// Attempts per request for operations that are safe to repeat.
pub const MAX_ATTEMPTS: u32 = 3;

/// Backoff before retry `attempt` (1, 2, ...): 250 ms doubled each time, capped at
/// 2 s, with full jitter so a rollout's clients do not retry in step.
pub fn backoff_ms(attempt: u32, random: u32) -> u32 {
    let cap = 250u32.saturating_mul(1 << attempt.min(3)).min(2000);
    random % (cap + 1)
}

/// Whether repeating `operation` after an unknown outcome cannot hurt: reads and
/// sign-in steps can; AssociateSoftwareToken (a new secret each time, unlinking the
/// old one) and VerifySoftwareToken cannot. SetUserMFAPreference sets the same
/// values again, so it can.
pub fn safe_to_retry(operation: Operation) -> bool {
    !matches!(operation, Operation::AssociateSoftwareToken | Operation::VerifySoftwareToken)
}

/// Feeds `input` to the flow and sends what it asks until it has a step to show.
///
/// # Errors
/// The first error of the input, the transport or Cognito that retries did not
/// cure. The flow stays usable.
pub async fn advance(flow: &mut Enrollment, transport: &impl Transport, input: Input) -> Result<Step, Error> {
    let mut action = flow.input(input)?;
    for _ in 0..MAX_ROUND_TRIPS {
        match action {
            Action::Show(step) => return Ok(step),
            Action::Send(request) => {
                let response = send_with_retries(flow, transport, &request).await;
                action = flow.receive(response)?;
            }
        }
    }
    flow.abandon_request();
    Err(Error::BadResponse { subject: "", problem: "too many round trips for one step" })
}

/// What one input came to, for a UI or an API to show.
#[derive(Debug)]
pub struct Outcome {
    /// The step to show, or the error.
    pub result: Result<Step, Error>,
    /// After an error whose outcome is unknown, the account as Cognito reports it now
    /// (a [`Step::Account`]), to show with the error instead of a step that may be stale.
    pub account: Option<Step>,
    /// After an error, what the person can do next; [`Recovery::SameStep`] otherwise.
    pub recovery: Recovery,
}

/// What the person can do after an error. Decided here, once, from the error and
/// where the flow stands, so that every UI on top of the flow does the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Stay on the step shown: fix what was typed, or try again.
    SameStep,
    /// The code did not match: type the next one. The step stays valid, and at the
    /// QR step so does the secret, and with it the entry already in the app.
    TypeCodeAgain,
    /// The auth session is gone (it expired, or was used up): only a new sign-in
    /// goes on. The typed username is kept for the form.
    SignInAgain,
    /// Cognito refused the access token and no fresh one came: whoever signed the
    /// person in must do so again (the host, when the token was the host's).
    RenewToken,
}

impl Recovery {
    /// The recovery from `error`, given where `flow` stands after it.
    pub fn after(flow: &Enrollment, error: &Error) -> Self {
        if flow.access_token_refused() {
            Recovery::RenewToken
        } else if error.is_session_expired() {
            Recovery::SignInAgain
        } else if error.is_code_mismatch() {
            Recovery::TypeCodeAgain
        } else {
            Recovery::SameStep
        }
    }
}

/// Like [`advance`], and:
/// - when Cognito refuses the access token (it expired while the person read the QR
///   step), asks `tokens` for a fresh one, once, and sends the input again with it;
/// - after a failure whose outcome is unknown (no answer, a server fault, an
///   unreadable answer) while signed in, or any failure of the switch itself, reads
///   the account before anything is offered: if the switch was sent and Cognito
///   reports the app on and preferred, the switch is done, whatever became of its
///   answer; if not, the account step is shown with the error, and the person can
///   set up again.
///
/// The widget and `EnrollmentClient` both drive the flow through this one function.
pub async fn run(
    flow: &mut Enrollment,
    transport: &impl Transport,
    tokens: &impl TokenSource,
    input: Input,
) -> Outcome {
    let mut input = input;
    let mut renewed = false;
    // One call site of `advance` for both tries: the module keeps one copy of it.
    let result = loop {
        let again = input.resend_copy();
        let result = advance(flow, transport, input).await;
        if result.is_err() && !renewed && flow.access_token_refused() {
            if let Some(token) = tokens.fresh_access_token().await {
                input = flow.renew_access_token(token, again);
                renewed = true;
                continue;
            }
        }
        break result;
    };
    let (result, account) = match result {
        Err(error)
            if flow.is_signed_in()
                && !flow.access_token_refused()
                && (error.is_uncertain() || flow.switch_unconfirmed()) =>
        {
            match advance(flow, transport, Input::ReadAccount).await {
                Ok(done @ Step::Done(_)) => (Ok(done), None),
                Ok(account) => (Err(error), Some(account)),
                Err(_) => (Err(error), None),
            }
        }
        result => (result, None),
    };
    let recovery = match &result {
        Err(error) => Recovery::after(flow, error),
        Ok(_) => Recovery::SameStep,
    };
    Outcome { result, account, recovery }
}

async fn send_with_retries(
    flow: &Enrollment,
    transport: &impl Transport,
    request: &Request,
) -> Result<String, Error> {
    let mut attempt = 1;
    loop {
        let response = transport.send(request).await.and_then(HttpResponse::into_result);
        match response {
            Err(error)
                if error.is_retryable() && safe_to_retry(request.operation) && attempt < MAX_ATTEMPTS =>
            {
                transport.sleep(backoff_ms(attempt, flow.random_u32())).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests;
