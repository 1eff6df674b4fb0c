"""R19 whatever a vendor echoes: an error text repeating the API key, password, token, `user:password`, its Base64
or its URL-encoded form, at any offset and any length, leaves no 8-character piece of it anywhere (issue 9 pt 6)."""

from __future__ import annotations

import base64
import csv
import json
import sqlite3
from urllib.parse import quote, quote_plus

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.connectors import emarketeer_fields as EF
from desktop_app.connectors import superoffice_fields as SF
from desktop_app.connectors.errors import ConnectorError
from desktop_app.connectors.http import ApiClient, RequestLimits
from desktop_app.connectors.superoffice import BasicAuth, BearerAuth
from desktop_app.domain.model import System
from desktop_app.redaction import Redactor

LIMITS = RequestLimits(requests_per_second=1e9, max_retries=0, backoff_base=0, backoff_max=0)
ENCODINGS = {
    "raw": lambda s: s,
    "base64": lambda s: base64.b64encode(s.encode("utf-8")).decode("ascii"),
    "base64url": lambda s: base64.urlsafe_b64encode(s.encode("utf-8")).decode("ascii"),
    "percent": lambda s: quote(s, safe=""),
    "percent-lower": lambda s: _lower_hex(quote(s, safe="")),
    "form": quote_plus,
    "json": lambda s: json.dumps(s)[1:-1],
}


def _lower_hex(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "%":
            out.append(text[i : i + 3].lower())
            i += 3
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def pieces(text: str) -> set[str]:
    return {text[i : i + 8] for i in range(len(text) - 7)}


def leaked(output: str, *secrets: str) -> set[str]:
    """The 8-character pieces of the secrets (in every encoding above) found in `output`, ASCII case ignored."""
    low = output.lower()
    return {p for s in secrets for enc in ENCODINGS.values() for p in pieces(enc(s)) if p.lower() in low}


_ascii = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=8, max_size=48)
_any = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x2FF, blacklist_categories=("Cs",)), min_size=8, max_size=48
)
_filler = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F, blacklist_categories=("Cs",)), max_size=700)


def _client(kind: str, secret: str, user: str, body: dict, status: int) -> ApiClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    transport = httpx.MockTransport(answer)
    if kind == "api_key":
        return ApiClient(
            System.EMARKETEER,
            limits=LIMITS,
            base_url="https://em.example",
            transport=transport,
            auth_headers={EF.API_KEY_HEADER: secret},
            secrets=(secret,),
            vendor_message=EF.vendor_message,
        )
    auth = BasicAuth(user, secret) if kind == "password" else BearerAuth(secret)
    return ApiClient(
        System.SUPEROFFICE,
        limits=LIMITS,
        base_url="https://so.example/api",
        transport=transport,
        auth_headers={"Authorization": auth.header()},
        secrets=auth.secrets(),
        vendor_message=SF.vendor_message,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["api_key", "password", "token"]),
    data=st.data(),
    before=_filler,
    after=_filler,
    encoding=st.sampled_from(sorted(ENCODINGS)),
    pair=st.booleans(),
    cut=st.data(),
    status=st.sampled_from([400, 422, 409, 418]),
)
def test_r19_no_piece_of_a_secret_the_vendor_echoes_reaches_the_error(
    kind, data, before, after, encoding, pair, cut, status
):
    secret = data.draw(_any if kind == "password" else _ascii, label="secret")
    user = "crm-admin"
    echoed = f"{user}:{secret}" if kind == "password" and pair else secret
    form = ENCODINGS[encoding](echoed)
    # Any part of it, at any offset of a message of any length (a vendor may cut its own echo too).
    start = cut.draw(st.integers(0, max(0, len(form) - 8)), label="start")
    end = cut.draw(st.integers(min(len(form), start + 8), len(form)), label="end")
    text = before + form[start:end] + after
    message = _error_for(kind, secret, user, text, status)
    # The app's own words may share 8 letters with a drawn secret ('SUPEROFF' and "SuperOffice rejected"): what
    # the same error says when the vendor echoes nothing is not a leak.
    own_words = leaked(_error_for(kind, secret, user, before + after, status), secret, echoed)
    assert not leaked(message, secret, echoed) - own_words, (message, secret)


def _error_for(kind: str, secret: str, user: str, text: str, status: int) -> str:
    client = _client(kind, secret, user, {"message": text, "Message": text, "error": text}, status)
    with pytest.raises(ConnectorError) as info:
        client.get("/anything")
    return info.value.user_message + " " + str(getattr(info.value, "vendor_message", "") or "")


@given(secret=_any, before=_filler, after=_filler)
@settings(max_examples=200, deadline=None)
def test_r19_a_secret_in_any_encoding_is_masked_in_free_text(secret, before, after):
    redactor = Redactor([secret])
    for encode in ENCODINGS.values():
        assert not leaked(redactor.scrub(before + encode(secret) + after), secret)


def test_short_secrets_are_masked_whole_and_case_is_ignored():
    r = Redactor(["abc123"])
    assert r.scrub("key abc123 and ABC123") == "key *** and ***"
    assert Redactor(["x"]).scrub("short x") == "short x"


# ------------------------------------------------------------------ end to end: every output of a run


def test_r19_an_echoed_api_key_cut_by_the_message_limit_leaves_nothing_in_any_output(tmp_path):
    """A vendor repeats secrets so that a 300-character cut made first would end inside one (the old order)."""
    from cli_support import API_KEY, PASSWORD, cli_env, run_cli, start_servers

    from desktop_app.simulators import Fault

    so, em = start_servers(contacts=1)
    data_dir = tmp_path / "d"
    try:
        long_key = API_KEY + "-and-then-some-more-of-it"
        em.api_keys.add(long_key)
        echo = (
            "x" * 280
            + f" key={long_key} password={PASSWORD} basic="
            + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
            + f" url={quote(long_key, safe='')}"
        )
        # SuperOffice echoes its own password and the eMarketeer key it never saw (the run writes to SuperOffice).
        so.faults.add(Fault("status", status=400, method="PUT", times=-1, message=echo))
        env = cli_env(data_dir, so, em, LEGALBASIS_SYNC_EMARKETEER_API_KEY=long_key)
        result = run_cli(env, "sync", "--json")
        history = run_cli(env, "history", "--csv", str(tmp_path / "audit.csv"))
    finally:
        so.stop()
        em.stop()
    out = json.loads(result.stdout)
    assert out["errors"] and "HTTP 400" in out["errors"][0]["reason"], result.stdout
    outputs = {
        "stdout": result.stdout,
        "stderr": result.stderr + history.stderr,
        "log": "".join(p.read_text(encoding="utf-8") for p in data_dir.rglob("*.log*")),
        "export": (tmp_path / "audit.csv").read_text(encoding="utf-8"),
    }
    conn = sqlite3.connect(data_dir / "history.sqlite3")
    outputs["database"] = "\n".join(
        str(row)
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        for row in conn.execute(f"SELECT * FROM {table}").fetchall()
    )
    conn.close()
    assert "HTTP 400" in outputs["database"]
    for name, text in outputs.items():
        assert not leaked(text, long_key, PASSWORD, f"admin:{PASSWORD}"), name
    assert list(csv.reader(open(tmp_path / "audit.csv", encoding="utf-8")))
