//! The `fetch` transport (gloo-net).

use crate::cognito::{HttpResponse, Request, CONTENT_TYPE};
use crate::flow::Transport;
use crate::Error;

/// Sends Cognito requests with the browser's `fetch`.
#[derive(Debug, Clone)]
pub struct FetchTransport {
    endpoint: String,
}

impl FetchTransport {
    /// A transport for one Cognito endpoint URL.
    pub fn new(endpoint: &str) -> Self {
        Self { endpoint: endpoint.to_owned() }
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
        Ok(HttpResponse {
            status: response.status(),
            // Readable only where the server exposes it (AWS does, moto does not).
            error_type: response.headers().get("x-amzn-ErrorType"),
            body: response.text().await.map_err(network)?,
        })
    }
}
