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
        _ => Err(Error::BadResponse { subject: "", problem: "not a JSON object" }),
    }
}

fn wrong_type(key: &'static str) -> Error {
    Error::BadResponse { subject: key, problem: "has the wrong type" }
}

/// A string member; `None` when absent or `null`.
fn string(object: &mut Json, key: &'static str) -> Result<Option<String>, Error> {
    object.take_string(key).map_err(|_| wrong_type(key))
}

fn secret(object: &mut Json, key: &'static str) -> Result<Option<Secret>, Error> {
    Ok(string(object, key)?.map(Secret::from))
}

fn required<T>(value: Option<T>, key: &'static str) -> Result<T, Error> {
    value.ok_or(Error::BadResponse { subject: key, problem: "missing" })
}

/// An array member; empty when absent or `null`.
fn array(object: &mut Json, key: &'static str) -> Result<Vec<Json>, Error> {
    match object.take(key) {
        Json::Null => Ok(Vec::new()),
        Json::Array(items) => Ok(items),
        _ => Err(wrong_type(key)),
    }
}

/// An object member; `None` when absent or `null`.
fn object_member(object: &mut Json, key: &'static str) -> Result<Option<Json>, Error> {
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

/// A sign-in challenge, as `ChallengeName` names it
/// ([values](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html#CognitoUserPools-InitiateAuth-response-ChallengeName)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeName {
    /// `PASSWORD_VERIFIER`: the server's half of SRP, answered with the password claim.
    PasswordVerifier,
    /// `SMS_MFA`: a code sent by text message.
    SmsMfa,
    /// `SOFTWARE_TOKEN_MFA`: a code from the authenticator app.
    SoftwareTokenMfa,
    /// `EMAIL_OTP`: a code sent by email.
    EmailOtp,
    /// `SELECT_MFA_TYPE`: the user has several factors and none preferred.
    SelectMfaType,
    /// `NEW_PASSWORD_REQUIRED`: first sign-in of a user an admin created.
    NewPasswordRequired,
    /// `MFA_SETUP`: the pool requires MFA and the user has no factor yet.
    MfaSetup,
    /// Any other challenge, kept as Cognito wrote it.
    Unknown(String),
}

/// The known challenges and their wire names, one list for both directions.
const CHALLENGE_NAMES: [(ChallengeName, &str); 7] = [
    (ChallengeName::PasswordVerifier, "PASSWORD_VERIFIER"),
    (ChallengeName::SmsMfa, "SMS_MFA"),
    (ChallengeName::SoftwareTokenMfa, "SOFTWARE_TOKEN_MFA"),
    (ChallengeName::EmailOtp, "EMAIL_OTP"),
    (ChallengeName::SelectMfaType, "SELECT_MFA_TYPE"),
    (ChallengeName::NewPasswordRequired, "NEW_PASSWORD_REQUIRED"),
    (ChallengeName::MfaSetup, "MFA_SETUP"),
];

impl ChallengeName {
    /// Reads a `ChallengeName` value.
    pub fn from_wire(name: String) -> Self {
        CHALLENGE_NAMES
            .into_iter()
            .find(|(_, wire)| *wire == name)
            .map_or(ChallengeName::Unknown(name), |(known, _)| known)
    }

    /// The name as Cognito spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ChallengeName::Unknown(name) => name,
            known => CHALLENGE_NAMES.iter().find(|(c, _)| c == known).map_or("", |(_, wire)| wire),
        }
    }
}

/// The `ChallengeParameters` this module reads; others are ignored. A member of
/// another type than Cognito sends reads as absent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ChallengeParameters {
    /// `USERNAME`: the internal username Cognito wants in the answers.
    pub username: Option<String>,
    /// `USER_ID_FOR_SRP`: the username SRP hashes.
    pub user_id_for_srp: Option<String>,
    /// `SALT` of PASSWORD_VERIFIER, hex.
    pub salt: Option<String>,
    /// `SRP_B` of PASSWORD_VERIFIER, hex.
    pub srp_b: Option<String>,
    /// `SECRET_BLOCK` of PASSWORD_VERIFIER, base64, sent back as it is.
    pub secret_block: Option<String>,
    /// `CODE_DELIVERY_DESTINATION`: the masked phone number or address.
    pub code_delivery_destination: Option<String>,
    /// `MFAS_CAN_SETUP` of MFA_SETUP.
    pub mfas_can_setup: Vec<String>,
    /// `MFAS_CAN_CHOOSE` of SELECT_MFA_TYPE.
    pub mfas_can_choose: Vec<String>,
    /// `requiredAttributes` of NEW_PASSWORD_REQUIRED, without the `userAttributes.` prefix.
    pub required_attributes: Vec<String>,
}

impl ChallengeParameters {
    fn read(mut object: Json) -> Self {
        let mut text = |key| object.take_string(key).ok().flatten();
        let (username, user_id_for_srp) = (text("USERNAME"), text("USER_ID_FOR_SRP"));
        let (salt, srp_b, secret_block) = (text("SALT"), text("SRP_B"), text("SECRET_BLOCK"));
        let code_delivery_destination = text("CODE_DELIVERY_DESTINATION");
        Self {
            username,
            user_id_for_srp,
            salt,
            srp_b,
            secret_block,
            code_delivery_destination,
            mfas_can_setup: list(object.take("MFAS_CAN_SETUP")),
            mfas_can_choose: list(object.take("MFAS_CAN_CHOOSE")),
            required_attributes: {
                let mut names = list(object.take("requiredAttributes"));
                for name in &mut names {
                    if let Some(bare) = name.strip_prefix("userAttributes.") {
                        *name = bare.to_owned();
                    }
                }
                names
            },
        }
    }
}

/// A list parameter, whether it came as an array (moto) or as a JSON-encoded string
/// (AWS). Missing or unreadable: empty.
fn list(value: Json) -> Vec<String> {
    let items = match value {
        Json::Array(items) => items,
        Json::String(text) => match Json::parse(&text) {
            Some(Json::Array(items)) => items,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut strings = Vec::new();
    for item in items {
        if let Json::String(text) = item {
            strings.push(text);
        }
    }
    strings
}

/// The answer of InitiateAuth and RespondToAuthChallenge: a challenge or tokens.
#[derive(Debug, Default)]
pub struct AuthResponse {
    /// The next challenge, when there is one.
    pub challenge_name: Option<ChallengeName>,
    /// The session to send back with the answer.
    pub session: Option<Secret>,
    /// The challenge's details.
    pub parameters: ChallengeParameters,
    /// The tokens, when sign-in is complete.
    pub authentication_result: Option<AuthenticationResult>,
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

/// Proof that Cognito answered VerifySoftwareToken with `Status: SUCCESS`. Only
/// [`VerifySoftwareTokenResponse::verified`] makes one, and the flow builds the
/// request that touches SMS only from one: that request cannot exist before the
/// new authenticator is confirmed.
#[derive(Debug)]
pub struct TotpVerified {
    _made_from_success: (),
}

impl VerifySoftwareTokenResponse {
    /// The proof and the MFA_SETUP session, when the status is `SUCCESS`.
    ///
    /// # Errors
    /// [`Error::CodeRejected`] for any other status, an absent one included.
    pub fn verified(self) -> Result<(TotpVerified, Option<Secret>), Error> {
        match self.status.as_deref() {
            Some("SUCCESS") => Ok((TotpVerified { _made_from_success: () }, self.session)),
            _ => Err(Error::CodeRejected),
        }
    }
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
            challenge_name: string(object, "ChallengeName")?.map(ChallengeName::from_wire),
            session: secret(object, "Session")?,
            parameters: ChallengeParameters::read(
                object_member(object, "ChallengeParameters")?.unwrap_or_default(),
            ),
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
        let mut user_attributes = Vec::new();
        for mut attribute in array(object, "UserAttributes")? {
            if !matches!(attribute, Json::Object(_)) {
                return Err(wrong_type("UserAttributes"));
            }
            user_attributes.push(Attribute {
                name: required(string(&mut attribute, "Name")?, "Name")?,
                value: string(&mut attribute, "Value")?.unwrap_or_default(),
            });
        }
        let mut user_mfa_setting_list = Vec::new();
        for factor in array(object, "UserMFASettingList")? {
            let Json::String(factor) = factor else { return Err(wrong_type("UserMFASettingList")) };
            user_mfa_setting_list.push(factor);
        }
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
