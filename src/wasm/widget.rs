//! The enrollment widget: mounts into an element of the host page, shows each
//! [`Step`] (see `views.rs`) and turns form submissions into [`Input`]s. Decisions
//! are the flow's; this only shows and reports.
//!
//! The host's element is left as it was: the widget draws into a child element of
//! its own (class `cte`), so a framework that re-renders the host's `className`
//! cannot unstyle it, and `destroy()` puts back what the element held. The JS entry
//! (`www/lib/index.js`) wraps this class so that `free()` and `Symbol.dispose` do
//! what `destroy()` does, and so that `mount` before `init()` says so.

use super::dom::DomResult;
use super::error::to_js_error;
use super::js_types::{mfa_to_js, MountOptions};
use super::platform::{BrowserPlatform, HostTokens};
use super::session_clock::{minutes_seconds, SessionClock};
use super::transport::{delay, FetchTransport};
use super::views::{FormReader, Views, ENDING_SELECTOR, TIMER_SELECTOR};

use crate::flow::{run, Enrollment, Input, Outcome, Recovery, Step};
use crate::messages::{language, Messages};
use crate::text::fill;
use crate::{Config, Error, Secret};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, Node};

thread_local! {
    /// Mounted widgets. A widget lives until `destroy()`, not until JS drops the
    /// handle `mount` returned: pages often ignore that handle, and the garbage
    /// collector would otherwise take the widget's listeners with it.
    static MOUNTED: RefCell<Vec<Rc<Inner>>> = const { RefCell::new(Vec::new()) };
    static MOUNT_COUNT: Cell<u32> = const { Cell::new(0) };
}

/// The widget's listener for the events in [`LISTENED`]. `Fn`, not `FnMut`: the
/// `input` handler's `requestSubmit()` dispatches `submit` to this same listener
/// while it runs, and wasm-bindgen refuses to re-enter an `FnMut` closure.
type Listener = Closure<dyn Fn(Event)>;

/// What the widget listens to on its root: the form, its buttons, the code field.
const LISTENED: [&str; 3] = ["submit", "click", "input"];

/// A mounted enrollment widget (the JS entry's `Widget` wraps it).
///
/// Events: `enrolled` once TOTP is on (state as read back from Cognito), `error` for
/// every error shown, `cancel` when the person presses Cancel, `signInRequired` when
/// the host's token was refused and no fresh one came. `destroy()` removes the
/// widget, puts back what the element held and drops every secret.
#[cfg(feature = "embed")]
#[wasm_bindgen(js_name = WidgetHandle, skip_typescript)]
pub struct Widget {
    inner: Rc<Inner>,
}

pub(super) struct Inner {
    /// The host's element: only its children change, and `destroy()` restores them.
    host: Element,
    /// What the host's element held before the widget came.
    saved: Cell<Vec<Node>>,
    /// The widget's own element inside `host`: class `cte`, `lang`, colour scheme.
    root: Element,
    ids: String,
    texts: &'static Messages,
    config: Rc<Config>,
    /// The transport of the current person's flow: a restart (another person's
    /// token) closes it and starts another, so the earlier person's calls stop. The
    /// stand-alone page never restarts (feature `embed`): one transport, no cell.
    #[cfg(feature = "embed")]
    transport: RefCell<Rc<FetchTransport>>,
    #[cfg(not(feature = "embed"))]
    transport: FetchTransport,
    /// The host's access token: signed-in mode, no sign-in form. The host may hand
    /// over a renewed one at any time (`setAccessToken`).
    host_token: RefCell<Option<Secret>>,
    /// A token the host handed over while a request was on its way: the flow takes
    /// it when it comes back, or sooner if Cognito refuses the old one.
    #[cfg(feature = "embed")]
    handed_over: Cell<Option<Secret>>,
    /// Counts restarts (another person's token): an answer for an earlier person is
    /// dropped when it arrives.
    #[cfg(feature = "embed")]
    generation: Cell<u32>,
    /// The host's `getAccessToken`, asked when Cognito refuses the token.
    #[cfg(feature = "embed")]
    get_access_token: Option<js_sys::Function>,
    /// `None` while a request is in flight: a second submit finds nothing to run.
    flow: Cell<Option<Enrollment>>,
    reader: Cell<Option<FormReader>>,
    listener: Cell<Option<Listener>>,
    handlers: RefCell<Vec<(String, js_sys::Function)>>,
    destroyed: Cell<bool>,
    /// How many secrets (QR codes) this widget showed: each one kills the app entry
    /// made from the one before.
    secrets_shown: Cell<u32>,
    /// Counts down the auth session on steps inside a sign-in.
    clock: SessionClock,
    /// The next step shown moves no focus (the first one, in signed-in mode).
    quiet: Cell<bool>,
}

/// Renders the enrollment widget into `element`, replacing a widget already there.
///
/// `options` takes the keys of `config.json` (`userPoolId`, `clientId`, `issuer`, ...),
/// `accessToken` (a token the host page already has, which skips the sign-in form),
/// `getAccessToken`, `colorScheme` and listeners (`onEnrolled`, ...).
///
/// # Errors
/// Throws an `Error` with `code = "ConfigError"` and `field` naming the option to fix;
/// nothing is sent before the options are valid.
#[cfg(feature = "embed")]
#[wasm_bindgen(js_name = mount, skip_typescript)]
pub fn mount(element: Element, options: JsValue) -> Result<Widget, JsValue> {
    let options = MountOptions::from_js(&options).map_err(|e| to_js_error(&e))?;
    let texts = crate::messages::compiled(choose_language(options.lang.as_deref()));
    mount_with(element, options, texts).map(|inner| Widget { inner })
}

/// [`mount`] with the options read and the texts chosen: the stand-alone page's way
/// in too, with the texts it fetched.
pub(super) fn mount_with(
    element: Element,
    options: MountOptions,
    texts: &'static Messages,
) -> Result<Rc<Inner>, JsValue> {
    let config = Rc::new(options.config.validate().map_err(|e| to_js_error(&e))?);
    if config.client_secret.is_some() {
        web_sys::console::warn_1(&JsValue::from_str(
            "cognito-totp-enroll: clientSecret is set. Anyone who loads this page can read it; \
             use an app client without a secret for browsers.",
        ));
    }
    // One widget per element: a second mount (a framework's effect run twice)
    // replaces the first instead of running beside it.
    let earlier: Vec<Rc<Inner>> = MOUNTED.with(|m| {
        let mut same = Vec::new();
        for widget in m.borrow().iter() {
            if widget.host == element {
                same.push(Rc::clone(widget));
            }
        }
        same
    });
    for widget in earlier {
        widget.destroy();
    }
    let n = MOUNT_COUNT.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    let mut saved = Vec::new();
    while let Some(child) = element.first_child() {
        element.remove_child(&child)?;
        saved.push(child);
    }
    let root = super::dom::el(
        "div",
        &[
            ("class", "cte"),
            ("lang", texts.lang),
            ("data-color-scheme", options.color_scheme),
            ("part", "widget"),
        ],
        "",
    );
    element.append_child(&root)?;
    let inner = Rc::new(Inner {
        host: element,
        saved: Cell::new(saved),
        root,
        ids: format!("cte{n}-"),
        texts,
        #[cfg(feature = "embed")]
        transport: RefCell::new(Rc::new(FetchTransport::new(&config.endpoint, config.request_timeout_ms))),
        #[cfg(not(feature = "embed"))]
        transport: FetchTransport::new(&config.endpoint, config.request_timeout_ms),
        flow: Cell::new(Some(Enrollment::new(Rc::clone(&config), Box::new(BrowserPlatform)))),
        config,
        host_token: RefCell::new(options.access_token.filter(|t| !t.trim().is_empty()).map(Secret::new)),
        #[cfg(feature = "embed")]
        handed_over: Cell::new(None),
        #[cfg(feature = "embed")]
        generation: Cell::new(0),
        #[cfg(feature = "embed")]
        get_access_token: options.get_access_token,
        reader: Cell::new(None),
        listener: Cell::new(None),
        handlers: RefCell::new(
            options.listeners.into_iter().map(|(event, f)| (event.to_owned(), f)).collect(),
        ),
        destroyed: Cell::new(false),
        secrets_shown: Cell::new(0),
        clock: SessionClock::new(),
        quiet: Cell::new(false),
    });
    inner.listen()?;
    // No focus move on mount: a page that just loaded keeps its reading position.
    inner.start(false)?;
    MOUNTED.with(|m| m.borrow_mut().push(Rc::clone(&inner)));
    Ok(inner)
}

#[cfg(feature = "embed")]
#[wasm_bindgen(js_class = WidgetHandle)]
impl Widget {
    /// Calls `handler` on `event` (see [`Widget`]).
    pub fn on(&self, event: &str, handler: js_sys::Function) {
        self.inner.handlers.borrow_mut().push((event.to_owned(), handler));
    }

    /// Stops calling `handler` on `event`.
    pub fn off(&self, event: &str, handler: &js_sys::Function) {
        self.inner.handlers.borrow_mut().retain(|(name, f)| !(name == event && f == handler));
    }

    /// Removes the widget, puts back what the element held, and forgets the flow
    /// (password, tokens, TOTP secret). What is on its way is aborted and nothing
    /// more is sent. A second call does nothing.
    pub fn destroy(&self) {
        self.inner.destroy();
    }

    /// Hands over the host's renewed access token without a new mount: the step on
    /// screen stays and the next call carries it. A token of another person (another
    /// `sub`) starts again with that person's account, as a new mount would; the
    /// first token given to a widget without one starts signed-in mode.
    #[wasm_bindgen(js_name = setAccessToken)]
    pub fn set_access_token(&self, token: String) {
        self.inner.set_access_token(Secret::new(token));
    }
}

impl Inner {
    fn destroy(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        MOUNTED.with(|m| m.borrow_mut().retain(|w| !std::ptr::eq(Rc::as_ptr(w), self)));
        // What is on its way is aborted and nothing more goes out: a switch half done
        // stays as Cognito has it (SMS is touched only by the last call), and the next
        // widget reads the account.
        #[cfg(feature = "embed")]
        self.transport.borrow().close();
        self.clock.stop();
        self.flow.take();
        self.reader.take();
        self.handlers.borrow_mut().clear();
        if let Some(listener) = self.listener.take() {
            for event in LISTENED {
                let _ =
                    self.root.remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        }
        self.root.remove();
        for node in self.saved.take() {
            let _ = self.host.append_child(&node);
        }
    }

    /// Runs `f` with the current person's transport.
    fn with_transport<R>(&self, f: impl FnOnce(&FetchTransport) -> R) -> R {
        #[cfg(feature = "embed")]
        return f(&self.transport.borrow());
        #[cfg(not(feature = "embed"))]
        f(&self.transport)
    }

    /// The host's renewed token (see [`Widget::set_access_token`]).
    #[cfg(feature = "embed")]
    fn set_access_token(self: &Rc<Self>, token: Secret) {
        use crate::cognito::token::subject;
        if self.destroyed.get() || token.expose().trim().is_empty() {
            return;
        }
        let earlier = self.host_token.replace(Some(token.clone()));
        if earlier.as_ref().is_some_and(|e| e.expose() == token.expose()) {
            // The token the widget holds (a host handing back what its cache has after
            // signInRequired): nothing new to try, so nothing is sent.
            return;
        }
        let same_person = earlier.is_some_and(
            |e| matches!((subject(e.expose()), subject(token.expose())), (Some(a), Some(b)) if a == b),
        );
        if !same_person {
            // As a new mount would: the earlier person's calls stop (their transport
            // is closed and their answer dropped when it comes), and this person's
            // account is read.
            self.generation.set(self.generation.get() + 1);
            self.handed_over.take();
            let fresh = Rc::new(FetchTransport::new(&self.config.endpoint, self.config.request_timeout_ms));
            self.transport.replace(fresh).close();
            self.flow.set(Some(self.fresh_flow()));
            if let Err(e) = self.start(false) {
                web_sys::console::error_1(&e);
            }
            return;
        }
        let Some(mut flow) = self.flow.take() else {
            self.handed_over.set(Some(token)); // a request is on its way
            return;
        };
        let was_refused = flow.access_token_refused();
        flow.replace_access_token(token);
        self.flow.set(Some(flow));
        if was_refused {
            // The widget said to sign in again; with a token that works, it reads the
            // account and shows where the person stands.
            self.submit(Input::ReadAccount);
        }
    }

    /// The first step: sign-in, or the account read with the host's token. `focus`
    /// moves focus to its heading, as every later step does.
    fn start(self: &Rc<Self>, focus: bool) -> DomResult<()> {
        // Only a host gives a token (feature `embed`).
        let token = if cfg!(feature = "embed") { self.host_token.borrow().clone() } else { None };
        match token {
            Some(token) => {
                // The account read's answer is the first step: no focus move then
                // either, or a page that just loaded would jump to the widget.
                self.quiet.set(!focus);
                self.submit(Input::UseAccessToken(token.clone()));
                Ok(())
            }
            _ => self.render_step(&Step::SignIn, "", focus),
        }
    }

    fn render(self: &Rc<Self>, step: &Step, username: &str) -> DomResult<()> {
        let focus = !self.quiet.replace(false);
        self.render_step(step, username, focus)
    }

    fn render_step(self: &Rc<Self>, step: &Step, username: &str, focus: bool) -> DomResult<()> {
        let shown_before = self.secrets_shown.get();
        if matches!(step, Step::ScanQr(_)) {
            self.secrets_shown.set(shown_before + 1);
        }
        let views = Views {
            texts: self.texts,
            ids: &self.ids,
            username,
            cancellable: self.offers_cancel(),
            stage: step.stage().filter(|_| !self.signed_in_by_host()),
            session_clock: step.in_auth_session(),
            earlier_secret: matches!(step, Step::ScanQr(_)) && shown_before > 0,
            return_link: self.config.return_link.as_ref(),
        };
        let view = views.of(step);
        self.reader.set(view.reader);
        self.root.replace_children_with_node_1(&view.section);
        self.clock.stop();
        if step.in_auth_session() {
            self.tick_session_clock();
        }
        if !focus {
            return Ok(());
        }
        if let Some(heading) = view.section.query_selector("h2")?.map(JsCast::unchecked_into::<HtmlElement>) {
            heading.focus()?;
        }
        Ok(())
    }

    /// Signed-in mode: the host gave an access token, so there is no sign-in form.
    /// Only a host page can (feature `embed`); the stand-alone page's module links
    /// none of that mode's code.
    fn signed_in_by_host(&self) -> bool {
        cfg!(feature = "embed") && self.host_token.borrow().is_some()
    }

    /// A Cancel button only where the host listens for `cancel` (`onCancel`, or
    /// `on('cancel')`): without a listener it would do nothing. The stand-alone page,
    /// which no host listens to, never has one.
    fn offers_cancel(&self) -> bool {
        cfg!(feature = "embed") && self.handlers.borrow().iter().any(|(event, _)| event == "cancel")
    }

    /// Listens on the root, once: every step's form and button bubbles up to it.
    fn listen(self: &Rc<Self>) -> DomResult<()> {
        let weak: Weak<Inner> = Rc::downgrade(self);
        // One listener for the three events: one closure in the module, not three.
        let listener = Listener::new(move |event: Event| {
            let kind = event.type_();
            if kind == "submit" {
                // Never let the browser submit the form: that would put codes in the URL.
                event.prevent_default();
            }
            let Some(this) = weak.upgrade() else { return };
            let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            match (kind.as_str(), target) {
                ("submit", Some(form)) => {
                    // Taken out for the call and put back: a Cell, so no borrow can fail.
                    let Some(read) = this.reader.take() else { return };
                    let input = read(&form);
                    this.reader.set(Some(read));
                    this.submit(input);
                }
                ("click", Some(t)) if t.class_list().contains("cte-cancel") => this.cancel(),
                ("click", Some(t)) if t.class_list().contains("cte-copy") => this.copy_secret(),
                ("input", _) => this.submit_full_code(&event),
                _ => {}
            }
        });
        for event in LISTENED {
            self.root.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())?;
        }
        self.listener.set(Some(listener));
        Ok(())
    }

    /// Starts the session clock and ticks it every second until the step changes.
    fn tick_session_clock(self: &Rc<Self>) {
        let run = self.clock.start(self.config.auth_session_minutes);
        self.show_time_left();
        let weak: Weak<Inner> = Rc::downgrade(self);
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                delay(1000).await;
                match weak.upgrade() {
                    Some(this) if this.clock.is_current(run) => this.on_tick(),
                    _ => return,
                }
            }
        });
    }

    /// Every second of a step inside a sign-in: the time left, and at its end a new
    /// sign-in with the username kept, before a code that can only fail is sent.
    /// While a request is on its way, its answer decides instead.
    fn on_tick(self: &Rc<Self>) {
        self.show_time_left();
        if self.clock.seconds_left() != Some(0) {
            return;
        }
        // Out while a request is on its way: its answer decides then.
        let Some(old) = self.flow.take() else { return };
        let username = old.typed_username().to_owned();
        drop(old); // with its session
        self.flow.set(Some(self.fresh_flow()));
        let error = Error::SessionTimedOut;
        if let Err(e) = self.render(&Step::SignIn, &username).and_then(|()| self.show_error(&error)) {
            web_sys::console::error_1(&e);
        }
        self.emit("error", &|| to_js_error(&error));
    }

    fn show_time_left(&self) {
        let (Some(seconds), Ok(Some(line))) =
            (self.clock.seconds_left(), self.root.query_selector(TIMER_SELECTOR))
        else {
            return;
        };
        line.set_text_content(Some(&fill(self.texts.session_left, "{time}", &minutes_seconds(seconds))));
        if seconds <= 30 {
            if let Ok(Some(ending)) = self.root.query_selector(ENDING_SELECTOR) {
                if ending.text_content().unwrap_or_default().is_empty() {
                    ending.set_text_content(Some(self.texts.session_ending));
                }
            }
        }
    }

    /// Submits a code field once it holds six digits (spaces, hyphens and full-width
    /// digits allowed), once per value: people need not find the button.
    fn submit_full_code(&self, event: &Event) {
        let Some(field) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if field.get_attribute("data-auto-submit").is_none() {
            return;
        }
        // Only the code inputs this widget made carry the attribute.
        let input = field.unchecked_into::<web_sys::HtmlInputElement>();
        let value = input.value();
        let Ok(code) = crate::flow::normalize_code(&value) else { return };
        if input.get_attribute("data-submitted").as_deref() == Some(code.as_str()) {
            return;
        }
        let _ = input.set_attribute("data-submitted", &code);
        if let Some(form) = input.form() {
            let _ = form.request_submit();
        }
    }

    /// Copies the TOTP key, says so, and falls back to selecting it for a manual copy
    /// when the browser refuses the clipboard.
    fn copy_secret(self: &Rc<Self>) {
        let secret = self.root.query_selector(".cte-secret").ok().flatten();
        let status = self.root.query_selector(".cte-copy-status").ok().flatten();
        let (Some(secret), Some(status)) = (secret, status) else { return };
        // The key as shown, in groups of four, back to one word.
        let key = crate::otpauth::normalize_secret(&secret.text_content().unwrap_or_default());
        let texts = self.texts;
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        wasm_bindgen_futures::spawn_local(async move {
            let copied = match clipboard {
                Some(clipboard) => {
                    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&key)).await.is_ok()
                }
                None => false,
            };
            status.set_text_content(Some(if copied { texts.copied } else { texts.copy_failed }));
            if !copied {
                select_text(&secret);
            }
        });
    }

    fn cancel(self: &Rc<Self>) {
        if self.flow.take().is_none() {
            return; // a request is in flight; its answer decides what comes next
        }
        self.flow.set(Some(self.fresh_flow()));
        self.emit("cancel", &|| JsValue::UNDEFINED);
        if let Err(e) = self.start(true) {
            web_sys::console::error_1(&e);
        }
    }

    fn fresh_flow(&self) -> Enrollment {
        Enrollment::new(Rc::clone(&self.config), Box::new(BrowserPlatform))
    }

    fn submit(self: &Rc<Self>, input: Input) {
        // Taking the flow out is the double-submit guard: while it is out, a second
        // submit finds nothing and does nothing.
        let Some(mut flow) = self.flow.take() else {
            return;
        };
        self.set_busy(true);
        let this = Rc::clone(self);
        #[cfg(feature = "embed")]
        let generation = self.generation.get();
        // The flow's own transport, kept by the call: a restart closes it.
        #[cfg(feature = "embed")]
        let own = Rc::clone(&self.transport.borrow());
        wasm_bindgen_futures::spawn_local(async move {
            #[cfg(feature = "embed")]
            let transport: &FetchTransport = &own;
            #[cfg(not(feature = "embed"))]
            let transport = &this.transport;
            // Only a host hands tokens over or has getAccessToken (feature `embed`).
            #[cfg(feature = "embed")]
            let tokens = WidgetTokens { widget: &this, generation };
            #[cfg(not(feature = "embed"))]
            let tokens = HostTokens(None);
            let Outcome { result, account, recovery } = run(&mut flow, transport, &tokens, input).await;
            if this.destroyed.get() {
                return; // `flow` drops here, wiping its secrets
            }
            #[cfg(feature = "embed")]
            {
                if this.generation.get() != generation {
                    return; // an answer for the person before: dropped, with its secrets
                }
                if let Some(token) = this.handed_over.take() {
                    // Handed over while this was on its way.
                    flow.replace_access_token(token);
                    if recovery == Recovery::RenewToken {
                        // The old token was refused and a new one came meanwhile: read
                        // the account with it, instead of saying to sign in again.
                        this.flow.set(Some(flow));
                        this.submit(Input::ReadAccount);
                        return;
                    }
                }
            }
            let username = flow.typed_username().to_owned();
            // The host's token was refused and no fresh one came: only the host can
            // sign the person in again.
            let sign_in_required = recovery == Recovery::RenewToken && this.signed_in_by_host();
            this.flow.set(Some(flow));
            let shown = match (&result, &account) {
                _ if sign_in_required => this.show_sign_in_required(),
                (Err(error), Some(step)) => this.render(step, "").and_then(|()| this.show_error(error)),
                (Ok(step), _) => this.render(step, ""),
                (Err(error), None) => this.show_recovery(error, recovery, &username),
            };
            match &result {
                Ok(Step::Done(done)) => this.emit("enrolled", &|| mfa_to_js(&done.state)),
                // An expired or revoked token is the host's to renew, not an error to
                // record: signInRequired alone says so.
                Err(_) if sign_in_required => {}
                Err(error) => this.emit("error", &|| to_js_error(error)),
                Ok(_) => {}
            }
            if sign_in_required {
                this.emit("signInRequired", &|| JsValue::UNDEFINED);
            }
            if let Err(e) = shown {
                web_sys::console::error_1(&e);
            }
        });
    }

    /// Shows `error` the way the flow's `recovery` says.
    fn show_recovery(self: &Rc<Self>, error: &Error, recovery: Recovery, username: &str) -> DomResult<()> {
        match recovery {
            // Only a new sign-in can go on: back to the form, username kept. (With the
            // host's token there is no form: the host signs people in.)
            Recovery::SignInAgain | Recovery::RenewToken if !self.signed_in_by_host() => {
                self.render(&Step::SignIn, username).and_then(|()| self.show_error(error))
            }
            Recovery::TypeCodeAgain => self.show_code_error(error),
            Recovery::SignInAgain | Recovery::RenewToken | Recovery::SameStep => self.show_error(error),
        }
    }

    /// Calls the host's handlers for `event` with the detail `detail` makes. The
    /// stand-alone page's module (no `embed`) has no host to tell: no `on()`, no
    /// listener options; there the detail is never made, and its code not linked.
    fn emit(&self, event: &str, detail: &dyn Fn() -> JsValue) {
        if !cfg!(feature = "embed") {
            return;
        }
        let detail = &detail();
        let handlers: Vec<js_sys::Function> =
            self.handlers.borrow().iter().filter(|(name, _)| name == event).map(|(_, f)| f.clone()).collect();
        for handler in handlers {
            if let Err(e) = handler.call1(&JsValue::NULL, detail) {
                web_sys::console::error_1(&e); // the host's handler threw; the widget goes on
            }
        }
    }

    fn set_busy(&self, busy: bool) {
        let button = self.root.query_selector("button[type=submit]").ok().flatten();
        if let Some(button) = button {
            // Attributes, as everywhere else: no HTMLButtonElement check or setter.
            let _ = if busy {
                button.set_attribute("disabled", "").and_then(|()| button.set_attribute("aria-busy", "true"))
            } else {
                button.remove_attribute("disabled").and_then(|()| button.remove_attribute("aria-busy"))
            };
        }
    }

    /// A code that did not match: when this device's clock is more than 30 s off the
    /// server's, that is the likely cause, so say so.
    fn show_code_error(&self, error: &Error) -> DomResult<()> {
        self.show_error(error)?;
        let skew = self.with_transport(FetchTransport::clock_skew_seconds).filter(|s| s.abs() > 30.0);
        if let (Some(skew), Some(line)) = (skew, self.root.query_selector(&format!("#{}error", self.ids))?) {
            let seconds = format!("{}", skew.abs().round() as u32);
            line.set_text_content(Some(&fill(self.texts.clock_off, "{seconds}", &seconds)));
            line.set_attribute("data-code", "ClockSkew")?;
        }
        Ok(())
    }

    /// The host's token was refused and no fresh one came: the message alone, no
    /// step whose button would repeat the refused call. A token handed over later
    /// (`setAccessToken`) reads the account again.
    fn show_sign_in_required(&self) -> DomResult<()> {
        self.set_busy(false);
        self.reader.take();
        let line =
            super::dom::el("p", &[("class", "cte-error"), ("role", "alert")], self.texts.sign_in_required);
        line.set_attribute("data-code", "SignInRequired")?;
        self.root.replace_children_with_node_1(&line);
        Ok(())
    }

    fn show_error(&self, error: &Error) -> DomResult<()> {
        self.show_message(&self.texts.error(error), error.code())
    }

    /// Shows `text` on the step's error line, which screen readers announce.
    fn show_message(&self, text: &str, code: &str) -> DomResult<()> {
        self.set_busy(false);
        let line = match self.root.query_selector(&format!("#{}error", self.ids))? {
            Some(line) => line,
            None => {
                // No step on screen yet (signed-in mode whose token failed).
                let line = super::dom::el("p", &[("class", "cte-error"), ("role", "alert")], "");
                self.root.replace_children_with_node_1(&line);
                line
            }
        };
        line.set_text_content(Some(text));
        line.set_attribute("data-code", code)?;
        Ok(())
    }
}

/// The language asked for, else the browser's first supported one, else English.
pub fn choose_language(requested: Option<&str>) -> &'static str {
    if let Some(lang) = requested.and_then(language) {
        return lang;
    }
    if let Some(window) = web_sys::window() {
        for tag in window.navigator().languages().iter() {
            if let Some(lang) = tag.as_string().as_deref().and_then(language) {
                return lang;
            }
        }
    }
    "en"
}

/// Selects the text of `element`, so a person can copy it by hand.
fn select_text(element: &Element) {
    let selection = web_sys::window().and_then(|w| w.get_selection().ok().flatten());
    let range = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_range().ok());
    if let (Some(selection), Some(range)) = (selection, range) {
        if range.select_node_contents(element).is_ok() {
            let _ = selection.remove_all_ranges();
            let _ = selection.add_range(&range);
        }
    }
}

#[cfg(feature = "embed")]
use crate::flow::TokenSource;

/// The widget's fresh tokens for the flow of one `generation`: one the host handed
/// over while a request was on its way, else the host's `getAccessToken`; none once
/// the widget started again for another person (their tokens are not this flow's)
/// or was destroyed.
#[cfg(feature = "embed")]
struct WidgetTokens<'a> {
    widget: &'a Inner,
    generation: u32,
}

#[cfg(feature = "embed")]
impl TokenSource for WidgetTokens<'_> {
    async fn fresh_access_token(&self) -> Option<Secret> {
        let current = || !self.widget.destroyed.get() && self.widget.generation.get() == self.generation;
        if !current() {
            return None;
        }
        if let Some(token) = self.widget.handed_over.take() {
            return Some(token);
        }
        let token = HostTokens(self.widget.get_access_token.as_ref()).fresh_access_token().await;
        token.filter(|_| current()) // a restart while the host was asked
    }
}
