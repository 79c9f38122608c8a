use super::*;
use serde_json::{json, Value};

/// The body as serde_json reads it: an independent check of our writer.
fn to_json(value: &impl ToJson) -> Value {
    serde_json::from_str(&value.to_json()).unwrap()
}

#[test]
fn initiate_auth_request_uses_aws_field_names() {
    let body = to_json(&InitiateAuthRequest {
        auth_flow: "USER_PASSWORD_AUTH",
        client_id: "client",
        auth_parameters: [("USERNAME", "alice"), ("PASSWORD", "pw")].into(),
    });
    assert_eq!(
        body,
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "client",
               "AuthParameters": {"USERNAME": "alice", "PASSWORD": "pw"}})
    );
}

#[test]
fn respond_to_auth_challenge_omits_absent_session() {
    let body = to_json(&RespondToAuthChallengeRequest {
        client_id: "c",
        challenge_name: "PASSWORD_VERIFIER",
        session: None,
        challenge_responses: [("USERNAME", "u")].into(),
    });
    assert_eq!(
        body,
        json!({"ClientId": "c", "ChallengeName": "PASSWORD_VERIFIER",
               "ChallengeResponses": {"USERNAME": "u"}})
    );
}

#[test]
fn sms_challenge_response_is_read_with_destination() {
    // Shaped as AWS sends it (moto sends no delivery parameters).
    let r: AuthResponse = parse(
        r#"{"ChallengeName":"SMS_MFA","Session":"sess","ChallengeParameters":{
            "CODE_DELIVERY_DELIVERY_MEDIUM":"SMS","CODE_DELIVERY_DESTINATION":"+*******0083",
            "USER_ID_FOR_SRP":"alice"}}"#,
    )
    .unwrap();
    assert_eq!(r.challenge_name, Some(ChallengeName::SmsMfa));
    assert_eq!(r.session.as_ref().map(Secret::expose), Some("sess"));
    assert_eq!(r.parameters.code_delivery_destination.as_deref(), Some("+*******0083"));
    assert_eq!(r.parameters.user_id_for_srp.as_deref(), Some("alice"));
    assert!(r.authentication_result.is_none());
}

#[test]
fn list_parameters_are_read_from_json_strings_as_aws_sends_them() {
    let r: AuthResponse = parse(
        r#"{"ChallengeName":"MFA_SETUP","Session":"s",
            "ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}"#,
    )
    .unwrap();
    assert_eq!(r.parameters.mfas_can_setup, ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
}

#[test]
fn list_parameters_are_read_from_arrays_as_moto_sends_them() {
    let r: AuthResponse = parse(
        r#"{"ChallengeName":"MFA_SETUP","Session":"s",
            "ChallengeParameters":{"MFAS_CAN_SETUP":["SOFTWARE_TOKEN_MFA"]}}"#,
    )
    .unwrap();
    assert_eq!(r.parameters.mfas_can_setup, ["SOFTWARE_TOKEN_MFA"]);
    assert!(r.parameters.mfas_can_choose.is_empty());
}

#[test]
fn authentication_result_yields_access_token() {
    let r: AuthResponse = parse(
        r#"{"AuthenticationResult":{"AccessToken":"at","IdToken":"it","RefreshToken":"rt",
            "ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}"#,
    )
    .unwrap();
    assert_eq!(r.authentication_result.unwrap().access_token.expose(), "at");
}

#[test]
fn associate_request_by_token_or_session() {
    let by_token = to_json(&AssociateSoftwareTokenRequest { user: UserRef::AccessToken("t") });
    assert_eq!(by_token, json!({"AccessToken": "t"}));
    let by_session = to_json(&AssociateSoftwareTokenRequest { user: UserRef::Session("s") });
    assert_eq!(by_session, json!({"Session": "s"}));
    let r: AssociateSoftwareTokenResponse = parse(r#"{"SecretCode":"ABCD"}"#).unwrap();
    assert_eq!(r.secret_code.expose(), "ABCD");
    assert!(r.session.is_none());
}

#[test]
fn verify_request_carries_code_and_optional_device_name() {
    let body = to_json(&VerifySoftwareTokenRequest {
        user: UserRef::AccessToken("t"),
        user_code: "123456",
        friendly_device_name: None,
    });
    assert_eq!(body, json!({"AccessToken": "t", "UserCode": "123456"}));
    let r: VerifySoftwareTokenResponse = parse(r#"{"Status":"SUCCESS","Session":"next"}"#).unwrap();
    let (_proof, session) = r.verified().unwrap();
    assert_eq!(session.as_ref().map(Secret::expose), Some("next"));
}

#[test]
fn only_a_success_status_proves_the_new_authenticator() {
    for body in [r#"{"Status":"ERROR"}"#, r#"{}"#, r#"{"Status":"success"}"#, r#"{"Status":null}"#, ""] {
        let r: VerifySoftwareTokenResponse = parse(body).unwrap();
        assert_eq!(r.verified().unwrap_err(), Error::CodeRejected, "{body:?}");
    }
}

#[test]
fn challenge_names_are_typed_and_unknown_ones_kept() {
    for wire in [
        "PASSWORD_VERIFIER",
        "SMS_MFA",
        "SOFTWARE_TOKEN_MFA",
        "EMAIL_OTP",
        "SELECT_MFA_TYPE",
        "NEW_PASSWORD_REQUIRED",
        "MFA_SETUP",
        "CUSTOM_CHALLENGE",
        "sms_mfa",
    ] {
        let name = ChallengeName::from_wire(wire.to_owned());
        assert_eq!(name.as_str(), wire, "round trip");
        let unknown = matches!(name, ChallengeName::Unknown(_));
        assert_eq!(unknown, wire == "CUSTOM_CHALLENGE" || wire == "sms_mfa", "{wire}");
    }
}

#[test]
fn challenge_parameters_of_the_wrong_type_read_as_absent_and_attributes_lose_their_prefix() {
    let r: AuthResponse = parse(
        r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","ChallengeParameters":{"USERNAME":5,"SALT":["x"],
            "requiredAttributes":"[\"userAttributes.email\",\"name\"]","MFAS_CAN_CHOOSE":"not a list"}}"#,
    )
    .unwrap();
    assert_eq!((r.parameters.username, r.parameters.salt), (None, None));
    assert_eq!(r.parameters.required_attributes, ["email", "name"]);
    assert!(r.parameters.mfas_can_choose.is_empty());
}

#[test]
fn set_preference_names_each_factor_as_aws_does() {
    let body = to_json(&SetUserMfaPreferenceRequest {
        access_token: "t",
        sms: Some(MfaSetting { enabled: false, preferred_mfa: false }),
        software_token: Some(MfaSetting { enabled: true, preferred_mfa: true }),
    });
    assert_eq!(
        body,
        json!({"AccessToken": "t",
               "SMSMfaSettings": {"Enabled": false, "PreferredMfa": false},
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}})
    );
}

#[test]
fn empty_success_body_parses_as_empty_object() {
    let r: AuthResponse = parse("").unwrap();
    assert!(r.challenge_name.is_none());
}

#[test]
fn get_user_reads_mfa_settings() {
    let r: GetUserResponse = parse(
        r#"{"Username":"alice","UserAttributes":[{"Name":"email","Value":"a@example.com"}],
            "MFAOptions":[],"UserMFASettingList":["SMS_MFA"],"PreferredMfaSetting":"SMS_MFA"}"#,
    )
    .unwrap();
    assert_eq!(r.username, "alice");
    assert_eq!(r.user_mfa_setting_list, ["SMS_MFA"]);
    assert_eq!(r.preferred_mfa_setting.as_deref(), Some("SMS_MFA"));
    assert_eq!(r.user_attributes[0].value, "a@example.com");
}

#[test]
fn malformed_body_is_a_bad_response_not_a_panic() {
    let r: Result<GetUserResponse, _> = parse("{\"Username\":");
    assert_eq!(r.unwrap_err().code(), "BadResponse");
}

#[test]
fn fields_of_the_wrong_type_or_missing_are_bad_responses() {
    for body in [
        r#"{"ChallengeName":5}"#,
        r#"{"Session":["s"]}"#,
        r#"{"AuthenticationResult":{}}"#,
        r#"{"AuthenticationResult":"at"}"#,
        r#"{"ChallengeParameters":[]}"#,
        "[]",
        "\"text\"",
    ] {
        assert_eq!(parse::<AuthResponse>(body).unwrap_err().code(), "BadResponse", "{body}");
    }
    for body in [
        r#"{}"#,
        r#"{"Username":"u","UserAttributes":[5]}"#,
        r#"{"Username":"u","UserAttributes":[{"Value":"x"}]}"#,
        r#"{"Username":"u","UserMFASettingList":[true]}"#,
    ] {
        assert_eq!(parse::<GetUserResponse>(body).unwrap_err().code(), "BadResponse", "{body}");
    }
    assert_eq!(parse::<AssociateSoftwareTokenResponse>("{}").unwrap_err().code(), "BadResponse");
}

#[test]
fn null_lists_read_as_empty() {
    let r: GetUserResponse = parse(
        r#"{"Username":"u","UserAttributes":null,"UserMFASettingList":null,"PreferredMfaSetting":null}"#,
    )
    .unwrap();
    assert!(r.user_attributes.is_empty() && r.user_mfa_setting_list.is_empty());
    assert!(r.preferred_mfa_setting.is_none());
}

#[test]
fn null_members_read_as_absent() {
    let r: AuthResponse =
        parse(r#"{"ChallengeName":null,"Session":null,"ChallengeParameters":null}"#).unwrap();
    assert!(r.challenge_name.is_none() && r.session.is_none());
    assert_eq!(r.parameters, ChallengeParameters::default());
}
