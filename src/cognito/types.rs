//! Request and response bodies, field for field as in the AWS API reference
//! (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/>).
//! Requests borrow their strings; responses own theirs, with tokens and sessions in
//! [`Secret`].

use crate::json::{Json, ObjectWriter};
use crate::{Error, Secret};

/// `AuthParameters` and `ChallengeResponses`: names to values, each name once.
pub type Parameters<'a> = Vec<(&'a str, &'a str)>;

/// A request body.
pub trait ToJson {
    /// The body's JSON text.
    fn to_json(&self) -> String;
}

/// An answer body.
pub trait FromJson: Sized {
    /// Reads the answer from its JSON object, taking the strings it keeps.
    ///
    /// # Errors
    /// [`Error::BadResponse`] naming the field that is missing or of the wrong type.
    fn from_json(object: &mut Json) -> Result<Self, Error>;
}

/// Parses a 2xx body. Empty bodies (`SetUserMFAPreference` answers with none) read as `{}`.
///
/// # Errors
/// [`Error::BadResponse`] when the body is not the JSON the operation promises.
pub fn parse<T: FromJson>(body: &str) -> Result<T, Error> {
    let body = if body.trim().is_empty() { "{}" } else { body };
    match Json::parse(body) {
        Some(mut object @ Json::Object(_)) => T::from_json(&mut object),
        _ => Err(Error::BadResponse("not a JSON object".into())),
    }
}

fn wrong_type(key: &str) -> Error {
    Error::BadResponse(format!("{key} has the wrong type"))
}

/// A string member; `None` when absent or `null`.
fn string(object: &mut Json, key: &str) -> Result<Option<String>, Error> {
    object.take_string(key).map_err(|_| wrong_type(key))
}

fn secret(object: &mut Json, key: &str) -> Result<Option<Secret>, Error> {
    Ok(string(object, key)?.map(Secret::from))
}

fn required<T>(value: Option<T>, key: &str) -> Result<T, Error> {
    value.ok_or_else(|| Error::BadResponse(format!("{key} missing")))
}

/// An array member; empty when absent or `null`.
fn array(object: &mut Json, key: &str) -> Result<Vec<Json>, Error> {
    match object.take(key) {
        Json::Null => Ok(Vec::new()),
        Json::Array(items) => Ok(items),
        _ => Err(wrong_type(key)),
    }
}

/// An object member; `None` when absent or `null`.
fn object_member(object: &mut Json, key: &str) -> Result<Option<Json>, Error> {
    match object.take(key) {
        Json::Null => Ok(None),
        inner @ Json::Object(_) => Ok(Some(inner)),
        _ => Err(wrong_type(key)),
    }
}

fn string_map(map: &Parameters<'_>) -> ObjectWriter {
    map.iter().fold(ObjectWriter::new(), |w, (k, v)| w.string(k, v))
}

/// [InitiateAuth](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html) request.
pub struct InitiateAuthRequest<'a> {
    /// `USER_PASSWORD_AUTH`, `USER_SRP_AUTH`, ...
    pub auth_flow: &'a str,
    /// The app client id.
    pub client_id: &'a str,
    /// `USERNAME`, `PASSWORD` or `SRP_A`, `SECRET_HASH`, ...
    pub auth_parameters: Parameters<'a>,
}

/// [RespondToAuthChallenge](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html) request.
pub struct RespondToAuthChallengeRequest<'a> {
    /// The app client id.
    pub client_id: &'a str,
    /// The challenge being answered, as Cognito named it.
    pub challenge_name: &'a str,
    /// The session from the challenge; sent only when Cognito gave one.
    pub session: Option<&'a str>,
    /// The answers; always carries `USERNAME`.
    pub challenge_responses: Parameters<'a>,
}

/// The answer of InitiateAuth and RespondToAuthChallenge: a challenge or tokens.
#[derive(Debug, Default)]
pub struct AuthResponse {
    /// The next challenge, when there is one.
    pub challenge_name: Option<String>,
    /// The session to send back with the answer.
    pub session: Option<Secret>,
    /// Challenge details, an object (`Null` when absent). List values arrive as
    /// JSON-encoded strings on AWS and as arrays on moto; read them with
    /// [`AuthResponse::param_list`].
    pub challenge_parameters: Json,
    /// The tokens, when sign-in is complete.
    pub authentication_result: Option<AuthenticationResult>,
}

impl AuthResponse {
    /// A string challenge parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.challenge_parameters.get(name).and_then(Json::as_str)
    }

    /// A list challenge parameter (`MFAS_CAN_SETUP`, `MFAS_CAN_CHOOSE`, ...), whether it
    /// came as an array or as a JSON-encoded string. Missing or unreadable -> empty.
    pub fn param_list(&self, name: &str) -> Vec<String> {
        let strings = |items: &[Json]| -> Vec<String> {
            items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        };
        match self.challenge_parameters.get(name) {
            Some(Json::Array(items)) => strings(items),
            Some(Json::String(text)) => match Json::parse(text) {
                Some(Json::Array(items)) => strings(&items),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// Tokens of a completed sign-in. Only the access token is used.
#[derive(Debug)]
pub struct AuthenticationResult {
    /// The access token, sent as `AccessToken` to the token-based operations.
    pub access_token: Secret,
}

/// [AssociateSoftwareToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssociateSoftwareToken.html)
/// and [VerifySoftwareToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifySoftwareToken.html)
/// identify the user by access token or by an MFA_SETUP session.
pub enum UserRef<'a> {
    /// A signed-in user.
    AccessToken(&'a str),
    /// A user inside an MFA_SETUP challenge.
    Session(&'a str),
}

/// AssociateSoftwareToken request.
pub struct AssociateSoftwareTokenRequest<'a> {
    /// Who is associating.
    pub user: UserRef<'a>,
}

/// AssociateSoftwareToken answer.
#[derive(Debug)]
pub struct AssociateSoftwareTokenResponse {
    /// The new TOTP secret, base32.
    pub secret_code: Secret,
    /// A new session, when called with one.
    pub session: Option<Secret>,
}

/// VerifySoftwareToken request.
pub struct VerifySoftwareTokenRequest<'a> {
    /// Who is verifying.
    pub user: UserRef<'a>,
    /// The six digits from the app.
    pub user_code: &'a str,
    /// A name for the device, shown to admins; sent only when set.
    pub friendly_device_name: Option<&'a str>,
}

/// VerifySoftwareToken answer.
#[derive(Debug)]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    pub status: Option<String>,
    /// The session that answers MFA_SETUP.
    pub session: Option<Secret>,
}

/// One factor's setting in
/// [SetUserMFAPreference](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MfaSetting {
    /// Whether the factor is on.
    pub enabled: bool,
    /// Whether it is the one Cognito asks for at sign-in.
    pub preferred_mfa: bool,
}

/// SetUserMFAPreference request. A factor left `None` is left as it is.
pub struct SetUserMfaPreferenceRequest<'a> {
    /// The signed-in user.
    pub access_token: &'a str,
    /// SMS (`SMSMfaSettings`).
    pub sms: Option<MfaSetting>,
    /// TOTP (`SoftwareTokenMfaSettings`).
    pub software_token: Option<MfaSetting>,
}

/// [GetUser](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html) request.
pub struct GetUserRequest<'a> {
    /// The signed-in user.
    pub access_token: &'a str,
}

/// GetUser answer.
#[derive(Debug)]
pub struct GetUserResponse {
    /// The internal user name.
    pub username: String,
    /// The user's attributes (`email`, `phone_number`, ...).
    pub user_attributes: Vec<Attribute>,
    /// Enabled factors: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`.
    pub user_mfa_setting_list: Vec<String>,
    /// The preferred factor; absent or empty when none.
    pub preferred_mfa_setting: Option<String>,
}

/// One user attribute.
#[derive(Debug)]
pub struct Attribute {
    /// Attribute name.
    pub name: String,
    /// Attribute value; empty when absent.
    pub value: String,
}

impl ToJson for InitiateAuthRequest<'_> {
    fn to_json(&self) -> String {
        ObjectWriter::new()
            .string("AuthFlow", self.auth_flow)
            .string("ClientId", self.client_id)
            .object("AuthParameters", string_map(&self.auth_parameters))
            .finish()
    }
}

impl ToJson for RespondToAuthChallengeRequest<'_> {
    fn to_json(&self) -> String {
        ObjectWriter::new()
            .string("ClientId", self.client_id)
            .string("ChallengeName", self.challenge_name)
            .optional("Session", self.session)
            .object("ChallengeResponses", string_map(&self.challenge_responses))
            .finish()
    }
}

impl UserRef<'_> {
    fn write(&self, writer: ObjectWriter) -> ObjectWriter {
        match self {
            UserRef::AccessToken(token) => writer.string("AccessToken", token),
            UserRef::Session(session) => writer.string("Session", session),
        }
    }
}

impl ToJson for AssociateSoftwareTokenRequest<'_> {
    fn to_json(&self) -> String {
        self.user.write(ObjectWriter::new()).finish()
    }
}

impl ToJson for VerifySoftwareTokenRequest<'_> {
    fn to_json(&self) -> String {
        self.user
            .write(ObjectWriter::new())
            .string("UserCode", self.user_code)
            .optional("FriendlyDeviceName", self.friendly_device_name)
            .finish()
    }
}

impl MfaSetting {
    fn writer(self) -> ObjectWriter {
        ObjectWriter::new().bool("Enabled", self.enabled).bool("PreferredMfa", self.preferred_mfa)
    }
}

impl ToJson for SetUserMfaPreferenceRequest<'_> {
    fn to_json(&self) -> String {
        let mut writer = ObjectWriter::new().string("AccessToken", self.access_token);
        if let Some(sms) = self.sms {
            writer = writer.object("SMSMfaSettings", sms.writer());
        }
        if let Some(totp) = self.software_token {
            writer = writer.object("SoftwareTokenMfaSettings", totp.writer());
        }
        writer.finish()
    }
}

impl ToJson for GetUserRequest<'_> {
    fn to_json(&self) -> String {
        ObjectWriter::new().string("AccessToken", self.access_token).finish()
    }
}

impl FromJson for AuthResponse {
    fn from_json(object: &mut Json) -> Result<Self, Error> {
        let authentication_result = match object_member(object, "AuthenticationResult")? {
            Some(mut result) => Some(AuthenticationResult {
                access_token: required(secret(&mut result, "AccessToken")?, "AccessToken")?,
            }),
            None => None,
        };
        Ok(Self {
            challenge_name: string(object, "ChallengeName")?,
            session: secret(object, "Session")?,
            challenge_parameters: object_member(object, "ChallengeParameters")?.unwrap_or(Json::Null),
            authentication_result,
        })
    }
}

impl FromJson for AssociateSoftwareTokenResponse {
    fn from_json(object: &mut Json) -> Result<Self, Error> {
        Ok(Self {
            secret_code: required(secret(object, "SecretCode")?, "SecretCode")?,
            session: secret(object, "Session")?,
        })
    }
}

impl FromJson for VerifySoftwareTokenResponse {
    fn from_json(object: &mut Json) -> Result<Self, Error> {
        Ok(Self { status: string(object, "Status")?, session: secret(object, "Session")? })
    }
}

impl FromJson for GetUserResponse {
    fn from_json(object: &mut Json) -> Result<Self, Error> {
        let user_attributes = array(object, "UserAttributes")?
            .into_iter()
            .map(|mut attribute| {
                if !matches!(attribute, Json::Object(_)) {
                    return Err(wrong_type("UserAttributes"));
                }
                Ok(Attribute {
                    name: required(string(&mut attribute, "Name")?, "Name")?,
                    value: string(&mut attribute, "Value")?.unwrap_or_default(),
                })
            })
            .collect::<Result<_, _>>()?;
        let user_mfa_setting_list = array(object, "UserMFASettingList")?
            .into_iter()
            .map(|factor| match factor {
                Json::String(s) => Ok(s),
                _ => Err(wrong_type("UserMFASettingList")),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            username: required(string(object, "Username")?, "Username")?,
            user_attributes,
            user_mfa_setting_list,
            preferred_mfa_setting: string(object, "PreferredMfaSetting")?,
        })
    }
}

#[cfg(test)]
mod tests;
