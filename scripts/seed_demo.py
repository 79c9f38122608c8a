#!/usr/bin/env python3
"""Seeds a moto Cognito emulator with the demo pool and prints the page config as JSON.

Usage: seed_demo.py ENDPOINT_URL

The pool is what the README asks of a real one: MFA optional, SMS and TOTP allowed,
an app client without a secret. The demo user signs in with SMS MFA today.
"""
import json
import sys

import boto3

REGION = "ap-northeast-1"
DEMO_USERS = {
    # username: (password, phone)
    "demo-sms": ("Demo-Passw0rd!", "+815012340083"),
}


def main(endpoint: str) -> None:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="demo",
        aws_secret_access_key="demo",
    )
    pool = idp.create_user_pool(
        PoolName="demo",
        Policies={"PasswordPolicy": {"MinimumLength": 8}},
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/demo-sms"},
    )["UserPool"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool["Id"],
        SmsMfaConfiguration={
            "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/demo-sms"}
        },
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="enroll-page",
        GenerateSecret=False,
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]
    for username, (password, phone) in DEMO_USERS.items():
        idp.admin_create_user(
            UserPoolId=pool["Id"],
            Username=username,
            UserAttributes=[
                {"Name": "phone_number", "Value": phone},
                {"Name": "phone_number_verified", "Value": "true"},
            ],
            MessageAction="SUPPRESS",
        )
        idp.admin_set_user_password(
            UserPoolId=pool["Id"], Username=username, Password=password, Permanent=True
        )
        idp.admin_set_user_mfa_preference(
            UserPoolId=pool["Id"],
            Username=username,
            SMSMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
    print(
        json.dumps(
            {
                "config": {
                    "userPoolId": pool["Id"],
                    "clientId": client["ClientId"],
                    "endpoint": endpoint,
                    "issuer": "Demo Corp",
                },
                "users": {u: {"password": p} for u, (p, _) in DEMO_USERS.items()},
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
