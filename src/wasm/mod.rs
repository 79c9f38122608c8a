//! The browser shell: the only code that touches `web_sys`, `js_sys` and `JsValue`.
//! It converts, sends and renders; every decision is made by [`crate::flow`].

#[cfg(feature = "bench")]
mod bench;
mod dom;
mod error;
mod messages;
mod platform;
mod transport;
mod widget;

pub use error::to_js_error;
pub use platform::{BrowserPlatform, JsArith};
pub use transport::FetchTransport;
pub use widget::{mount, Widget};
