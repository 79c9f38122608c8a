//! The only two writes the tool makes, each keeping everything it does not mean to
//! change.
//!
//! - `SetUserPoolMfaConfig` sets the whole MFA configuration: what a request leaves
//!   out is turned off. So every part is sent back as `GetUserPoolMfaConfig` returned
//!   it, with only the intended part changed.
//! - `UpdateUserPoolClient` resets every field it is not given to its default
//!   (callback URLs, OAuth, token validities, attributes, analytics, ...). So every
//!   field of `DescribeUserPoolClient` is sent back, with only the flows changed.

use crate::error::{aws, Result};
use crate::pool::Pool;
use aws_sdk_cognitoidentityprovider::operation::get_user_pool_mfa_config::GetUserPoolMfaConfigOutput;
use aws_sdk_cognitoidentityprovider::types::{
    ExplicitAuthFlowsType, SoftwareTokenMfaConfigType, UserPoolMfaType,
};
use aws_sdk_cognitoidentityprovider::Client;

/// What to change in the pool's MFA configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaChange {
    /// Allow authenticator apps; OFF becomes OPTIONAL when `optional_if_off`.
    EnableTotp { optional_if_off: bool },
    /// Turn SMS MFA off.
    DisableSms,
}

/// Sends `SetUserPoolMfaConfig` with `change` applied to what was read.
///
/// # Errors
/// When Cognito refuses the change.
pub async fn set_mfa(
    client: &Client,
    pool_id: &str,
    read: &GetUserPoolMfaConfigOutput,
    change: MfaChange,
) -> Result<()> {
    let mode = read.mfa_configuration.clone().unwrap_or(UserPoolMfaType::Off);
    let mut request = client
        .set_user_pool_mfa_config()
        .user_pool_id(pool_id)
        .set_sms_mfa_configuration(read.sms_mfa_configuration.clone())
        .set_software_token_mfa_configuration(read.software_token_mfa_configuration.clone())
        .set_email_mfa_configuration(read.email_mfa_configuration.clone())
        .set_web_authn_configuration(read.web_authn_configuration.clone())
        .mfa_configuration(mode.clone());
    match change {
        MfaChange::EnableTotp { optional_if_off } => {
            request = request.software_token_mfa_configuration(
                SoftwareTokenMfaConfigType::builder().enabled(true).build(),
            );
            if optional_if_off && mode == UserPoolMfaType::Off {
                request = request.mfa_configuration(UserPoolMfaType::Optional);
            }
        }
        MfaChange::DisableSms => request = request.set_sms_mfa_configuration(None),
    }
    request.send().await.map_err(aws(pool_id, "SetUserPoolMfaConfig"))?;
    Ok(())
}

/// Sends `UpdateUserPoolClient` with every field as read and `flows` as the auth flows.
///
/// # Errors
/// When Cognito refuses the change.
pub async fn set_client_flows(client: &Client, pool: &Pool, flows: Vec<ExplicitAuthFlowsType>) -> Result<()> {
    let c = &pool.client;
    client
        .update_user_pool_client()
        .set_user_pool_id(c.user_pool_id.clone())
        .set_client_id(c.client_id.clone())
        .set_client_name(c.client_name.clone())
        .refresh_token_validity(c.refresh_token_validity)
        .set_access_token_validity(c.access_token_validity)
        .set_id_token_validity(c.id_token_validity)
        .set_token_validity_units(c.token_validity_units.clone())
        .set_read_attributes(c.read_attributes.clone())
        .set_write_attributes(c.write_attributes.clone())
        .set_explicit_auth_flows(Some(flows))
        .set_supported_identity_providers(c.supported_identity_providers.clone())
        .set_callback_urls(c.callback_urls.clone())
        .set_logout_urls(c.logout_urls.clone())
        .set_default_redirect_uri(c.default_redirect_uri.clone())
        .set_allowed_o_auth_flows(c.allowed_o_auth_flows.clone())
        .set_allowed_o_auth_scopes(c.allowed_o_auth_scopes.clone())
        .set_allowed_o_auth_flows_user_pool_client(c.allowed_o_auth_flows_user_pool_client)
        .set_analytics_configuration(c.analytics_configuration.clone())
        .set_prevent_user_existence_errors(c.prevent_user_existence_errors.clone())
        .set_enable_token_revocation(c.enable_token_revocation)
        .set_enable_propagate_additional_user_context_data(c.enable_propagate_additional_user_context_data)
        .set_auth_session_validity(c.auth_session_validity)
        .set_refresh_token_rotation(c.refresh_token_rotation.clone())
        .send()
        .await
        .map_err(aws(c.user_pool_id().unwrap_or_default(), "UpdateUserPoolClient"))?;
    Ok(())
}
