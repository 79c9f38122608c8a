"""A front for moto that makes UpdateUserPoolClient behave as on AWS.

AWS resets every field an UpdateUserPoolClient request leaves out to its default;
moto keeps the old value. A tool that forgets to send one field back would pass
against plain moto and wipe an admin's settings on AWS. This front fills every
omitted field with AWS's default before forwarding, so the test sees what AWS
would do. Everything else is forwarded unchanged.

    python3 aws_defaults_front.py MOTO_URL   (prints the port it listens on, 127.0.0.1)
"""

import http.server
import json
import sys
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
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        forward = urllib.request.Request(MOTO + self.path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(forward) as response:
                status, answer, kind = response.status, response.read(), response.headers.get("Content-Type")
        except urllib.error.HTTPError as error:
            status, answer, kind = error.code, error.read(), error.headers.get("Content-Type")
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Front)
print(server.server_address[1], flush=True)
server.serve_forever()
