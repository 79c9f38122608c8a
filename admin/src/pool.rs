//! What the tool knows of a pool and an app client, read once through the SDK, and
//! what the page's config.json says; `check` and `prepare` decide from these.

use crate::error::{aws, Error, Result};
use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
use aws_sdk_cognitoidentityprovider::types::{UserPoolClientType, UserPoolMfaType};
use aws_sdk_cognitoidentityprovider::Client;
use std::path::Path;

/// The flows the page needs on its app client.
pub const SRP_FLOW: &str = "ALLOW_USER_SRP_AUTH";
/// Needed only when the page's config.json asks for `USER_PASSWORD_AUTH`.
pub const PASSWORD_FLOW: &str = "ALLOW_USER_PASSWORD_AUTH";

/// The pool's MFA settings and the app client, as read.
#[derive(Debug, Clone)]
pub struct Pool {
    /// `GetUserPoolMfaConfig`, whole: `prepare` and `finish` send back what they do
    /// not change.
    pub mfa: GetUserPoolMfaConfigOutput,
    /// `DescribeUserPoolClient`, whole: `prepare` copies every field back.
    pub client: UserPoolClientType,
}

/// What the page's `config.json` says that matters here.
#[derive(Debug, Clone, Default)]
pub struct PageConfig {
    /// `userPoolId`.
    pub user_pool_id: Option<String>,
    /// `clientId`.
    pub client_id: Option<String>,
    /// `authFlow` is `USER_PASSWORD_AUTH`.
    pub password_flow: bool,
    /// `endpoint`, when set.
    pub endpoint: Option<String>,
    /// `returnUrl`, when set.
    pub return_url: Option<String>,
}

impl PageConfig {
    /// Reads `path` when given (`--page-config`).
    ///
    /// # Errors
    /// When the file cannot be read or is not a JSON object.
    pub fn read(path: Option<&Path>) -> Result<Option<Self>> {
        let Some(path) = path else { return Ok(None) };
        let text =
            std::fs::read_to_string(path).map_err(|source| Error::File { path: path.into(), source })?;
        Self::parse(&text).map(Some).map_err(|source| Error::PageConfig { path: path.into(), source })
    }

    /// Reads the keys that matter from config.json's text.
    ///
    /// # Errors
    /// When the text is not JSON; JSON other than an object holds none of the keys.
    fn parse(text: &str) -> serde_json::Result<Self> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        let object = value.as_object().ok_or_else(|| serde::de::Error::custom("not a JSON object"))?;
        let text = |key: &str| object.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        Ok(Self {
            user_pool_id: text("userPoolId"),
            client_id: text("clientId"),
            password_flow: text("authFlow").as_deref() == Some("USER_PASSWORD_AUTH"),
            endpoint: text("endpoint"),
            return_url: text("returnUrl"),
        })
    }
}

impl Pool {
    /// Reads the pool's MFA configuration and the app client.
    ///
    /// # Errors
    /// When either call fails, or names no client.
    pub async fn read(client: &Client, pool_id: &str, client_id: &str) -> Result<Self> {
        let mfa = client
            .get_user_pool_mfa_config()
            .user_pool_id(pool_id)
            .send()
            .await
            .map_err(aws(pool_id, "GetUserPoolMfaConfig"))?;
        let described = client
            .describe_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
            .map_err(aws(pool_id, "DescribeUserPoolClient"))?;
        let client = described.user_pool_client.ok_or_else(|| Error::Answer {
            pool: pool_id.to_owned(),
            call: "DescribeUserPoolClient",
            missing: "the app client",
        })?;
        Ok(Self { mfa, client })
    }

    /// The MFA mode; OFF when Cognito leaves it out.
    pub fn mfa_mode(&self) -> UserPoolMfaType {
        self.mfa.mfa_configuration.clone().unwrap_or(UserPoolMfaType::Off)
    }

    /// Whether authenticator apps are allowed.
    pub fn totp_enabled(&self) -> bool {
        self.mfa.software_token_mfa_configuration.as_ref().is_some_and(|c| c.enabled)
    }

    /// Whether SMS MFA is configured.
    pub fn sms_enabled(&self) -> bool {
        self.mfa.sms_mfa_configuration.is_some()
    }

    /// Whether the app client allows `flow`.
    pub fn has_flow(&self, flow: &str) -> bool {
        self.client.explicit_auth_flows().iter().any(|f| f.as_str() == flow)
    }

    /// The auth flows the page needs and the client lacks.
    pub fn missing_flows(&self, page: Option<&PageConfig>) -> Vec<&'static str> {
        let mut wanted = vec![SRP_FLOW];
        if page.is_some_and(|p| p.password_flow) {
            wanted.push(PASSWORD_FLOW);
        }
        wanted.into_iter().filter(|f| !self.has_flow(f)).collect()
    }
}
