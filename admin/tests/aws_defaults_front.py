"""A front for moto that makes UpdateUserPoolClient behave as on AWS, and plays
AdminDeleteSoftwareToken, which moto lacks.

AWS resets every field an UpdateUserPoolClient request leaves out to its default;
moto keeps the old value. A tool that forgets to send one field back would pass
against plain moto and wipe an admin's settings on AWS. This front fills every
omitted field with AWS's default before forwarding, so the test sees what AWS
would do. AdminDeleteSoftwareToken (reset-user's call) removes the user's
authenticator app: moto has no such operation, so the front turns it into moto's
AdminSetUserMFAPreference with the app off, which leaves UserMFASettingList without
SOFTWARE_TOKEN_MFA as AWS does. moto still asks such a user for an app code at
sign-in (it keeps the token as verified), which AWS, the token gone, does not: until
the user turns a new app on, the front answers that challenge itself with moto's one
secret and hands on the tokens. Everything else is forwarded unchanged.

    python3 aws_defaults_front.py MOTO_URL   (prints the port it listens on, 127.0.0.1)
"""

import base64
import hashlib
import hmac
import http.server
import json
import struct
import sys
import time
import urllib.request

MOTO = sys.argv[1].rstrip("/")

# What AWS sets a field to when UpdateUserPoolClient does not name it. Fields whose
# default is "not set" (ClientName aside, which AWS keeps) are in NO_VALUE: moto
# cannot be told to clear them, so the front records their omission instead.
DEFAULTS = {
    "RefreshTokenValidity": 30,
    "AccessTokenValidity": 60,
    "IdTokenValidity": 60,
    "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
    "ReadAttributes": [],
    "WriteAttributes": [],
    "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"],
    "SupportedIdentityProviders": [],
    "CallbackURLs": [],
    "LogoutURLs": [],
    "AllowedOAuthFlows": [],
    "AllowedOAuthScopes": [],
    "AllowedOAuthFlowsUserPoolClient": False,
    "PreventUserExistenceErrors": "LEGACY",
    "EnableTokenRevocation": True,
    "EnablePropagateAdditionalUserContextData": False,
    "AuthSessionValidity": 3,
}
NO_VALUE = ["DefaultRedirectURI", "AnalyticsConfiguration", "RefreshTokenRotation"]

# Every field an UpdateUserPoolClient left out, for GET /omitted.
OMITTED = []

# Users whose app AdminDeleteSoftwareToken removed, until they turn a new one on.
DELETED = set()
MOTO_TOTP_SECRET = "ASDFASDFASDF"  # moto's one secret for every user


def moto_totp():
    key = base64.b32decode(MOTO_TOTP_SECRET + "=" * (-len(MOTO_TOTP_SECRET) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000:06d}"


def claims(token):
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


def call(target, body, headers):
    """moto's answer to one request: (status, body bytes, content type)."""
    forward = urllib.request.Request(MOTO, data=body, headers={**headers, "X-Amz-Target": target}, method="POST")
    try:
        with urllib.request.urlopen(forward) as response:
            return response.status, response.read(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type")


class Front(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One segment per answer, sent at once: without these, headers and body go out
    # apart and delayed ACKs hold every answer back by tens of milliseconds.
    wbufsize = -1
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        answer = json.dumps(OMITTED).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self.headers.get("X-Amz-Target", "")
        if target.endswith(".UpdateUserPoolClient"):
            request = json.loads(body)
            OMITTED.extend(k for k in [*DEFAULTS, *NO_VALUE] if k not in request)
            for key, default in DEFAULTS.items():
                request.setdefault(key, default)
            body = json.dumps(request).encode()
        if target.endswith(".AdminDeleteSoftwareToken"):
            request = json.loads(body)
            DELETED.add(request["Username"])
            target = target.replace("AdminDeleteSoftwareToken", "AdminSetUserMFAPreference")
            body = json.dumps({
                "UserPoolId": request["UserPoolId"],
                "Username": request["Username"],
                "SoftwareTokenMfaSettings": {"Enabled": False, "PreferredMfa": False},
            }).encode()
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "x-amz-target")}
        request = json.loads(body or b"{}")
        if target.endswith("SetUserMFAPreference") and request.get("SoftwareTokenMfaSettings", {}).get("Enabled"):
            DELETED.discard(request.get("Username") or claims(request.get("AccessToken", "")).get("username"))
        status, answer, kind = call(target, body, headers)
        reply = json.loads(answer or b"{}") if status == 200 else {}
        user = ((reply.get("ChallengeParameters") or {}).get("USERNAME")
                or (request.get("ChallengeResponses") or {}).get("USERNAME")
                or (request.get("AuthParameters") or {}).get("USERNAME"))
        if reply.get("ChallengeName") == "SOFTWARE_TOKEN_MFA" and user in DELETED:
            # AWS would ask no app code: the app was deleted. Answer moto's challenge.
            answer_body = json.dumps({
                "ClientId": request["ClientId"],
                "ChallengeName": "SOFTWARE_TOKEN_MFA",
                "Session": reply["Session"],
                "ChallengeResponses": {"USERNAME": user, "SOFTWARE_TOKEN_MFA_CODE": moto_totp()},
            }).encode()
            status, answer, kind = call("AWSCognitoIdentityProviderService.RespondToAuthChallenge", answer_body, headers)
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Front)
print(server.server_address[1], flush=True)
server.serve_forever()
