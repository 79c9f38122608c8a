//! The `fetch` transport (gloo-net).

use crate::cognito::{HttpResponse, Request, CONTENT_TYPE};
use crate::flow::Transport;
use crate::Error;
use std::cell::Cell;
use wasm_bindgen::JsCast;

/// What a closed transport answers, so that the flow stops where it is.
const CLOSED: &str = "the widget was destroyed";

/// Sends Cognito requests with the browser's `fetch`.
pub struct FetchTransport {
    endpoint: String,
    timeout_ms: u32,
    /// The last answer's `Date` header (ms since the epoch) and the local clock when
    /// it arrived: how far this device's clock is off, when a code does not match.
    server_date: Cell<Option<(f64, f64)>>,
    /// The request on its way, for [`close`](Self::close) to abort.
    #[cfg(feature = "embed")]
    in_flight: Cell<Option<web_sys::AbortController>>,
    /// Closed by a destroyed widget: nothing more is sent.
    #[cfg(feature = "embed")]
    closed: Cell<bool>,
}

impl FetchTransport {
    /// A transport for one Cognito endpoint URL.
    pub fn new(endpoint: &str, timeout_ms: u32) -> Self {
        Self {
            endpoint: endpoint.to_owned(),
            timeout_ms,
            server_date: Cell::new(None),
            #[cfg(feature = "embed")]
            in_flight: Cell::new(None),
            #[cfg(feature = "embed")]
            closed: Cell::new(false),
        }
    }

    /// Aborts the request on its way and refuses every later one: a destroyed widget
    /// sends nothing more, and an answer that was on its way is never read. Only a
    /// host page destroys a widget (feature `embed`); the stand-alone page's module
    /// links none of it.
    pub fn close(&self) {
        #[cfg(feature = "embed")]
        {
            self.closed.set(true);
            if let Some(controller) = self.in_flight.take() {
                controller.abort();
            }
        }
    }

    /// Whether [`close`](Self::close) was called.
    fn is_closed(&self) -> bool {
        #[cfg(feature = "embed")]
        return self.closed.get();
        #[cfg(not(feature = "embed"))]
        false
    }

    /// Seconds this device's clock is ahead of the server's (negative: behind), from
    /// the last answer's `Date` header; `None` when the server did not expose it.
    pub fn clock_skew_seconds(&self) -> Option<f64> {
        self.server_date.get().map(|(server, local)| (local - server) / 1000.0)
    }
}

/// Resolves after `ms` milliseconds.
pub(super) async fn delay(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

impl FetchTransport {
    /// The `fetch` request for `request`, built directly: gloo-net's `RequestBuilder`
    /// would parse the URL and merge query strings this request never has (0.6 kB
    /// brotli of the module).
    fn request(&self, request: &Request, signal: &web_sys::AbortSignal) -> Result<web_sys::Request, Error> {
        let failed = |_| Error::Network("could not build the request".into());
        let headers = web_sys::Headers::new().map_err(failed)?;
        headers.append("Content-Type", CONTENT_TYPE).map_err(failed)?;
        headers.append("X-Amz-Target", &request.operation.target()).map_err(failed)?;
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&request.body.as_str().into());
        init.set_signal(Some(signal));
        // Cognito answers every origin; credentials are never needed.
        init.set_credentials(web_sys::RequestCredentials::Omit);
        // Cognito never redirects. A redirect would re-send the body (a password, a
        // token) to wherever the answer points: refuse it, as a network error.
        init.set_redirect(web_sys::RequestRedirect::Error);
        web_sys::Request::new_with_str_and_init(&self.endpoint, &init).map_err(failed)
    }
}

impl Transport for FetchTransport {
    async fn sleep(&self, ms: u32) {
        delay(ms).await;
    }

    async fn send(&self, request: &Request) -> Result<HttpResponse, Error> {
        if self.is_closed() {
            return Err(Error::Network(CLOSED.into()));
        }
        // A request that never answers is aborted after the timeout.
        let controller =
            web_sys::AbortController::new().map_err(|_| Error::Network("no AbortController".into()))?;
        #[cfg(feature = "embed")]
        self.in_flight.set(Some(controller.clone()));
        let abort = controller.clone();
        let timeout_ms = self.timeout_ms;
        wasm_bindgen_futures::spawn_local(async move {
            delay(timeout_ms).await;
            abort.abort();
        });
        let sent = gloo_net::http::Request::from(self.request(request, &controller.signal())?).send().await;
        let response = web_sys::Response::from(sent.map_err(|e| Error::Network(e.to_string()))?);
        // The body is read from the fetch Response itself: gloo-net's `text()` unwraps
        // the body's promise, a panic path of its own (0.1 kB brotli).
        let body = match response.text() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
            Err(e) => Err(e),
        };
        controller.abort(); // ends the timer's purpose; aborting a finished fetch is a no-op
        if self.is_closed() {
            return Err(Error::Network(CLOSED.into())); // closed while the answer came
        }
        let body = match body.map(|text| text.as_string()) {
            Ok(Some(text)) => text,
            Ok(None) => return Err(Error::Network("the answer is not text".into())),
            // The browser's reason (the timeout's abort, a dropped connection), if any.
            Err(e) => {
                let reason = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
                return Err(Error::Network(reason.unwrap_or_else(|| "the answer broke off".into())));
            }
        };
        let headers = response.headers();
        let date =
            headers.get("date").ok().flatten().map(|d| js_sys::Date::parse(&d)).filter(|ms| ms.is_finite());
        if let Some(server_ms) = date {
            self.server_date.set(Some((server_ms, js_sys::Date::now())));
        }
        Ok(HttpResponse {
            status: response.status(),
            // Readable only where the server exposes it (AWS does, moto does not).
            error_type: headers.get("x-amzn-ErrorType").ok().flatten(),
            body,
        })
    }
}
