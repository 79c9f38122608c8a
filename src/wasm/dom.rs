//! A few DOM builders, so the widget reads as the markup it makes.
//! Text always goes in as text (`textContent`), never as markup.
//!
//! The builders do not return `Result`: `createElement`, `setAttribute` and
//! `appendChild` fail only for invalid tag or attribute names or a cycle, and every
//! name here is a literal. Dropping the error paths took 7 kB off the module.

use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::{Document, Element, HtmlInputElement};

pub type DomResult<T> = Result<T, JsValue>;

/// The page's document.
pub fn document() -> DomResult<Document> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))
}

/// An element with attributes and text.
pub fn el(tag: &str, attrs: &[(&str, &str)], text: &str) -> Element {
    // Should a call ever fail, the page gets a JS exception, not a half-built step.
    let element = document().and_then(|d| d.create_element(tag)).unwrap_throw();
    for (name, value) in attrs {
        element.set_attribute(name, value).unwrap_throw();
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    element
}

/// [`el`], appended to `parent`.
pub fn add(parent: &Element, tag: &str, attrs: &[(&str, &str)], text: &str) -> Element {
    let element = el(tag, attrs, text);
    parent.append_child(&element).unwrap_throw();
    element
}

/// [`add`] for an element that nothing more goes into: its handle is dropped here,
/// once, not at every call.
pub fn leaf(parent: &Element, tag: &str, attrs: &[(&str, &str)], text: &str) {
    add(parent, tag, attrs, text);
}

/// A labelled input in `parent`: `<div class=field><label for=id>..</label><input id=id ..></div>`.
pub fn field(parent: &Element, id: &str, label: &str, attrs: &[(&str, &str)]) {
    let wrapper = add(parent, "div", &[("class", "cte-field")], "");
    leaf(&wrapper, "label", &[("for", id)], label);
    // No `name`: should the page's script ever die, a native form submission then
    // sends nothing, instead of putting a password or code into the URL.
    let input = el("input", &[("id", id), ("part", "input")], "");
    for (name, value) in attrs {
        input.set_attribute(name, value).unwrap_throw();
    }
    wrapper.append_child(&input).unwrap_throw();
}

/// The current value of the input `id` inside `root`; empty when absent.
pub fn value_of(root: &Element, id: &str) -> String {
    root.query_selector(&format!("#{id}"))
        .ok()
        .flatten()
        // The ids are this widget's own inputs': no `instanceof` check (one import less).
        .map(JsCast::unchecked_into::<HtmlInputElement>)
        .map(|input| input.value())
        .unwrap_or_default()
}
