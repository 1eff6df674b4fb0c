"""R19 for real: secrets round-trip through the Secret Service (GNOME Keyring over D-Bus), as on a Linux desktop.

tools/test.sh runs the suite inside a private D-Bus session with a throw-away, unlocked keyring
and sets LEGALBASIS_TEST_SECRET_SERVICE=private; only then does this test run, so it never
touches a developer's own keyring. In CI (CI set) it fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from desktop_app.secrets import SECRET_NAMES, SUPEROFFICE_PASSWORD, KeyringSecretStore

pytestmark = pytest.mark.secret_service

PRIVATE_SESSION_FLAG = "LEGALBASIS_TEST_SECRET_SERVICE"


def _require_private_secret_service() -> None:
    in_ci = bool(os.environ.get("CI"))
    problem = None
    if os.environ.get(PRIVATE_SESSION_FLAG) != "private":
        problem = (
            f"{PRIVATE_SESSION_FLAG} is not 'private': the tests were not started by tools/test.sh, "
            "which provides a private D-Bus session with a throw-away GNOME keyring"
        )
    elif not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        problem = "DBUS_SESSION_BUS_ADDRESS is not set: there is no D-Bus session bus to reach the Secret Service"
    if problem is None:
        return
    if in_ci:
        pytest.fail(f"CI must exercise the real Secret Service, but {problem}.", pytrace=False)
    pytest.skip(f"needs the private keyring session of tools/test.sh ({problem})")


@pytest.fixture
def secret_service_store():
    _require_private_secret_service()
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    try:
        backend.priority  # noqa: B018 - raises when the service is not reachable
    except Exception as exc:
        pytest.fail(f"The Secret Service is not usable in this session: {exc}", pytrace=False)
    store = KeyringSecretStore(service=f"legalbasis-sync-test-{uuid.uuid4().hex}", backend=backend)
    yield store
    for name in SECRET_NAMES:
        store.delete(name)


def test_round_trip_through_the_secret_service(secret_service_store):
    store = secret_service_store
    for name in SECRET_NAMES:
        assert store.get(name) is None
        store.set(name, f"value of {name} ÅÄÖ")
    # A second connection (a fresh backend) sees what the first one stored: it is in the service, not in memory.
    from keyring.backends import SecretService

    other = KeyringSecretStore(service=store.service, backend=SecretService.Keyring())
    for name in SECRET_NAMES:
        assert other.get(name) == f"value of {name} ÅÄÖ"
    store.set(SUPEROFFICE_PASSWORD, "changed")
    assert other.get(SUPEROFFICE_PASSWORD) == "changed"
    store.delete(SUPEROFFICE_PASSWORD)
    assert other.get(SUPEROFFICE_PASSWORD) is None
    store.delete(SUPEROFFICE_PASSWORD)  # already gone: no error


def test_keyring_auto_detection_picks_the_secret_service(tmp_path):
    """What the app does at run time: no backend named, keyring chooses; it must choose the Secret Service."""
    _require_private_secret_service()
    service = f"legalbasis-sync-test-{uuid.uuid4().hex}"
    script = f"""
import json
from desktop_app.secrets import KeyringSecretStore, EMARKETEER_API_KEY, backend_name
store = KeyringSecretStore(service={service!r})
store.set(EMARKETEER_API_KEY, "key-123")
value = store.get(EMARKETEER_API_KEY)
store.delete(EMARKETEER_API_KEY)
print(json.dumps({{"backend": backend_name(store.backend), "value": value,
                  "after_delete": store.get(EMARKETEER_API_KEY)}}))
"""
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"backend": "SecretService.Keyring", "value": "key-123", "after_delete": None}
