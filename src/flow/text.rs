//! Text that is knowably wrong is refused before any request: empty, longer than
//! Cognito takes, or with control characters.

use crate::Error;

/// Cognito's limits (API reference): usernames 128 characters, passwords 256,
/// attribute values 2048; device names are kept short.
pub(super) const USERNAME_MAX: usize = 128;
pub(super) const PASSWORD_MAX: usize = 256;
pub(super) const ATTRIBUTE_MAX: usize = 2048;
pub(super) const DEVICE_NAME_MAX: usize = 64;

/// Checks one field; `field` names it in the error.
pub(super) fn check_text(field: &'static str, text: &str, max: usize) -> Result<(), Error> {
    if text.is_empty() {
        Err(Error::EmptyField(field))
    } else if text.chars().count() > max {
        Err(Error::TooLong(field))
    } else if text.chars().any(crate::text::hides_or_reorders) {
        Err(Error::ControlCharacters(field))
    } else {
        Ok(())
    }
}
