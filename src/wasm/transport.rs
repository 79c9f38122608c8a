//! The `fetch` transport (gloo-net).

use crate::cognito::{HttpResponse, Request, CONTENT_TYPE};
use crate::flow::Transport;
use crate::Error;

/// Sends Cognito requests with the browser's `fetch`.
#[derive(Debug, Clone)]
pub struct FetchTransport {
    endpoint: String,
    /// The last answer's `Date` header (ms since the epoch) and the local clock when
    /// it arrived: how far this device's clock is off, when a code does not match.
    server_date: std::cell::Cell<Option<(f64, f64)>>,
}

impl FetchTransport {
    /// A transport for one Cognito endpoint URL.
    pub fn new(endpoint: &str) -> Self {
        Self { endpoint: endpoint.to_owned(), server_date: std::cell::Cell::new(None) }
    }

    /// Seconds this device's clock is ahead of the server's (negative: behind), from
    /// the last answer's `Date` header; `None` when the server did not expose it.
    pub fn clock_skew_seconds(&self) -> Option<f64> {
        self.server_date.get().map(|(server, local)| (local - server) / 1000.0)
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: &Request) -> Result<HttpResponse, Error> {
        let network = |e: gloo_net::Error| Error::Network(e.to_string());
        let response = gloo_net::http::Request::post(&self.endpoint)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-Amz-Target", &request.operation.target())
            // Cognito answers every origin; credentials are never needed.
            .credentials(web_sys::RequestCredentials::Omit)
            .body(request.body.as_str())
            .map_err(network)?
            .send()
            .await
            .map_err(network)?;
        let date =
            response.headers().get("date").map(|d| js_sys::Date::parse(&d)).filter(|ms| ms.is_finite());
        if let Some(server_ms) = date {
            self.server_date.set(Some((server_ms, js_sys::Date::now())));
        }
        Ok(HttpResponse {
            status: response.status(),
            // Readable only where the server exposes it (AWS does, moto does not).
            error_type: response.headers().get("x-amzn-ErrorType"),
            body: response.text().await.map_err(network)?,
        })
    }
}
