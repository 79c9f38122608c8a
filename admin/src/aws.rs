//! Where and as whom the tool reaches Cognito: the AWS SDK's standard chain
//! (environment, profile, SSO, instance role), the region from the pool id, and an
//! emulator's endpoint when given.

use aws_sdk_cognitoidentityprovider::Client;

/// The global options that choose the connection.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// `--endpoint-url`: a local emulator instead of the regional endpoint.
    pub endpoint_url: Option<String>,
    /// `--region`: otherwise the one in the pool id.
    pub region: Option<String>,
    /// `--profile` from ~/.aws/config.
    pub profile: Option<String>,
}

impl Connection {
    /// A client for `pool_id`, whose retries are off: the report retries on its own,
    /// counting and pacing every attempt.
    pub async fn client(&self, pool_id: &str) -> Client {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        let from_pool = pool_id.split_once('_').map(|(region, _)| region.to_owned());
        if let Some(region) = self.region.clone().or(from_pool) {
            loader = loader.region(aws_config::Region::new(region));
        }
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let config = aws_sdk_cognitoidentityprovider::config::Builder::from(&config)
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
            .build();
        Client::from_conf(config)
    }
}
