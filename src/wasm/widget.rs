//! The enrollment widget: renders each [`Step`] into an element of the host page and
//! turns form submissions into [`Input`]s. Decisions are the flow's; this only shows.

use super::dom::{append, el, field, value_of, DomResult};
use super::error::to_js_error;
use super::messages::{Messages, EN};
use super::platform::BrowserPlatform;
use super::transport::FetchTransport;
use crate::flow::{advance, CodeChannel, Enrollment, Factor, Input, MfaState, Step, TotpSetup};
use crate::{otpauth, qr, Error, RawConfig, Secret};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlButtonElement, HtmlElement};

/// Side of the QR code in CSS pixels; fixed so nothing shifts when it appears.
const QR_SIZE: u32 = 200;

thread_local! {
    /// Mounted widgets. A widget lives until `destroy()`, not until JS drops the
    /// handle `mount` returned: pages often ignore that handle, and the garbage
    /// collector would otherwise take the widget's listener with it.
    static MOUNTED: RefCell<Vec<Rc<Inner>>> = const { RefCell::new(Vec::new()) };
    static MOUNT_COUNT: Cell<u32> = const { Cell::new(0) };
}

/// Reads the current step's form into an [`Input`] when it is submitted.
type FormReader = Box<dyn Fn(&Element) -> Input>;

/// The widget's one `submit` listener.
type SubmitListener = Closure<dyn FnMut(Event)>;

/// A mounted enrollment widget. Call `destroy()` to remove it and drop every secret.
#[wasm_bindgen]
pub struct Widget {
    inner: Rc<Inner>,
}

struct Inner {
    root: Element,
    /// Prefix of every element id, so two widgets on one page never clash.
    ids: String,
    texts: &'static Messages,
    transport: FetchTransport,
    /// `None` while a request is in flight: a second submit finds nothing to run.
    flow: RefCell<Option<Enrollment>>,
    /// How to read the form of the step on screen; `None` on steps without a form.
    reader: RefCell<Option<FormReader>>,
    /// The one `submit` listener, on the root: steps come and go, it stays.
    on_submit: RefCell<Option<SubmitListener>>,
    destroyed: Cell<bool>,
}

/// Renders the enrollment widget into `element`.
///
/// `options` takes the keys of `config.json`: `userPoolId`, `clientId`, and optionally
/// `region`, `issuer`, `accountLabel`, `endpoint`, `authFlow`, `disableSms`.
///
/// # Errors
/// Throws an `Error` with `code = "ConfigError"` and `field` naming the option to fix;
/// nothing is sent before the options are valid.
#[wasm_bindgen(js_name = mount)]
pub fn mount(element: Element, options: JsValue) -> Result<Widget, JsValue> {
    let raw: RawConfig = serde_wasm_bindgen::from_value(options)
        .map_err(|e| to_js_error(&Error::Config { field: "options", problem: e.to_string() }))?;
    let config = raw.validate().map_err(|e| to_js_error(&e))?;
    if config.client_secret.is_some() {
        web_sys::console::warn_1(&JsValue::from_str(
            "cognito-totp-enroll: clientSecret is set. Anyone who loads this page can read it; \
             use an app client without a secret for browsers.",
        ));
    }
    let n = MOUNT_COUNT.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    let inner = Rc::new(Inner {
        root: element,
        ids: format!("cte{n}-"),
        texts: &EN,
        transport: FetchTransport::new(&config.endpoint),
        flow: RefCell::new(Some(Enrollment::new(config, Box::new(BrowserPlatform)))),
        reader: RefCell::new(None),
        on_submit: RefCell::new(None),
        destroyed: Cell::new(false),
    });
    inner.root.class_list().add_1("cte")?;
    inner.root.set_attribute("lang", inner.texts.lang)?;
    inner.listen()?;
    inner.render(&Step::SignIn)?;
    MOUNTED.with(|m| m.borrow_mut().push(Rc::clone(&inner)));
    Ok(Widget { inner })
}

#[wasm_bindgen]
impl Widget {
    /// Removes the widget and forgets the flow (password, tokens, TOTP secret).
    pub fn destroy(&self) {
        MOUNTED.with(|m| m.borrow_mut().retain(|w| !Rc::ptr_eq(w, &self.inner)));
        self.inner.destroyed.set(true);
        self.inner.flow.borrow_mut().take();
        self.inner.root.replace_children_with_node_0();
        self.inner.reader.borrow_mut().take();
        if let Some(listener) = self.inner.on_submit.borrow_mut().take() {
            let _ = self
                .inner
                .root
                .remove_event_listener_with_callback("submit", listener.as_ref().unchecked_ref());
        }
    }
}

impl Inner {
    fn id(&self, name: &str) -> String {
        format!("{}{name}", self.ids)
    }

    fn render(self: &Rc<Self>, step: &Step) -> DomResult<()> {
        self.reader.borrow_mut().take();
        let section = match step {
            Step::SignIn => self.sign_in_view()?,
            Step::ChallengeCode { channel, destination } => {
                self.code_view(*channel, destination.as_deref())?
            }
            Step::Account(state) => self.account_view(state)?,
            Step::ScanQr(setup) => self.qr_view(setup)?,
            Step::Done(state) => self.done_view(state)?,
        };
        self.root.replace_children_with_node_1(&section);
        if let Some(heading) = section.query_selector("h2")?.and_then(|h| h.dyn_into::<HtmlElement>().ok()) {
            heading.focus()?;
        }
        Ok(())
    }

    fn sign_in_view(self: &Rc<Self>) -> DomResult<Element> {
        let t = self.texts;
        let (user_id, password_id) = (self.id("username"), self.id("password"));
        let intro = el("p", &[], t.sign_in_intro)?;
        let fields = [
            field(
                &user_id,
                t.username,
                &[("autocomplete", "username"), ("autocapitalize", "none"), ("spellcheck", "false")],
            )?,
            field(&password_id, t.password, &[("type", "password"), ("autocomplete", "current-password")])?,
        ];
        self.form_step(t.sign_in_title, &[&intro], &fields, t.sign_in, move |form| Input::SignIn {
            username: value_of(form, &user_id),
            password: Secret::new(value_of(form, &password_id)),
        })
    }

    fn code_view(self: &Rc<Self>, channel: CodeChannel, destination: Option<&str>) -> DomResult<Element> {
        let t = self.texts;
        let sent = match (channel, destination) {
            (CodeChannel::Sms, Some(to)) => t.code_sent_sms_to.replace("{destination}", to),
            (CodeChannel::Sms, None) => t.code_sent_sms.to_owned(),
        };
        let intro = el("p", &[], &sent)?;
        let code_id = self.id("code");
        let fields = [field(&code_id, t.code, &one_time_code_attrs())?];
        self.form_step(t.code_title, &[&intro], &fields, t.continue_, move |form| {
            Input::ChallengeCode(value_of(form, &code_id))
        })
    }

    fn account_view(self: &Rc<Self>, state: &MfaState) -> DomResult<Element> {
        let t = self.texts;
        let list = self.factor_list(state)?;
        let offer = if state.has(Factor::Totp) {
            el("p", &[("class", "cte-warning")], t.account_has_totp)?
        } else {
            el("p", &[], t.account_offer)?
        };
        self.form_step(t.account_title, &[&list, &offer], &[], t.begin_setup, |_| Input::BeginTotpSetup)
    }

    fn qr_view(self: &Rc<Self>, setup: &TotpSetup) -> DomResult<Element> {
        let t = self.texts;
        let steps = el("ol", &[("class", "cte-steps")], "")?;
        for text in [t.qr_step_open, t.qr_step_scan, t.qr_step_code] {
            append(&steps, &[&el("li", &[], text)?])?;
        }
        let alt = t.qr_alt.replace("{issuer}", &setup.issuer).replace("{account}", &setup.account);
        let qr_box = el("div", &[("class", "cte-qr"), ("role", "img"), ("aria-label", &alt)], "")?;
        let svg = qr::svg(setup.uri.expose(), QR_SIZE).map_err(|e| JsValue::from_str(&e.to_string()))?;
        // The SVG is ours (modules only, no user text); the XML declaration is not HTML.
        qr_box.set_inner_html(svg.trim_start_matches(|c| c != '<').split_once("?>").map_or(&svg, |(_, s)| s));
        let manual = el("p", &[], t.manual_key)?;
        let secret = el("code", &[("class", "cte-secret")], &otpauth::grouped_secret(setup.secret.expose()))?;
        append(&manual, &[&el("br", &[], "")?, &secret])?;
        let link = el("a", &[("href", setup.uri.expose()), ("class", "cte-open-app")], t.open_in_app)?;
        let link_p = el("p", &[], "")?;
        append(&link_p, &[&link])?;
        let (code_id, device_id) = (self.id("totp"), self.id("device"));
        let fields = [
            field(&code_id, t.totp_code, &one_time_code_attrs())?,
            field(&device_id, t.device_name, &[("autocomplete", "off"), ("maxlength", "64")])?,
        ];
        self.form_step(t.qr_title, &[&steps, &qr_box, &manual, &link_p], &fields, t.verify, move |form| {
            Input::VerifyTotp {
                code: value_of(form, &code_id),
                device_name: Some(value_of(form, &device_id)),
            }
        })
    }

    fn done_view(self: &Rc<Self>, state: &MfaState) -> DomResult<Element> {
        let t = self.texts;
        let section = self.section(t.done_title)?;
        let sms = if state.has(Factor::Sms) { t.done_sms_kept } else { t.done_sms_off };
        append(
            &section,
            &[
                &el("p", &[("class", "cte-success")], t.done_totp)?,
                &el("p", &[], sms)?,
                &self.factor_list(state)?,
                &el("p", &[], t.lost_phone)?,
            ],
        )?;
        Ok(section)
    }

    fn factor_list(&self, state: &MfaState) -> DomResult<Element> {
        let t = self.texts;
        let list = el("dl", &[("class", "cte-factors")], "")?;
        for (factor, name) in
            [(Factor::Totp, t.factor_totp), (Factor::Sms, t.factor_sms), (Factor::Email, t.factor_email)]
        {
            if factor == Factor::Email && !state.has(factor) {
                continue;
            }
            let status = if state.preferred == Some(factor) {
                t.state_preferred
            } else if state.has(factor) {
                t.state_on
            } else {
                t.state_off
            };
            append(&list, &[&el("dt", &[], name)?, &el("dd", &[], status)?])?;
        }
        Ok(list)
    }

    fn section(&self, title: &str) -> DomResult<Element> {
        let title_id = self.id("title");
        let section = el("section", &[("class", "cte-step"), ("aria-labelledby", &title_id)], "")?;
        append(&section, &[&el("h2", &[("id", &title_id), ("tabindex", "-1")], title)?])?;
        Ok(section)
    }

    /// A step with a form: title, content, fields, an error line announced to screen
    /// readers, and a submit button. `make_input` reads the form when it is submitted.
    fn form_step(
        self: &Rc<Self>,
        title: &str,
        content: &[&Element],
        fields: &[Element],
        button: &str,
        make_input: impl Fn(&Element) -> Input + 'static,
    ) -> DomResult<Element> {
        let section = self.section(title)?;
        append(&section, content)?;
        let form = el("form", &[("novalidate", "")], "")?;
        for f in fields {
            append(&form, &[f])?;
        }
        let error = el("p", &[("class", "cte-error"), ("role", "alert"), ("id", &self.id("error"))], "")?;
        let submit = el("button", &[("type", "submit")], button)?;
        append(&form, &[&error, &submit])?;
        append(&section, &[&form])?;

        *self.reader.borrow_mut() = Some(Box::new(make_input));
        Ok(section)
    }

    /// Listens for `submit` on the root, once: every step's form bubbles up to it.
    fn listen(self: &Rc<Self>) -> DomResult<()> {
        let weak: Weak<Inner> = Rc::downgrade(self);
        let listener = SubmitListener::new(move |event: Event| {
            // Never let the browser submit the form: that would put codes in the URL.
            event.prevent_default();
            let Some(this) = weak.upgrade() else { return };
            let form = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            let input = match (form, this.reader.borrow().as_ref()) {
                (Some(form), Some(read)) => read(&form),
                _ => return,
            };
            this.submit(input);
        });
        self.root.add_event_listener_with_callback("submit", listener.as_ref().unchecked_ref())?;
        *self.on_submit.borrow_mut() = Some(listener);
        Ok(())
    }

    fn submit(self: &Rc<Self>, input: Input) {
        // Taking the flow out is the double-submit guard: while it is out, a second
        // submit finds nothing and does nothing.
        let Some(mut flow) = self.flow.borrow_mut().take() else {
            return;
        };
        self.set_busy(true);
        let this = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let result = advance(&mut flow, &this.transport, input).await;
            if this.destroyed.get() {
                return; // `flow` drops here, wiping its secrets
            }
            let finished = matches!(result, Ok(Step::Done(_)));
            // Once done, the tokens are no longer needed: start over with none.
            let next = if finished {
                Enrollment::new(flow.config().clone(), Box::new(BrowserPlatform))
            } else {
                flow
            };
            *this.flow.borrow_mut() = Some(next);
            let shown = match result {
                Ok(step) => this.render(&step),
                Err(error) => this.show_error(&error),
            };
            if let Err(e) = shown {
                web_sys::console::error_1(&e);
            }
        });
    }

    fn set_busy(&self, busy: bool) {
        let button = self.root.query_selector("button[type=submit]").ok().flatten();
        if let Some(button) = button.and_then(|b| b.dyn_into::<HtmlButtonElement>().ok()) {
            button.set_disabled(busy);
            let _ = if busy {
                button.set_attribute("aria-busy", "true")
            } else {
                button.remove_attribute("aria-busy")
            };
        }
    }

    fn show_error(&self, error: &Error) -> DomResult<()> {
        self.set_busy(false);
        if let Some(line) = self.root.query_selector(&format!("#{}", self.id("error")))? {
            line.set_text_content(Some(&self.texts.error(error)));
            line.set_attribute("data-code", error.code())?;
        }
        Ok(())
    }
}

fn one_time_code_attrs() -> [(&'static str, &'static str); 3] {
    [("inputmode", "numeric"), ("autocomplete", "one-time-code"), ("maxlength", "12")]
}
