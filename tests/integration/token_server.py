# SPDX-License-Identifier: GPL-2.0-or-later
# tests/integration/token_server.py PORT KEY CERT USER PASSWORD SERVICE:
# a registry token realm for tests (Docker's token auth, as Docker Hub,
# quay.io and ghcr.io serve it), on 127.0.0.1:PORT. GET /token with Basic
# credentials USER:PASSWORD (or none: anonymous, refused for push) answers
# {"token": JWT}, the JWT signed RS256 with KEY (openssl does the
# signing) and carrying CERT in x5c, which the registry trusts. Wrong
# credentials get 401. Lives at most five minutes.
import base64, http.server, json, subprocess, sys, threading, time, urllib.parse

port, key, cert, user, password, service = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def der_cert():
    pem = open(cert).read()
    body = "".join(l for l in pem.splitlines() if "CERTIFICATE" not in l)
    return body


def sign(claims):
    header = {"typ": "JWT", "alg": "RS256", "x5c": [der_cert()]}
    signing = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing.encode(), capture_output=True, check=True).stdout
    return signing + "." + b64(sig)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(url.query)
        who = ""
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            u, _, p = base64.b64decode(auth[6:]).decode().partition(":")
            if (u, p) != (user, password):
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}')
                return
            who = u
        access = []
        for scope in q.get("scope", []):
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            allowed = [a for a in actions.split(",") if a == "pull" or (who and a == "push")]
            # Anonymous pulls only of repositories under public/.
            if not who and not name.startswith("public/"):
                allowed = []
            access.append({"type": kind, "name": name, "actions": allowed})
        now = int(time.time())
        token = sign({"iss": "test-issuer", "sub": who, "aud": q.get("service", [""])[0], "exp": now + 300,
                      "nbf": now - 10, "iat": now, "jti": str(now), "access": access})
        body = json.dumps({"token": token, "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
threading.Timer(300, server.shutdown).start()
server.serve_forever()
