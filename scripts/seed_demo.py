#!/usr/bin/env python3
"""Seeds a moto Cognito emulator with the demo pools and prints the page config as JSON.

Usage: seed_demo.py ENDPOINT_URL [--load N]

With --load N it also creates N users load-0001... on SMS MFA, for bench/load.mjs.

Two pools, as the README asks of real ones (app client without a secret):
- "demo": MFA optional, SMS and TOTP allowed. Users: one on SMS MFA, one already on
  an authenticator app, one with no MFA, one admin-created with a temporary password.
  One more has no phone number (AWS refuses SMS settings for such users).
- "demo-required": MFA required, TOTP allowed. Its first user has no phone number
  and no factor, so the first sign-in meets MFA_SETUP (on AWS a user with a phone
  number gets SMS_MFA there instead); its second is on SMS, which AWS does not let
  anyone turn off while MFA is required; its third has a phone number and lists no
  factor, which AWS counts as SMS there.
- "demo-alias": users sign in with their email address (UsernameAttributes), the
  app client has a secret and the page uses USER_PASSWORD_AUTH, so every answer
  must name the user by the internal name AWS sends (USER_ID_FOR_SRP).
moto gives every user the same TOTP secret (ASDFASDFASDF).
"""
import base64
import hashlib
import hmac
import json
import struct
import sys
import time

import boto3

REGION = "ap-northeast-1"
SNS_ROLE = {"SnsCallerArn": "arn:aws:iam::123456789012:role/demo-sms"}
MOTO_TOTP_SECRET = "asdfasdfasdf"
PASSWORD = "Demo-Passw0rd!"
TEMPORARY_PASSWORD = "Temp-Passw0rd!"


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now; waits out the last 3 s of a step."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def make_pool(idp, name: str, mfa: str, alias: bool = False):
    extra = {"UsernameAttributes": ["email"]} if alias else {}
    pool = idp.create_user_pool(
        PoolName=name,
        Policies={"PasswordPolicy": {"MinimumLength": 8}},
        SmsConfiguration=SNS_ROLE,
        **extra,
    )["UserPool"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool["Id"],
        SmsMfaConfiguration={"SmsConfiguration": SNS_ROLE},
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration=mfa,
    )
    client = idp.create_user_pool_client(
        UserPoolId=pool["Id"],
        ClientName="enroll-page",
        GenerateSecret=alias,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    if alias:
        return pool["Id"], client["ClientId"], client["ClientSecret"]
    return pool["Id"], client["ClientId"]


def create_user(idp, pool_id: str, username: str, permanent: bool = True, phone: bool = True):
    attributes = [{"Name": "email", "Value": username if "@" in username else f"{username}@example.com"}]
    if phone:
        attributes += [
            {"Name": "phone_number", "Value": "+815012340083"},
            {"Name": "phone_number_verified", "Value": "true"},
        ]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        TemporaryPassword=TEMPORARY_PASSWORD,
        UserAttributes=attributes,
        MessageAction="SUPPRESS",
    )
    if permanent:
        idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True)


def enroll_totp(idp, pool_id: str, client_id: str, username: str):
    """Puts a user on an authenticator app, as the page would."""
    tokens = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    idp.associate_software_token(AccessToken=tokens["AccessToken"])
    idp.verify_software_token(AccessToken=tokens["AccessToken"], UserCode=totp_now(MOTO_TOTP_SECRET))
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id,
        Username=username,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )


def config(pool_id: str, client_id: str, endpoint: str) -> dict:
    return {"userPoolId": pool_id, "clientId": client_id, "endpoint": endpoint, "issuer": "Demo Corp"}


def main(endpoint: str) -> None:
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="demo",
        aws_secret_access_key="demo",
    )
    pool_id, client_id = make_pool(idp, "demo", "OPTIONAL")
    for username in ["demo-sms", "demo-totp", "demo-none"]:
        create_user(idp, pool_id, username)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool_id, Username="demo-sms", SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    enroll_totp(idp, pool_id, client_id, "demo-totp")
    create_user(idp, pool_id, "demo-new", permanent=False)
    create_user(idp, pool_id, "demo-nophone", phone=False)

    load_users = []
    if "--load" in sys.argv:
        for i in range(int(sys.argv[sys.argv.index("--load") + 1])):
            username = f"load-{i + 1:04d}"
            create_user(idp, pool_id, username)
            idp.admin_set_user_mfa_preference(
                UserPoolId=pool_id, Username=username, SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
            )
            load_users.append(username)

    required_pool, required_client = make_pool(idp, "demo-required", "ON")
    create_user(idp, required_pool, "demo-required", phone=False)
    create_user(idp, required_pool, "demo-required-sms")
    create_user(idp, required_pool, "demo-required-phone")
    idp.admin_set_user_mfa_preference(
        UserPoolId=required_pool, Username="demo-required-sms", SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )

    alias_pool, alias_client, alias_secret = make_pool(idp, "demo-alias", "OPTIONAL", alias=True)
    create_user(idp, alias_pool, "alias-sms@example.com")
    alias_user = idp.admin_get_user(UserPoolId=alias_pool, Username="alias-sms@example.com")["Username"]
    idp.admin_set_user_mfa_preference(
        UserPoolId=alias_pool, Username=alias_user, SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    alias_config = {
        **config(alias_pool, alias_client, endpoint),
        "clientSecret": alias_secret,
        "authFlow": "USER_PASSWORD_AUTH",
    }

    users = {
        "demo-sms": {"password": PASSWORD, "signs in with": "SMS MFA (any 6 digits: the emulator sends no SMS)"},
        "demo-totp": {"password": PASSWORD, "signs in with": "an authenticator app (key ASDF ASDF ASDF)"},
        "demo-none": {"password": PASSWORD, "signs in with": "no MFA"},
        "demo-new": {"password": TEMPORARY_PASSWORD, "signs in with": "a temporary password: sets a new one"},
        "demo-nophone": {"password": PASSWORD, "signs in with": "no MFA, and has no phone number"},
    }
    print(
        json.dumps(
            {
                "config": config(pool_id, client_id, endpoint),
                "users": users,
                "loadUsers": {"password": PASSWORD, "usernames": load_users},
                "required": {
                    "config": config(required_pool, required_client, endpoint),
                    "users": {
                        "demo-required": {"password": PASSWORD, "signs in with": "nothing yet: MFA is required"},
                        "demo-required-sms": {"password": PASSWORD, "signs in with": "SMS MFA, which the pool requires"},
                        "demo-required-phone": {
                            "password": PASSWORD,
                            "signs in with": "SMS MFA, though none is listed: a phone number where MFA is required",
                        },
                    },
                },
                "alias": {
                    "config": alias_config,
                    "users": {
                        "alias-sms@example.com": {
                            "password": PASSWORD,
                            "signs in with": "SMS MFA; the email is an alias of an internal name",
                        }
                    },
                },
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
