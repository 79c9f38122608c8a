//! Runs the state machine over a transport until it has something to show.

use super::{Action, Enrollment, Input, Step};
use crate::cognito::{HttpResponse, Request};
use crate::Error;

/// Sends one Cognito request. The browser uses `fetch`; tests use a native client or
/// recorded answers.
#[allow(async_fn_in_trait)] // wasm is single-threaded: no Send bound is wanted
pub trait Transport {
    /// Sends `request` to Cognito and returns what came back, whatever the status.
    ///
    /// # Errors
    /// [`Error::Network`] when no answer arrived.
    async fn send(&self, request: &Request) -> Result<HttpResponse, Error>;
}

/// No step takes more round trips than this; more means a confused server.
const MAX_ROUND_TRIPS: usize = 8;

/// Feeds `input` to the flow and sends what it asks until it has a step to show.
///
/// # Errors
/// The first error of the input, the transport or Cognito. The flow stays usable.
pub async fn advance(flow: &mut Enrollment, transport: &impl Transport, input: Input) -> Result<Step, Error> {
    let mut action = flow.input(input)?;
    for _ in 0..MAX_ROUND_TRIPS {
        match action {
            Action::Show(step) => return Ok(step),
            Action::Send(request) => {
                let response = transport.send(&request).await.and_then(HttpResponse::into_result);
                action = flow.receive(response)?;
            }
        }
    }
    flow.abandon_request();
    Err(Error::BadResponse("too many round trips for one step".into()))
}
