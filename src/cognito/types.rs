//! Request and response bodies, field for field as in the AWS API reference
//! (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/>).
//! Requests borrow their strings; responses own theirs, with tokens and sessions in
//! [`Secret`].

use crate::{Error, Secret};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Parses a 2xx body. Empty bodies (`SetUserMFAPreference` answers with none) read as `{}`.
///
/// # Errors
/// [`Error::BadResponse`] when the body is not the JSON the operation promises.
pub fn parse<T: DeserializeOwned>(body: &str) -> Result<T, Error> {
    let body = if body.trim().is_empty() { "{}" } else { body };
    serde_json::from_str(body).map_err(|e| Error::BadResponse(e.to_string()))
}

/// [InitiateAuth](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html) request.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest<'a> {
    /// `USER_PASSWORD_AUTH`, `USER_SRP_AUTH`, ...
    pub auth_flow: &'a str,
    /// The app client id.
    pub client_id: &'a str,
    /// `USERNAME`, `PASSWORD` or `SRP_A`, `SECRET_HASH`, ...
    pub auth_parameters: BTreeMap<&'a str, &'a str>,
}

/// [RespondToAuthChallenge](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html) request.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest<'a> {
    /// The app client id.
    pub client_id: &'a str,
    /// The challenge being answered, as Cognito named it.
    pub challenge_name: &'a str,
    /// The session from the challenge; sent only when Cognito gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<&'a str>,
    /// The answers; always carries `USERNAME`.
    pub challenge_responses: BTreeMap<&'a str, &'a str>,
}

/// The answer of InitiateAuth and RespondToAuthChallenge: a challenge or tokens.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// The next challenge, when there is one.
    pub challenge_name: Option<String>,
    /// The session to send back with the answer.
    pub session: Option<Secret>,
    /// Challenge details. List values arrive as JSON-encoded strings on AWS and as
    /// arrays on moto; read them with [`AuthResponse::param_list`].
    #[serde(default)]
    pub challenge_parameters: BTreeMap<String, Value>,
    /// The tokens, when sign-in is complete.
    pub authentication_result: Option<AuthenticationResult>,
}

impl AuthResponse {
    /// A string challenge parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.challenge_parameters.get(name).and_then(Value::as_str)
    }

    /// A list challenge parameter (`MFAS_CAN_SETUP`, `MFAS_CAN_CHOOSE`, ...), whether it
    /// came as an array or as a JSON-encoded string. Missing or unreadable -> empty.
    pub fn param_list(&self, name: &str) -> Vec<String> {
        let strings = |items: &[Value]| -> Vec<String> {
            items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        };
        match self.challenge_parameters.get(name) {
            Some(Value::Array(items)) => strings(items),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Array(items)) => strings(&items),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// Tokens of a completed sign-in. Only the access token is used.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// The access token, sent as `AccessToken` to the token-based operations.
    pub access_token: Secret,
}

/// [AssociateSoftwareToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html)
/// and [VerifySoftwareToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html)
/// identify the user by access token or by an MFA_SETUP session.
#[derive(Serialize)]
pub enum UserRef<'a> {
    /// A signed-in user.
    AccessToken(&'a str),
    /// A user inside an MFA_SETUP challenge.
    Session(&'a str),
}

/// AssociateSoftwareToken request.
#[derive(Serialize)]
pub struct AssociateSoftwareTokenRequest<'a> {
    /// Who is associating.
    #[serde(flatten)]
    pub user: UserRef<'a>,
}

/// AssociateSoftwareToken answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// The new TOTP secret, base32.
    pub secret_code: Secret,
    /// A new session, when called with one.
    pub session: Option<Secret>,
}

/// VerifySoftwareToken request.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest<'a> {
    /// Who is verifying.
    #[serde(flatten)]
    pub user: UserRef<'a>,
    /// The six digits from the app.
    pub user_code: &'a str,
    /// A name for the device, shown to admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<&'a str>,
}

/// VerifySoftwareToken answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    pub status: Option<String>,
    /// The session that answers MFA_SETUP.
    pub session: Option<Secret>,
}

/// One factor's setting in
/// [SetUserMFAPreference](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html).
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSetting {
    /// Whether the factor is on.
    pub enabled: bool,
    /// Whether it is the one Cognito asks for at sign-in.
    pub preferred_mfa: bool,
}

/// SetUserMFAPreference request. A factor left `None` is left as it is.
#[derive(Serialize)]
pub struct SetUserMfaPreferenceRequest<'a> {
    /// The signed-in user.
    #[serde(rename = "AccessToken")]
    pub access_token: &'a str,
    /// SMS.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms: Option<MfaSetting>,
    /// TOTP.
    #[serde(rename = "SoftwareTokenMfaSettings", skip_serializing_if = "Option::is_none")]
    pub software_token: Option<MfaSetting>,
}

/// [GetUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html) request.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserRequest<'a> {
    /// The signed-in user.
    pub access_token: &'a str,
}

/// GetUser answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// The internal user name.
    pub username: String,
    /// The user's attributes (`email`, `phone_number`, ...).
    #[serde(default)]
    pub user_attributes: Vec<Attribute>,
    /// Enabled factors: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`.
    #[serde(default, rename = "UserMFASettingList")]
    pub user_mfa_setting_list: Vec<String>,
    /// The preferred factor; absent or empty when none.
    pub preferred_mfa_setting: Option<String>,
}

/// One user attribute.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    /// Attribute name.
    pub name: String,
    /// Attribute value.
    #[serde(default)]
    pub value: String,
}

#[cfg(test)]
mod tests;
