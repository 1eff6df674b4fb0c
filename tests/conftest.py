"""Test set-up: offscreen Qt, a fresh data directory per test, never the user's own settings or keyring."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No test reaches a real keyring through keyring's auto-detection (subprocesses inherit this too):
# the code under test sees "no usable keyring". The Secret Service test names its backend itself.
FAIL_KEYRING = "keyring.backends.fail.Keyring"
os.environ["PYTHON_KEYRING_BACKEND"] = FAIL_KEYRING

import pytest  # noqa: E402 - after the keyring variable, which keyring reads at import
from hypothesis import Phase, settings  # noqa: E402

# Hypothesis profiles. "default" is CI's: small enough that the engine's model-based test
# (test_engine_model.py) stays under a minute on a busy 2-core machine; tests that pin their own
# counts (test_domain_properties.py) keep them. "long" is for a run by hand:
#   bash tools/test.sh tests/test_engine_model.py --hypothesis-profile=long
settings.register_profile(
    "default", max_examples=12, stateful_step_count=25, deadline=None, database=None, print_blob=True
)
settings.register_profile(
    "long", max_examples=100_000, stateful_step_count=60, deadline=None, database=None, print_blob=True
)
# Hypothesis loads its own "ci" profile (100 examples) where CI is set: CI runs "default"'s sizes instead,
# derandomized so a failure there is the same failure on a developer's machine with CI=true. CI does not
# shrink: shrinking an example of the model test can outlast pytest's timeout, which then hides the failure;
# unshrunk, it is reported at once with its reproduce blob. To shrink it by hand:
#   CI=true bash tools/test.sh tests/test_engine_model.py -n 0 --timeout=0 --hypothesis-profile=ci-shrink
settings.register_profile(
    "ci", settings.get_profile("default"), derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
settings.register_profile("ci-shrink", settings.get_profile("default"), derandomize=True)


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's addopts): two workers per core. A test mostly waits (on a command-line subprocess, a
    simulator's answer, a Qt timer), so twice the cores keeps the CPU busy; more only adds start-up imports."""
    return 2 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """Every test gets its own data directory and no LEGALBASIS_SYNC_* settings from the outside."""
    for name in list(os.environ):
        if name.startswith("LEGALBASIS_SYNC_"):
            monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("LEGALBASIS_SYNC_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FAIL_KEYRING)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    yield data_dir


@pytest.fixture
def small_demo(_isolated_environment):
    """The demo world (both simulators, 20 sample contacts, seed 5) with its settings saved: what a window test opens
    the window on (`MainWindow(WindowContext(small_demo.data_dir, small_demo.secret_store, {}, demo=small_demo))`)."""
    from desktop_app.demo import DemoEnvironment
    from desktop_app.store import Store

    env = DemoEnvironment.start(_isolated_environment, contacts=20, seed=5)
    with Store.open(env.data_dir) as store:
        store.save_settings(env.settings)
    yield env
    env.stop()


@pytest.fixture(autouse=True)
def _forget_known_secrets():
    """Every HTTP client adds its secrets to the process's redaction list (R19); each test starts with none."""
    yield
    from desktop_app.redaction import KNOWN

    KNOWN.clear()


@pytest.fixture(autouse=True)
def _unfrozen_heap():
    """A run freezes the heap until its end (sync.memory.pause_full_collections); the next test starts unfrozen."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture
def world(tmp_path):
    """Both simulators on loopback (clocks frozen at T0), the real connectors and a store directory."""
    from engine_support import simulated_world

    with simulated_world(tmp_path) as w:
        yield w


@pytest.fixture
def stockholm(monkeypatch):
    """This computer's zone is Stockholm, as on the admin's PC (local times, and exports made with zone=None)."""
    import time

    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
