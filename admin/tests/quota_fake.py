"""A stand-in for Cognito's ListUsers and AdminGetUser at scale, with a request quota.

moto slows down badly past about a hundred users, so `report` is measured here: N
synthetic users (deterministic, by number), and a token bucket that answers
TooManyRequestsException (HTTP 400, as Cognito does) past RATE requests a second.
One user, when --broken is given, always answers a server fault, so the report
must list it as unknown rather than lose it. GET /stats tells what was served
(`reads`: the AdminGetUser answers).

    python3 quota_fake.py --users 20000 --rate 200 [--broken user-00042]
    (prints the port it listens on, 127.0.0.1)
"""

import argparse
import http.server
import json
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--users", type=int, required=True)
parser.add_argument("--rate", type=float, required=True)
parser.add_argument("--broken", default=None)
args = parser.parse_args()

POOL = "ap-northeast-1_Fake1"
STATS = {"served": 0, "throttled": 0, "faults": 0, "reads": 0, "started": None, "last": None}
LOCK = threading.Lock()
BUCKET = {"tokens": args.rate / 10, "at": time.monotonic()}


def allowed():
    """Token bucket: RATE a second, a burst of a tenth of a second."""
    with LOCK:
        now = time.monotonic()
        BUCKET["tokens"] = min(args.rate / 10, BUCKET["tokens"] + (now - BUCKET["at"]) * args.rate)
        BUCKET["at"] = now
        if BUCKET["tokens"] >= 1:
            BUCKET["tokens"] -= 1
            STATS["served"] += 1
            STATS["started"] = STATS["started"] or now
            STATS["last"] = now
            return True
        STATS["throttled"] += 1
        return False


def name(i):
    return f"user-{i:05d}"


def user(i):
    """Every tenth: 3 SMS only, 4 app, 1 both, 1 none, 1 email; 1 % disabled, 1 % unconfirmed."""
    kind = i % 10
    factors = [["SMS_MFA"]] * 3 + [["SOFTWARE_TOKEN_MFA"]] * 4 + [["SMS_MFA", "SOFTWARE_TOKEN_MFA"], [], ["EMAIL_OTP"]]
    return {
        "Username": name(i),
        "Attributes": [{"Name": "email", "Value": f"{name(i)}@example.com"}],
        "Enabled": i % 100 != 50,
        "UserStatus": "UNCONFIRMED" if i % 100 == 51 else "CONFIRMED",
        "mfa": factors[kind],
    }


class Fake(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One segment per answer, sent at once: without these, headers and body go out
    # apart and delayed ACKs hold every answer back by tens of milliseconds.
    wbufsize = -1
    disable_nagle_algorithm = True

    def log_message(self, *a):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with LOCK:
            stats = dict(STATS)
        span = (stats["last"] or 0) - (stats["started"] or 0)
        stats["rate"] = stats["served"] / span if span > 0 else 0
        self.answer(200, stats)

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
        if not allowed():
            return self.answer(400, {"__type": "TooManyRequestsException", "message": "Rate exceeded"})
        if operation == "DescribeUserPool":
            return self.answer(200, {"UserPool": {"Id": POOL, "EstimatedNumberOfUsers": args.users}})
        if operation == "GetUserPoolMfaConfig":
            return self.answer(200, {"MfaConfiguration": "OPTIONAL", "SoftwareTokenMfaConfiguration": {"Enabled": True},
                                     "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::1:role/s"}}})
        if operation == "ListUsers":
            start = int(request.get("PaginationToken") or 0)
            end = min(args.users, start + min(int(request.get("Limit", 60)), 60))
            users = []
            for i in range(start, end):
                u = user(i)
                users.append({k: u[k] for k in ("Username", "Attributes", "Enabled", "UserStatus")})
            body = {"Users": users}
            if end < args.users:
                body["PaginationToken"] = str(end)
            return self.answer(200, body)
        if operation == "AdminGetUser":
            username = request["Username"]
            if username == args.broken:
                with LOCK:
                    STATS["faults"] += 1
                return self.answer(500, {"__type": "InternalErrorException", "message": "injected"})
            with LOCK:
                STATS["reads"] += 1  # AdminGetUser answered: what a resumed report must not repeat
            u = user(int(username.split("-")[1]))
            body = {"Username": username, "Enabled": u["Enabled"], "UserStatus": u["UserStatus"],
                    "UserAttributes": u["Attributes"], "UserMFASettingList": u["mfa"]}
            if u["mfa"]:
                body["PreferredMfaSetting"] = u["mfa"][0]
            return self.answer(200, body)
        return self.answer(400, {"__type": "InvalidParameterException", "message": operation})


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
