"""SuperOffice Online sign-in: PKCE S256, the loopback receiver, the code exchange and the refresh, over real HTTP.

A tiny fake authorization server runs on loopback (the SuperOffice simulator only serves the
refresh grant); the "browser" is an httpx client following the authorize redirect.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from desktop_app.connectors.superoffice_oauth import (
    AuthorizationCodeFlow,
    OAuthEndpoints,
    SignInCancelled,
    SignInError,
    code_challenge,
    id_token_claims,
    refresh_access_token,
)

WEBAPI = "https://sod2.superoffice.com/Cust12345/api/"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def make_id_token(claims: dict) -> str:
    # Unsigned on purpose: the app reads the claims for routing only (see id_token_claims).
    return f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64(claims)}.c2lnbmF0dXJl"


class FakeAuthorizationServer:
    """`/login/common/oauth/authorize` redirects with a code; `/tokens` checks the PKCE verifier."""

    def __init__(self, *, deny: bool = False, webapi_claim: str = "http://schemes.superoffice.net/identity/webapi_url"):
        self.deny = deny
        self.webapi_claim = webapi_claim
        self.challenges: dict[str, tuple[str, str]] = {}  # code -> (challenge, redirect_uri)
        self.token_requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                assert parts.path == "/login/common/oauth/authorize"
                assert query["response_type"] == "code" and query["scope"] == "openid"
                assert query["code_challenge_method"] == "S256"
                if server.deny:
                    target = (
                        query["redirect_uri"] + "?" + urlencode({"error": "access_denied", "state": query["state"]})
                    )
                else:
                    code = f"code-{len(server.challenges) + 1}"
                    server.challenges[code] = (query["code_challenge"], query["redirect_uri"])
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):  # noqa: N802
                length = int(self.headers["Content-Length"])
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                server.token_requests.append(form)
                status, body = server.tokens(form)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def tokens(self, form: dict[str, str]) -> tuple[int, dict]:
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        challenge, redirect = self.challenges.pop(form.get("code", ""), (None, None))
        if challenge is None or form.get("redirect_uri") != redirect:
            return 400, {"error": "invalid_grant"}
        digest = hashlib.sha256(form["code_verifier"].encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
            return 400, {"error": "invalid_grant"}
        id_token = make_id_token(
            {"sub": "admin", self.webapi_claim: WEBAPI, "http://schemes.superoffice.net/identity/ctx": "Cust12345"}
        )
        return 200, {
            "access_token": "access-1",
            "refresh_token": "refresh-1",
            "id_token": id_token,
            "token_type": "Bearer",
            "expires_in": 3600,
        }

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def auth_server():
    server = FakeAuthorizationServer()
    yield server
    server.close()


def browse(url: str) -> httpx.Response:
    """What the browser does: open the authorize page and follow the redirect back to the app."""
    return httpx.get(url, follow_redirects=True, timeout=10)


def test_pkce_s256_matches_rfc_7636_appendix_b():
    assert (
        code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_endpoints_follow_the_environment_and_the_state_host():
    assert (
        OAuthEndpoints.for_environment("sod").authorize_url
        == "https://sod.superoffice.com/login/common/oauth/authorize"
    )
    found = OAuthEndpoints.from_state_url("https://online.superoffice.com/api/state/")
    assert found.token_url == "https://online.superoffice.com/login/common/oauth/tokens"


def test_sign_in_gets_tokens_and_the_web_api_from_the_id_token(auth_server):
    flow = AuthorizationCodeFlow("my-app", OAuthEndpoints.for_host(auth_server.root))
    url = flow.start()
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert urlsplit(flow.redirect_uri).hostname == "127.0.0.1" and flow.redirect_uri.endswith("/callback")
    assert query["client_id"] == "my-app" and query["redirect_uri"] == flow.redirect_uri
    assert len(query["state"]) >= 16 and query["code_challenge"]

    page = browse(url)
    assert page.status_code == 200 and "signed in" in page.text.lower()
    tokens = flow.complete(timeout=10)

    assert tokens.access_token == "access-1" and tokens.refresh_token == "refresh-1"
    assert tokens.webapi_url == WEBAPI and tokens.customer_id == "Cust12345"
    sent = auth_server.token_requests[-1]
    assert sent["grant_type"] == "authorization_code" and "client_secret" not in sent
    assert "access-1" not in repr(tokens) and "refresh-1" not in repr(tokens)


def test_the_short_webapi_url_claim_works_too():
    token = make_id_token({"webapi_url": WEBAPI})
    assert id_token_claims(token)["webapi_url"] == WEBAPI
    assert id_token_claims("not a jwt") == {}


def test_an_answer_with_the_wrong_state_is_ignored(auth_server):
    flow = AuthorizationCodeFlow("my-app", OAuthEndpoints.for_host(auth_server.root))
    flow.start()
    forged = httpx.get(flow.redirect_uri, params={"code": "stolen", "state": "not-ours"}, timeout=10)
    assert forged.status_code == 400
    with pytest.raises(SignInError, match="in time"):
        flow.wait_for_code(timeout=0.5)
    flow.close()


def test_declined_in_the_browser_is_a_sentence(auth_server):
    auth_server.deny = True
    flow = AuthorizationCodeFlow("my-app", OAuthEndpoints.for_host(auth_server.root))
    browse(flow.start())
    with pytest.raises(SignInError, match="declined"):
        flow.complete(timeout=10)


def test_cancel_stops_the_wait(auth_server):
    flow = AuthorizationCodeFlow("my-app", OAuthEndpoints.for_host(auth_server.root))
    flow.start()
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(SignInCancelled):
        flow.complete(timeout=30, cancel=cancel)


def test_no_client_id_is_refused_before_anything_happens():
    with pytest.raises(SignInError, match="application id"):
        AuthorizationCodeFlow("  ", OAuthEndpoints.for_environment())


def test_refresh_against_the_superoffice_simulator():
    from desktop_app.simulators import SuperOfficeSimulator

    with SuperOfficeSimulator(refresh_tokens={"refresh-1"}) as sim:
        endpoints = OAuthEndpoints.from_state_url(sim.state_url)
        assert endpoints.token_url == sim.token_url
        tokens = refresh_access_token(endpoints.token_url, "my-app", "refresh-1")
        assert tokens.access_token in sim.tokens
        assert tokens.refresh_token is None  # not renewed: the caller keeps the old one
        with pytest.raises(SignInError, match="sign in to SuperOffice again"):
            refresh_access_token(endpoints.token_url, "my-app", "revoked")


def test_unreachable_token_endpoint_is_a_sentence_without_the_token():
    with pytest.raises(SignInError) as caught:
        refresh_access_token("http://127.0.0.1:9/login/common/oauth/tokens", "my-app", "refresh-secret", timeout=2)
    assert "refresh-secret" not in caught.value.user_message
    assert caught.value.user_message.endswith(".")
