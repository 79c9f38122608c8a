//! The browser shell: the only code that touches `web_sys`, `js_sys` and `JsValue`.
//! It converts, sends and renders; every decision is made by [`crate::flow`].

#[cfg(feature = "bench")]
mod bench;
#[cfg(feature = "client")]
mod client;
mod dom;
mod error;
mod js_types;
mod page;
mod platform;
mod session_clock;
mod transport;
mod views;
mod widget;

/// Talc instead of the default dlmalloc: smaller, and the module allocates little.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "client")]
pub use client::EnrollmentClient;
pub use error::to_js_error;
pub use platform::{BrowserPlatform, JsArith};
pub use transport::FetchTransport;
#[cfg(feature = "embed")]
pub use widget::{mount, Widget};
