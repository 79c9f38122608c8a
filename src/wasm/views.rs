//! One view per [`Step`]: the markup a step shows and how its form is read back into
//! an [`Input`]. Pure DOM building; the widget decides when to show what.

use super::dom::{add, el, field, leaf, value_of};
use crate::config::ReturnLink;
use crate::flow::{CodeChannel, Factor, Input, MfaState, SmsAfter, Step, TotpSetup, STAGES};
use crate::messages::Messages;
use crate::text::fill;
use crate::{otpauth, qr, Secret};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

/// Side of the QR code in CSS pixels; fixed so nothing shifts when it appears.
pub(super) const QR_SIZE: u32 = 200;

/// Reads the step's form into an [`Input`] when it is submitted.
pub type FormReader = Box<dyn Fn(&Element) -> Input>;

/// A rendered step: its section and, for steps with a form, how to read it.
pub struct View {
    pub section: Element,
    pub reader: Option<FormReader>,
}

/// Builds views with one widget's texts and element ids.
pub struct Views<'a> {
    pub texts: &'a Messages,
    /// Prefix of every element id, so two widgets on one page never clash.
    pub ids: &'a str,
    /// The username to put back into the sign-in form (after an expired session).
    pub username: &'a str,
    /// Whether to offer a Cancel button (embedded widgets).
    pub cancellable: bool,
    /// The stage to name before the title ("Step 2 of 3"), if any.
    pub stage: Option<u8>,
    /// Whether the step runs against the auth session: a line for the time left.
    pub session_clock: bool,
    /// Whether this visit already showed a secret, whose app entry the next one kills.
    pub earlier_secret: bool,
    /// The done page's way back, from the admin.
    pub return_link: Option<&'a ReturnLink>,
}

/// The class of the line that shows the auth session's time left.
const TIMER_CLASS: &str = "cte-timer";
/// [`TIMER_CLASS`] as a selector.
pub(super) const TIMER_SELECTOR: &str = ".cte-timer";
/// The class of the line announced once, 30 seconds before the sign-in runs out.
const ENDING_CLASS: &str = "cte-ending";
/// [`ENDING_CLASS`] as a selector.
pub(super) const ENDING_SELECTOR: &str = ".cte-ending";
// Checked when the module compiles, so a class and its selector cannot drift apart.
const _: () = assert!(selects(TIMER_SELECTOR, TIMER_CLASS) && selects(ENDING_SELECTOR, ENDING_CLASS));

/// Whether `selector` is `.` followed by `class`.
const fn selects(selector: &str, class: &str) -> bool {
    let (selector, class) = (selector.as_bytes(), class.as_bytes());
    if selector.len() != class.len() + 1 || selector[0] != b'.' {
        return false;
    }
    let mut i = 0;
    while i < class.len() {
        if selector[i + 1] != class[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Views<'_> {
    fn id(&self, name: &str) -> String {
        format!("{}{name}", self.ids)
    }

    /// The view of `step`.
    pub fn of(&self, step: &Step) -> View {
        match step {
            Step::SignIn => self.sign_in(),
            Step::ChallengeCode { channel, destination } => self.code(*channel, destination.as_deref()),
            Step::ChooseFactor(options) => self.choose_factor(options),
            Step::NewPassword { required_attributes } => self.new_password(required_attributes),
            Step::Account(state) => self.account(state),
            Step::ScanQr(setup) => self.qr(setup),
            Step::Done(done) => self.done(&done.state, done.sms),
        }
    }

    fn sign_in(&self) -> View {
        let t = self.texts;
        let (user_id, password_id) = (self.id("username"), self.id("password"));
        let section = self.section(t.sign_in_title);
        leaf(&section, "p", &[], t.sign_in_intro);
        let form = form_in(&section);
        let user_attrs = [
            ("autocomplete", "username"),
            ("autocapitalize", "none"),
            ("spellcheck", "false"),
            ("value", self.username),
        ];
        field(&form, &user_id, t.username, &user_attrs);
        field(&form, &password_id, t.password, &[("type", "password"), ("autocomplete", "current-password")]);
        self.finish(section, &form, t.sign_in, move |form| Input::SignIn {
            username: value_of(form, &user_id),
            password: Secret::new(value_of(form, &password_id)),
        })
    }

    fn code(&self, channel: CodeChannel, destination: Option<&str>) -> View {
        let t = self.texts;
        let sent = match (channel, destination) {
            (CodeChannel::Sms, Some(to)) => fill(t.code_sent_sms_to, "{destination}", to),
            (CodeChannel::Sms, None) => t.code_sent_sms.to_owned(),
            (CodeChannel::Email, Some(to)) => fill(t.code_sent_email_to, "{destination}", to),
            (CodeChannel::Email, None) => t.code_sent_email.to_owned(),
            (CodeChannel::Totp, _) => t.code_from_app.to_owned(),
        };
        let section = self.section(t.code_title);
        leaf(&section, "p", &[], &sent);
        let form = form_in(&section);
        let code_id = self.id("code");
        // Six digits submit by themselves: the code is all this step asks for.
        let [mode, complete, length] = one_time_code_attrs();
        field(&form, &code_id, t.code, &[mode, complete, length, ("data-auto-submit", "")]);
        self.finish(section, &form, t.continue_, move |form| Input::ChallengeCode(value_of(form, &code_id)))
    }

    fn choose_factor(&self, options: &[Factor]) -> View {
        let t = self.texts;
        let section = self.section(t.choose_factor_title);
        let form = form_in(&section);
        let group = add(&form, "fieldset", &[("class", "cte-choices")], "");
        leaf(&group, "legend", &[], t.choose_factor_legend);
        let name = self.id("factor");
        for (i, factor) in options.iter().enumerate() {
            let id = self.id(&format!("factor-{i}"));
            let row = add(&group, "div", &[("class", "cte-choice")], "");
            let mut attrs =
                vec![("type", "radio"), ("id", &id), ("name", &name), ("value", factor.cognito_name())];
            if i == 0 {
                attrs.push(("checked", ""));
            }
            leaf(&row, "input", &attrs, "");
            leaf(&row, "label", &[("for", &id)], factor_name(t, *factor));
        }
        let fallback = options.first().copied().unwrap_or(Factor::Totp);
        self.finish(section, &form, t.continue_, move |form| {
            let checked = form
                .query_selector("input[type=radio]:checked")
                .ok()
                .flatten()
                .map(JsCast::unchecked_into::<HtmlInputElement>) // the selector matches inputs only
                .and_then(|input| Factor::from_cognito(&input.value()));
            Input::ChooseFactor(checked.unwrap_or(fallback))
        })
    }

    fn new_password(&self, required: &[String]) -> View {
        let t = self.texts;
        let (new_id, again_id) = (self.id("new-password"), self.id("new-password-again"));
        let section = self.section(t.new_password_title);
        leaf(&section, "p", &[], t.new_password_intro);
        let form = form_in(&section);
        field(&form, &new_id, t.new_password, &[("type", "password"), ("autocomplete", "new-password")]);
        field(
            &form,
            &again_id,
            t.new_password_again,
            &[("type", "password"), ("autocomplete", "new-password")],
        );
        let mut attribute_ids = Vec::new();
        for (i, name) in required.iter().enumerate() {
            let id = self.id(&format!("attr-{i}"));
            let (label, autocomplete) = attribute_label(t, name);
            field(&form, &id, &label, &[("autocomplete", autocomplete)]);
            attribute_ids.push((name.clone(), id));
        }
        self.finish(section, &form, t.continue_, move |form| Input::NewPassword {
            password: Secret::new(value_of(form, &new_id)),
            confirmation: Secret::new(value_of(form, &again_id)),
            attributes: attribute_ids.iter().map(|(name, id)| (name.clone(), value_of(form, id))).collect(),
        })
    }

    fn account(&self, state: &MfaState) -> View {
        let t = self.texts;
        let section = self.section(t.account_title);
        self.factor_list(&section, state);
        let button = if state.has(Factor::Totp) {
            leaf(&section, "p", &[("class", "cte-warning")], t.account_has_totp);
            t.replace_setup
        } else {
            leaf(&section, "p", &[], t.account_offer);
            t.begin_setup
        };
        let form = form_in(&section);
        self.finish(section, &form, button, |_| Input::BeginTotpSetup)
    }

    fn qr(&self, setup: &TotpSetup) -> View {
        let t = self.texts;
        let section = self.section(t.qr_title);
        let steps = add(&section, "ol", &[("class", "cte-steps")], "");
        for text in [t.qr_step_open, t.qr_step_scan, t.qr_step_code] {
            leaf(&steps, "li", &[], text);
        }
        // Each secret kills the app entry of the one before. When this visit showed
        // one already, say so first; otherwise, in general terms after the preview.
        if self.earlier_secret {
            leaf(&section, "p", &[("class", "cte-warning")], t.qr_new_secret);
        }
        let alt = fill(&fill(t.qr_alt, "{issuer}", &setup.issuer), "{account}", &setup.account);
        let qr_box = add(
            &section,
            "div",
            &[("class", "cte-qr"), ("role", "img"), ("aria-label", &alt), ("part", "qr")],
            "",
        );
        // A key Cognito sends always fits a QR code; were it ever too long, the box
        // stays empty and the typed key and the app link below still work.
        let svg = qr::svg(setup.uri.expose(), QR_SIZE).unwrap_or_default();
        // The SVG is ours: modules only, no user text.
        qr_box.set_inner_html(&svg);
        // What the entry will look like in the app, so people recognise it later.
        let preview = add(&section, "div", &[("class", "cte-preview")], "");
        leaf(&preview, "p", &[], t.app_preview);
        let entry = add(&preview, "div", &[("class", "cte-preview-entry")], "");
        leaf(&entry, "span", &[("class", "cte-preview-issuer")], &setup.issuer);
        leaf(&entry, "span", &[], &setup.account);
        if !self.earlier_secret {
            leaf(&preview, "p", &[("class", "cte-note")], t.qr_old_entry);
        }
        let manual = add(&section, "p", &[], t.manual_key);
        leaf(&manual, "br", &[], "");
        leaf(&manual, "code", &[("class", "cte-secret")], &otpauth::grouped_secret(setup.secret.expose()));
        leaf(&manual, "br", &[], "");
        leaf(&manual, "button", &[("type", "button"), ("class", "cte-copy"), ("part", "copy")], t.copy_key);
        leaf(&manual, "span", &[("class", "cte-copy-status"), ("role", "status")], "");
        let link_p = add(&section, "p", &[], "");
        leaf(&link_p, "a", &[("href", setup.uri.expose()), ("class", "cte-open-app")], t.open_in_app);
        let (code_id, device_id) = (self.id("totp"), self.id("device"));
        // No submit at six digits here: the device name may come before or after the
        // code, and this is the button that switches the account.
        let form = form_in(&section);
        field(&form, &code_id, t.totp_code, &one_time_code_attrs());
        field(&form, &device_id, t.device_name, &[("autocomplete", "off"), ("maxlength", "64")]);
        self.finish(section, &form, t.verify, move |form| Input::VerifyTotp {
            code: value_of(form, &code_id),
            device_name: Some(value_of(form, &device_id)),
        })
    }

    fn done(&self, state: &MfaState, sms: SmsAfter) -> View {
        let t = self.texts;
        let section = self.section(t.done_title);
        leaf(&section, "p", &[("class", "cte-success")], t.done_totp);
        let sms = match sms {
            SmsAfter::NeverHad => None,
            SmsAfter::TurnedOff => Some(t.done_sms_off),
            SmsAfter::KeptAsBackup => Some(t.done_sms_kept),
            SmsAfter::KeptUntilAdminTurnsOff => Some(t.done_sms_until_admin),
        };
        if let Some(sms) = sms {
            leaf(&section, "p", &[("class", "cte-sms-after")], sms);
        }
        self.factor_list(&section, state);
        leaf(&section, "p", &[], t.lost_phone);
        if let Some(link) = self.return_link {
            let text = link
                .name
                .as_deref()
                .map_or_else(|| t.back.to_owned(), |name| fill(t.back_to, "{name}", name));
            let back = add(&section, "p", &[], "");
            leaf(&back, "a", &[("href", &link.url), ("class", "cte-return")], &text);
        }
        View { section, reader: None }
    }

    fn factor_list(&self, parent: &Element, state: &MfaState) {
        let t = self.texts;
        let list = add(parent, "dl", &[("class", "cte-factors")], "");
        for factor in [Factor::Totp, Factor::Sms, Factor::Email] {
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
            leaf(&list, "dt", &[], factor_name(t, factor));
            leaf(&list, "dd", &[], status);
        }
    }

    /// A step's section and title. The title begins with the stage, so that a screen
    /// reader says where the person is when focus moves to it; under it, on a step
    /// inside a sign-in, the line the widget fills with the time left.
    fn section(&self, title: &str) -> Element {
        let title_id = self.id("title");
        let section = el("section", &[("class", "cte-step"), ("aria-labelledby", &title_id)], "");
        let heading = add(&section, "h2", &[("id", &title_id), ("tabindex", "-1"), ("part", "title")], "");
        if let Some(n) = self.stage {
            // format!, not to_string(): ToString's own entry point is one more copy.
            let text =
                fill(&fill(self.texts.progress, "{n}", &format!("{n}")), "{total}", &format!("{STAGES}"));
            leaf(&heading, "span", &[("class", "cte-progress")], &format!("{text} "));
        }
        leaf(&heading, "span", &[], title);
        if self.session_clock {
            // The countdown is a silent timer; the one warning before the end is a
            // status line, which screen readers announce.
            leaf(&section, "p", &[("class", TIMER_CLASS), ("role", "timer")], "");
            leaf(&section, "p", &[("class", ENDING_CLASS), ("role", "status")], "");
        }
        section
    }

    /// Ends a step's form: an error line announced to screen readers, a submit button
    /// and, when embedded, a Cancel button.
    fn finish(
        &self,
        section: Element,
        form: &Element,
        button: &str,
        reader: impl Fn(&Element) -> Input + 'static,
    ) -> View {
        let error_id = self.id("error");
        leaf(
            form,
            "p",
            &[("class", "cte-error"), ("role", "alert"), ("id", &error_id), ("part", "error")],
            "",
        );
        leaf(form, "button", &[("type", "submit"), ("part", "button")], button);
        if self.cancellable {
            leaf(
                form,
                "button",
                &[("type", "button"), ("class", "cte-cancel"), ("part", "cancel")],
                self.texts.cancel,
            );
        }
        View { section, reader: Some(Box::new(reader)) }
    }
}

/// The step's form, after its content.
fn form_in(section: &Element) -> Element {
    add(section, "form", &[("novalidate", "")], "")
}

fn factor_name(t: &Messages, factor: Factor) -> &'static str {
    match factor {
        Factor::Sms => t.factor_sms,
        Factor::Totp => t.factor_totp,
        Factor::Email => t.factor_email,
    }
}

/// A readable label and the autocomplete token for a Cognito attribute name.
fn attribute_label(t: &Messages, name: &str) -> (String, &'static str) {
    match name {
        "email" => (t.attr_email.to_owned(), "email"),
        "phone_number" => (t.attr_phone.to_owned(), "tel"),
        "name" => (t.attr_name.to_owned(), "name"),
        "given_name" => (t.attr_given_name.to_owned(), "given-name"),
        "family_name" => (t.attr_family_name.to_owned(), "family-name"),
        other => (crate::text::replace_char(other, '_', ' '), "off"),
    }
}

fn one_time_code_attrs() -> [(&'static str, &'static str); 3] {
    [("inputmode", "numeric"), ("autocomplete", "one-time-code"), ("maxlength", "12")]
}
