"""R19 for 403 answers: the connectors' own 403 readers (`_explain`) quote the vendor's text without redaction."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from desktop_app.connectors.errors import ConnectorError
from desktop_app.connectors.http import RequestLimits
from desktop_app.connectors.superoffice import BearerAuth, SuperOfficeConnector
from desktop_app.simulators import EmarketeerSimulator, Fault, SimClock, SuperOfficeSimulator

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
LIMITS = RequestLimits(
    requests_per_second=1000.0, timeout=1.0, max_retries=1, backoff_base=0.001, backoff_max=0.01, answer_deadline=2.0
)
TOKEN = "so-token-8f3kQ2mZx7LpR4vN9wYt"
API_KEY = "em-key-5Jd8Hq2WzP0xLr7VnB3c"


def _pieces(secret: str) -> set[str]:
    return {secret[i : i + 8] for i in range(len(secret) - 7)}


def test_superoffice_403_echoing_the_access_token_does_not_put_it_in_the_error():
    """SPEC R19: secrets "never appear in ... logs, exports or error messages"; connectors/errors.py: `.user_message`
    "never a secret"; connectors/http.py `_vendor_text` scrubs every other vendor text ("Redact before shortening").
    api/superoffice.md: error bodies carry `ErrorMessage`, and 403 is the licence / rights answer.

    `SuperOfficeConnector._explain` (superoffice.py ~line 262) builds "SuperOffice said: <ErrorMessage>" from
    `F.vendor_message(body)` cut to 200 characters and never passes it through `self.client.scrub`. A NetServer or
    gateway that quotes the ticket/token in its 403 text puts the live Bearer token into the error the window, the
    run history and the setup check show."""
    sim = SuperOfficeSimulator(clock=SimClock(T0), tokens={TOKEN}).start()
    try:
        sim.faults.add(Fault("status", status=403, times=-1, message=f"Ticket {TOKEN} has no access to ConsentPerson"))
        with SuperOfficeConnector(sim.base_url, BearerAuth(TOKEN), LIMITS, state_url=sim.state_url) as so:
            try:
                so.load_lists()
            except ConnectorError as exc:
                message = exc.user_message
            else:
                raise AssertionError("a 403 was not an error")
    finally:
        sim.stop()
    leaked = {p for p in _pieces(TOKEN) if p in message}
    assert not leaked, message


def test_emarketeer_403_echoing_the_api_key_does_not_reach_the_setup_check(tmp_path):
    """SPEC R19 (never in error messages, exports); api/emarketeer.md "Checked": 403 is the gateway's answer, and
    "Errors raised inside eMarketeer's own code may carry {userMessage, developerMessage}: show `userMessage`".

    `EmarketeerConnector._explain` (emarketeer.py ~line 190) quotes any 403 text other than "Forbidden" /
    "Missing Authentication Token" as `em_403_vendor` without `self.client.scrub`. A 403 whose message repeats
    the x-api-key reaches the setup check's item text (what `check`, the window's Check setup and the diagnostics
    file show the admin) with the full key in it."""
    from desktop_app.config import Credentials, resolve_config
    from desktop_app.sync import setup_check as C

    so = SuperOfficeSimulator(clock=SimClock(), tokens={TOKEN}).start()
    em = EmarketeerSimulator(clock=SimClock(), api_keys={API_KEY}).start()
    try:
        now = datetime.now(timezone.utc)
        person = so.add_person("anna@example.se", registered=now - timedelta(days=30))
        so.set_consent(person, "EMARKETING", "61A", at=now - timedelta(days=3))
        em.add_contact("anna@example.se")
        em.faults.add(
            Fault("status", status=403, times=-1, message=f"API key {API_KEY} is not enabled for consent-public")
        )
        config = resolve_config(
            {
                "crm": "online",
                "enabled": True,
                "superoffice_url": so.base_url,
                "superoffice_state_url": so.state_url,
                "emarketeer_url": em.base_url,
            },
            {},
            data_dir=tmp_path,
        )
        result = C.check_setup(config, Credentials(emarketeer_api_key=API_KEY, superoffice_token=TOKEN))
    finally:
        so.stop()
        em.stop()
    text = result.text()
    leaked = {p for p in _pieces(API_KEY) if p in text}
    assert not leaked, text


def test_the_support_zip_has_no_trace_of_a_password_a_403_echoed(tmp_path):
    """SPEC R19 (never in exports); sync/diagnostics.py's own promise: "any known secret scrubbed", "nothing it
    must not see". The on-site password here holds a double quote and a backslash (a NetServer password may).

    Two faults stack: SuperOfficeConnector._explain does not scrub the 403 text (see above), and the diagnostics
    Redactor (diagnostics.py ~line 82) only does `value.replace(secret, "***")` on the text *after* json.dumps has
    escaped it to `...\\"...\\\\...`, so the escaped password is never matched; it also ignores the process-wide
    redaction list (redaction.KNOWN) and any Base64 or partial form. The admin mails support a zip whose check.json
    carries the SuperOffice password."""
    import json
    import zipfile

    from desktop_app.config import Credentials, resolve_config
    from desktop_app.sync.diagnostics import write_diagnostics

    password = 'Tr0ub4dor"&3\\horse-staple'
    so = SuperOfficeSimulator(clock=SimClock(), users={"admin": password}).start()
    em = EmarketeerSimulator(clock=SimClock(), api_keys={API_KEY}).start()
    try:
        so.faults.add(
            Fault("status", status=403, times=-1, message=f"User admin with password {password} lacks Consent rights")
        )
        config = resolve_config(
            {
                "crm": "onsite",
                "superoffice_url": so.base_url,
                "superoffice_user": "admin",
                "emarketeer_url": em.base_url,
            },
            {},
            data_dir=tmp_path / "data",
        )
        path = write_diagnostics(tmp_path / "d.zip", config, Credentials(API_KEY, superoffice_password=password))
    finally:
        so.stop()
        em.stop()
    with zipfile.ZipFile(path) as archive:
        everything = "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    escaped = json.dumps(password)[1:-1]
    leaked = {p for s in (password, escaped) for p in _pieces(s) if p in everything}
    assert not leaked, [line for line in everything.splitlines() if any(p in line for p in leaked)][:3]


def test_the_diagnostics_redactor_masks_an_escaped_password_and_every_secret_the_process_knows():
    """sync/diagnostics.py: "any known secret scrubbed". A password holding `"` or `\\` is escaped by json.dumps, so a
    plain text replace after dumping never finds it; a key only the process-wide list knows (redaction.KNOWN: every
    HTTP client adds its secrets) was not looked for at all. Each file's content goes through the same steps as in
    write_diagnostics: secrets out of the values, then dumped, then the text scrubbed."""
    import json

    from desktop_app.redaction import KNOWN
    from desktop_app.sync.diagnostics import Redactor

    password = 'Tr0ub4dor"&3\\horse-staple'
    KNOWN.add(API_KEY)
    redactor = Redactor([password])
    content = {"check": [f"User admin with password {password} lacks rights", f"key {API_KEY}"], password: True}
    text = redactor.text(json.dumps(redactor.secrets_out(content), ensure_ascii=False, indent=2))
    escaped = json.dumps(password)[1:-1]
    leaked = {p for s in (password, escaped, API_KEY) for p in _pieces(s) if p in text}
    assert not leaked, text
