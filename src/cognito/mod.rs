//! The Cognito user-pool wire protocol: one JSON POST per operation.
//!
//! `POST https://cognito-idp.{region}.amazonaws.com/` with
//! `Content-Type: application/x-amz-json-1.1` and
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. Every operation used
//! here is unauthenticated at the HTTP level (no SigV4); token-based calls carry the
//! `AccessToken` in the body.
//! See <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/>.

mod error;
pub mod token;
pub mod types;

pub use error::{ErrorCode, ServiceError, COGNITO_CODES};

use crate::Error;
use std::fmt;

/// The `Content-Type` every Cognito request carries.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The operations this crate calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Starts a sign-in.
    InitiateAuth,
    /// Answers a challenge (SMS code, password verifier, ...).
    RespondToAuthChallenge,
    /// Creates a new TOTP secret for the user. Unlinks any existing authenticator.
    AssociateSoftwareToken,
    /// Confirms the new TOTP secret with a code from the app.
    VerifySoftwareToken,
    /// Enables, disables and prefers MFA factors.
    SetUserMfaPreference,
    /// Reads the user's attributes and MFA settings.
    GetUser,
}

impl Operation {
    /// The operation name as AWS spells it.
    pub fn name(self) -> &'static str {
        match self {
            Operation::InitiateAuth => "InitiateAuth",
            Operation::RespondToAuthChallenge => "RespondToAuthChallenge",
            Operation::AssociateSoftwareToken => "AssociateSoftwareToken",
            Operation::VerifySoftwareToken => "VerifySoftwareToken",
            Operation::SetUserMfaPreference => "SetUserMFAPreference",
            Operation::GetUser => "GetUser",
        }
    }

    /// The `X-Amz-Target` header value.
    pub fn target(self) -> String {
        format!("AWSCognitoIdentityProviderService.{}", self.name())
    }
}

/// A request ready to send: the operation and its JSON body.
///
/// The body may hold a password, a token or a session, so `Debug` shows only the
/// operation.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// Which operation this is.
    pub operation: Operation,
    /// The JSON body.
    pub body: String,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Request({}, ..)", self.operation.name())
    }
}

impl Request {
    /// Writes a wire type into a request.
    pub(crate) fn new(operation: Operation, body: &impl types::ToJson) -> Self {
        Self { operation, body: body.to_json() }
    }
}

/// What came back over HTTP, before interpretation. Transports fill this in; the
/// core decides what it means, so every transport agrees on errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `x-amzn-ErrorType` header, when the browser may read it.
    pub error_type: Option<String>,
    /// The raw body.
    pub body: String,
}

impl HttpResponse {
    /// The body of a 2xx answer, or the Cognito error it carries.
    ///
    /// # Errors
    /// [`Error::Service`] for any non-2xx status.
    pub fn into_result(self) -> Result<String, Error> {
        if (200..300).contains(&self.status) {
            Ok(self.body)
        } else {
            Err(ServiceError::parse(self.status, self.error_type.as_deref(), &self.body).into())
        }
    }
}

/// The regional Cognito endpoint, `https://cognito-idp.{region}.amazonaws.com/`.
pub fn regional_endpoint(region: &str) -> String {
    format!("https://cognito-idp.{region}.amazonaws.com/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_operation_is_named_and_targeted_as_aws_spells_it() {
        let all = [
            (Operation::InitiateAuth, "InitiateAuth"),
            (Operation::RespondToAuthChallenge, "RespondToAuthChallenge"),
            (Operation::AssociateSoftwareToken, "AssociateSoftwareToken"),
            (Operation::VerifySoftwareToken, "VerifySoftwareToken"),
            (Operation::SetUserMfaPreference, "SetUserMFAPreference"),
            (Operation::GetUser, "GetUser"),
        ];
        for (operation, name) in all {
            assert_eq!(operation.name(), name);
            assert_eq!(operation.target(), format!("AWSCognitoIdentityProviderService.{name}"));
        }
    }

    #[test]
    fn a_request_s_debug_names_the_operation_and_never_prints_its_body() {
        let request = Request { operation: Operation::GetUser, body: r#"{"AccessToken":"token-1"}"#.into() };
        assert_eq!(format!("{request:?}"), "Request(GetUser, ..)");
    }
}
