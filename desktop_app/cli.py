"""The command line of shared/CLI.md: the window, `--demo`, `sync`, `history`, `review`, `simulators`; exit codes 0-3.

Errors a person can act on are told in one sentence on stderr, never as a traceback; anything
unexpected is one sentence plus the log file that holds the traceback. Heavy modules (Qt, the
engine, the connectors) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import logging
import os
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from . import __version__, paths
from .config import AppConfig, ConfigError, resolve_config
from .errors import AppError
from .log_file import setup_logging
from .redaction import scrub
from .secrets import KeyringUnavailable, default_secret_store
from .sync.credentials import HELP_TEXT as ONLINE_HELP  # light: config and secrets only, no engine or httpx
from .sync.credentials import HeadlessSignIn, headless_sign_in
from .sync.stopping import StopRequested, stop_raises

PROG = "legalbasis-sync"
EXIT_OK, EXIT_STOPPED, EXIT_USAGE, EXIT_HELD = 0, 1, 2, 3

log = logging.getLogger(__name__)


class UsageError(AppError):
    """The command line itself is wrong."""

    exit_code = EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one sentence on stderr and exit 2 instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help).")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Keeps the GDPR legal basis of every contact in step between SuperOffice CRM and eMarketeer. "
        "With no command, opens the window.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window against the built-in simulators, with sample contacts and a throw-away data directory",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sync = commands.add_parser(
        "sync",
        help="run one sync now",
        description="Run one sync now (trigger: manual).",
        epilog=environment_help() + "\n\n" + textwrap.fill(ONLINE_HELP, 100),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sync.add_argument("--dry-run", action="store_true", help="compute and show every decision, write nothing")
    sync.add_argument(
        "--only", action="append", default=[], metavar="EMAIL", help="limit the run to this address (repeatable)"
    )
    sync.add_argument("--json", action="store_true", help="print the run as one JSON object on stdout")
    sync.add_argument(
        "--allow-mass-change",
        action="store_true",
        help="let this one run past the mass-change brake (R23): without it, a run that would change "
        "more legal bases than the brake's limits writes nothing and exits 3",
    )

    review = commands.add_parser(
        "review",
        help="decisions held for a person (R24) and flapping pairs (R25); answer them",
        description="List the decisions held for a person (a positive basis that would be written over a "
        "withdrawal, R24) and the pairs the app stopped writing because something keeps changing them "
        "back (R25); approve or keep held decisions, clear flapping pairs. An answer is recorded with "
        "your user name and carried out by the next sync, as long as neither side changed since.",
    )
    review.add_argument("--json", action="store_true", help="print the list as one JSON object on stdout")
    review.add_argument(
        "--approve",
        action="append",
        default=[],
        metavar="EMAIL[:PURPOSE]",
        help="approve writing the positive basis (repeatable; PURPOSE: store or marketing)",
    )
    review.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="EMAIL[:PURPOSE]",
        help="keep withdrawn: withdrawn is written to the side that holds the positive basis (repeatable)",
    )
    review.add_argument("--approve-all", action="store_true", help="approve every held decision")
    review.add_argument(
        "--clear",
        action="append",
        default=[],
        metavar="EMAIL[:PURPOSE]",
        help="clear a flapping pair once its cause is fixed; the next sync may write it again (repeatable)",
    )

    history = commands.add_parser(
        "history",
        help="past runs, one run's decisions, CSV and Excel export",
        description="List past runs, or one run's decisions; export the audit trail.",
    )
    history.add_argument("--run", type=_positive_int, metavar="N", help="show the decisions of run N")
    history.add_argument(
        "--csv",
        metavar="FILE",
        help="export the audit trail (of run N with --run) to FILE as CSV (UTF-8 with a byte-order "
        "mark, times in UTC) for scripts",
    )
    history.add_argument(
        "--xlsx",
        metavar="FILE",
        help="export the audit trail (of run N with --run) and the sends' recipients to FILE as an "
        "Excel workbook: one row per change, dates in this computer's time zone",
    )
    history.add_argument(
        "--contact",
        metavar="EMAIL",
        help="one contact's whole record: both systems' values as last seen, every change the app "
        "made with rule and reason, every person's answer (R24), the sends it was in or left "
        "out of",
    )
    history.add_argument("--pdf", metavar="FILE", help="with --contact: write the record as a PDF report to FILE")
    history.add_argument(
        "--language", choices=("en", "sv"), help="with --contact: the report's language (default: English)"
    )
    history.add_argument(
        "--sends-csv",
        metavar="FILE",
        help="export every send's recipients (of run N with --run): who was sent to, who was "
        "left out and why, linked to the send-time sync run",
    )

    simulators = commands.add_parser(
        "simulators",
        help="run both vendor simulators in the foreground",
        description="Run the SuperOffice and eMarketeer simulators on loopback "
        "and print their base URLs; Ctrl+C stops them.",
    )
    simulators.add_argument("--superoffice-port", type=_port, default=0, metavar="P", help="port (0: any free one)")
    simulators.add_argument("--emarketeer-port", type=_port, default=0, metavar="Q", help="port (0: any free one)")
    simulators.add_argument(
        "--contacts", type=_non_negative_int, default=1000, metavar="N", help="number of sample contacts (default 1000)"
    )
    simulators.add_argument("--seed", type=int, default=1, metavar="S", help="random seed for the sample data")

    health = commands.add_parser(
        "health",
        help="for monitoring: has a sync succeeded recently?",
        description='Exit 0 when a sync has finished successfully within the stale window (the setting "Warn '
        'if no sync succeeds for", default 6 hours) or the sync is off; else exit 1 with one '
        "sentence. For a systemd timer, cron or a monitoring agent.",
    )
    health.add_argument(
        "--json", action="store_true", help='print {"ok", "last_success", "last_status", "message"} on stdout'
    )

    check = commands.add_parser(
        "check",
        help="check the setup against both services, writing nothing",
        description="Check the setup against SuperOffice and eMarketeer without writing anything: each item ok, or "
        "one sentence saying what is wrong and what to do. Exit 0 when every item is ok, 1 otherwise.",
        epilog=ONLINE_HELP,
    )
    check.add_argument("--json", action="store_true", help="print the result as one JSON object on stdout")
    check.add_argument(
        "--diagnostics",
        metavar="FILE",
        help="also write the support file (a zip: versions, settings without secrets, the last runs, "
        "this check, one redacted answer of every endpoint) to FILE",
    )

    commands.add_parser(
        "keyring-check",
        help="check that the system keyring stores and reads a secret",
        description="Store, read back and delete a random test secret in the system keyring "
        "(under a throw-away service name, never the app's own entries) and print "
        "the keyring backend in use. Exit 0 when it works, 1 with the reason when not.",
    )
    _add_send_parser(commands)
    return parser


def _add_send_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    send = commands.add_parser(
        "send",
        help="send an e-mail or SMS after the Checklist; scheduled sends",
        description="Send an eMarketeer e-mail or SMS component after a sync of its recipients (the Checklist: "
        "who is sent to, who is left out and why), now or at a given time; send the scheduled sends "
        "that are due, after a fresh sync (for servers); list, cancel or resume sends.",
        epilog=ONLINE_HELP,
    )
    send.add_argument("--channel", choices=("email", "sms"), help="e-mail or SMS")
    send.add_argument("--component", type=_positive_int, metavar="N", help="the eMarketeer component (message) id")
    send.add_argument("--to", action="append", default=[], metavar="EMAIL", help="a recipient (repeatable)")
    send.add_argument(
        "--file", metavar="CSV", help="recipients from a CSV file (an email column, or the first column with addresses)"
    )
    send.add_argument("--list", type=_positive_int, metavar="ID", help="recipients from an eMarketeer contact list")
    send.add_argument(
        "--at",
        metavar="ISO",
        help="schedule for this time (e.g. 2026-06-01T09:00+02:00; without a zone: this machine's local time)",
    )
    send.add_argument(
        "--dry-run", action="store_true", help="show the Checklist from a sync that writes nothing; send nothing"
    )
    send.add_argument("--yes", action="store_true", help="launch without asking")
    send.add_argument(
        "--send-again",
        action="store_true",
        help="also send to recipients that a send of this message reached in the last 24 hours (left out by default)",
    )
    send.add_argument("--json", action="store_true", help="print the result as one JSON object on stdout")
    send.add_argument(
        "--due",
        action="store_true",
        help="send every scheduled send that is due, each after a fresh sync of its recipients",
    )
    send.add_argument("--list-scheduled", action="store_true", help="list the scheduled sends")
    send.add_argument("--cancel", type=_positive_int, metavar="ID", help="cancel scheduled send ID")
    send.add_argument(
        "--resume",
        type=_positive_int,
        metavar="ID",
        help="send what a stopped send did not send yet, after a fresh check (never resends "
        "accepted or unknown recipients)",
    )


MAX_ID = 2**63 - 1  # the database's largest integer: a larger run or send number is a mistyped one


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    if value > MAX_ID:
        raise argparse.ArgumentTypeError(f"must be a whole number of at most {MAX_ID}, not {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 0, not {text!r}")
    return value


def _port(text: str) -> int:
    value = _int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, not {text!r}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


# -- entry points


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The console command: parse, run, and turn every failure into an exit code and one sentence."""
    if out is None and sys.stdout is not None:
        _replace_unencodable(sys.stdout)
    if err is None and sys.stderr is not None:
        _replace_unencodable(sys.stderr)
    out = out or sys.stdout or _devnull()  # sys.stdout is None in a windowed (pythonw, frozen) process
    err = err or sys.stderr or _devnull()
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _say(cast(TextIO, ReaderGuard(err)), exc.user_message)  # a closed stderr does not turn exit 2 into 1
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    setup_logging()
    # R19's last line of defence: whatever a command prints passes through the secrets this process knows.
    scrubbed_out, scrubbed_err = ScrubbingWriter(out), ScrubbingWriter(err)
    try:
        # A ScrubbingWriter is a TextIO by delegation (its __getattr__), which mypy cannot see.
        return _run(args, cast(TextIO, scrubbed_out), cast(TextIO, scrubbed_err))
    finally:
        scrubbed_out.flush()
        scrubbed_err.flush()


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        return _dispatch(args, out, err)
    except KeyboardInterrupt:
        _say(err, "Stopped by the user.")
        return EXIT_STOPPED
    except StopRequested as exc:  # SIGTERM, SIGHUP, a console closing while an export was written (`_dispatch`)
        log.warning("Export stopped by %s", exc.what)
        _say(err, _stopped_sentence(args, exc))
        return EXIT_STOPPED
    except Exception as exc:
        known = describe_known_error(exc)
        if known is None:
            return report_unexpected(exc, err)
        message, code = known
        log.warning("%s (exit %d)", message, code)
        _say(err, message)
        if getattr(args, "json", False) and args.command in ("sync", "send"):
            _json_outcome(out, args.command, _never_started(exc), message)
        return code


def _stopped_sentence(args: argparse.Namespace, exc: StopRequested) -> str:
    """What a stop request left of the file the command writes. `check --diagnostics` writes its zip only once the
    check is done: a stop before that wrote nothing and left a file already there as it was."""
    from .sync.diagnostics import StoppedWhileWriting

    if args.command == "check" and not isinstance(exc, StoppedWhileWriting):
        target = Path(args.diagnostics)
        left = f", and the existing {target} was left as it was" if target.exists() else ""
        return f"Stopped by {exc.what} before the check was finished; no diagnostics file was written{left}."
    return f"Stopped by {exc.what} before the export was finished; the file being written was not kept."


def gui_main() -> int:
    """The gui-scripts entry (no console on Windows): same commands, opens the window by default."""
    if sys.stdout is None:  # pythonw: print() and argparse's --help would fail
        sys.stdout = _devnull()
    if sys.stderr is None:
        sys.stderr = _devnull()
    return main()


def _devnull() -> TextIO:
    return open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process


def _replace_unencodable(stream: TextIO) -> None:
    """A console or redirect that is not UTF-8 (Windows' cp1252, an ISO-8859-1 locale) gets "?" for a character it
    cannot hold (the check's ✓ and ✗, an address such as ﬁona@) instead of a UnicodeEncodeError ending the command."""
    if getattr(stream, "errors", None) == "strict" and isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="replace")


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command is None:
        return _open_window(demo=args.demo)
    if args.demo:
        raise UsageError(f"{PROG}: --demo opens the window and cannot be combined with a command (see {PROG} --help).")
    command = {
        "sync": _sync,
        "history": _history,
        "review": _review,
        "health": _health,
        "simulators": _simulators,
        "keyring-check": _keyring_check,
        "send": _send,
        "check": _check,
    }[args.command]
    if _writes_a_file(args):
        # SIGTERM (systemd, `timeout`), SIGHUP or a console closing mid-export: StopRequested unwinds the writing, so
        # no hidden half-written file of personal data is left beside the target (store/files.py `replacing`).
        with stop_raises():
            return _with_notices(command, args, out, err)
    return _with_notices(command, args, out, err)


def _with_notices(
    command: Callable[[argparse.Namespace, TextIO, TextIO], int], args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    if args.command in ("sync", "send", "check"):
        from .connectors.http import long_retry_notices

        # A vendor answering 429 or 503 for long: one line on stderr, once per vendor (issue 13 pt 6).
        with long_retry_notices(lambda notice: _say(err, notice.sentence())):
            return command(args, out, err)
    return command(args, out, err)


def _writes_a_file(args: argparse.Namespace) -> bool:
    if args.command == "history":
        return any(getattr(args, name, None) for name in ("csv", "xlsx", "sends_csv", "pdf"))
    return args.command == "check" and bool(args.diagnostics)


def _open_window(demo: bool) -> int:
    problem = display_problem(os.environ)
    if problem is not None:  # Qt would abort with a page of its own; one sentence instead
        _say(sys.stderr or _devnull(), problem)
        return EXIT_STOPPED
    # Imported here: the headless commands never load Qt's widgets.
    from .ui.shell import app as ui_app

    return int(ui_app.run(demo=demo) or 0)


def _sync(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = load_config()
    reason = config.off_reason()
    if reason is not None:
        message = (
            NOTHING_CONFIGURED
            if nothing_configured(config.data_dir, os.environ)
            else f"Legal basis sync is off ({reason}), so nothing was synced."
        )
        _say(err, message)
        if args.json:
            _json_outcome(out, "sync", "off", message)
        return EXIT_OK
    sign_in = _headless_sign_in(config, err)  # a missing setting is told before the run lock is taken
    from .sync.commands import run_sync_command

    return run_sync_command(args, config, sign_in.renew, out, err)


def _send(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = load_config()
    from .sending.commands import run_send_command

    return run_send_command(args, config, lambda store: _headless_sign_in(config, err).renew(store), out, err)


def _headless_sign_in(config: AppConfig, err: TextIO) -> HeadlessSignIn:
    """The run's secrets, checked; `renew` renews SuperOffice Online's access token with the refresh token first,
    honouring and keeping a vendor's pause when given the history (sync/credentials)."""
    return headless_sign_in(config, default_secret_store(), notice=lambda message: _say(err, message))


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`check [--json] [--diagnostics FILE]` (shared/CLI.md): exit 0 when every item is ok, 1 otherwise."""
    if args.diagnostics is not None and not args.diagnostics.strip():
        raise UsageError(f"{PROG} check: --diagnostics needs a file name (see {PROG} check --help).")
    try:
        config = load_config()
    except (ConfigError, paths.DataDirError) as exc:
        if args.json:  # shared/CLI.md: still the one object, its Settings item naming the setting at fault (exit 2)
            from .sync.setup_check import SETTINGS, CheckItem, CheckResult

            item = CheckItem(SETTINGS, False, one_sentence(exc.user_message))
            json.dump(CheckResult((item,)).to_json(), out, ensure_ascii=False)
            out.write("\n")
        raise
    credentials, problem, pauses = None, None, None
    try:
        # A vendor's pause kept in the history (or asked for by the token endpoint now): that vendor is asked nothing.
        credentials, pauses = _headless_sign_in(config, err).for_check(config.data_dir)
    except (ConfigError, KeyringUnavailable) as exc:
        problem = one_sentence(exc.user_message)
    except Exception as exc:  # e.g. the Online sign-in could not be renewed: one sentence, as an item
        known = describe_known_error(exc)
        if known is None:
            raise
        problem = known[0]
    from .sync.setup_check import check_setup

    samples: dict[str, Any] | None = {} if args.diagnostics else None
    result = check_setup(config, credentials, credentials_error=problem, samples=samples, pauses=pauses)
    unwritten: UsageError | None = None
    if args.diagnostics:
        from .sync.diagnostics import write_diagnostics

        try:
            written = write_diagnostics(
                args.diagnostics,
                config,
                credentials,
                credentials_error=problem,
                check=result,
                samples=samples,
                pauses=pauses,
            )
        except OSError as exc:
            unwritten = UsageError(_diagnostics_unwritten(args.diagnostics, exc))
        else:
            _say(err, f"Diagnostics written to {written} (no secrets; addresses and names replaced).")
    if args.json:
        json.dump(result.to_json(), out, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(result.text())
    if unwritten is not None:  # the check ran and is printed (`--json`: its one object); the file is a usage error
        raise unwritten
    return EXIT_OK if result.ok else EXIT_STOPPED


def _diagnostics_unwritten(target: str, exc: OSError) -> str:
    """The sentence for a support zip that could not be written, naming the real culprit (sync/diagnostics)."""
    if isinstance(exc, IsADirectoryError):
        example = Path(target) / "diagnostics.zip"
        return f"The diagnostics file {target} is a folder; give a file name in it, such as {example}."
    if isinstance(exc, NotADirectoryError) and exc.filename:
        return f"The diagnostics file {target} could not be written: {exc.filename} is a file, not a folder."
    return f"The diagnostics file {target} could not be written: {(exc.strerror or str(exc)).lower()}."


def _history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for option, name in (
        ("--csv", args.csv),
        ("--xlsx", args.xlsx),
        ("--sends-csv", args.sends_csv),
        ("--pdf", args.pdf),
    ):
        if name is not None and not name.strip():  # not a silent listing instead of the export asked for
            raise UsageError(f"{PROG} history: {option} needs a file name (see {PROG} history --help).")
    if args.contact is None and (args.pdf or args.language):
        raise UsageError(f"{PROG} history: --pdf and --language go with --contact EMAIL (see {PROG} history --help).")
    if args.contact is not None and (args.run is not None or args.csv or args.sends_csv or args.xlsx):
        raise UsageError(
            f"{PROG} history: --contact cannot be combined with --run, --csv, --sends-csv or --xlsx "
            f"(see {PROG} history --help)."
        )
    config = load_config()
    if args.contact is not None:
        from .report.commands import run_contact_command

        return run_contact_command(args, config, out, err, use_language=_use_language)
    from .sync.commands import run_history_command

    return run_history_command(args, config, out, err)


def _review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = load_config()
    from .sync.review_command import run_review_command

    return run_review_command(args, config, out, err)


def _health(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """shared/CLI.md `health [--json]`: exit 0 healthy (or the sync is off), 1 stale, with one sentence on stderr.

    With --json every outcome prints the object, a bad configuration or an unreadable history too (ok false)."""
    import json

    from .sync.health import EXIT_HEALTHY, EXIT_STALE, assess, read_runs

    try:
        config = load_config()
        health = assess(
            read_runs(Path(config.data_dir)),
            sync_on=config.sync_on,
            off_reason=config.off_reason(),
            stale_after_hours=config.stale_after_hours,
        )
    except Exception as exc:
        known = describe_known_error(exc)
        if args.json and known is not None:
            json.dump({"ok": False, "last_success": None, "last_status": None, "message": known[0]}, out)
            out.write("\n")
        raise
    if args.json:
        json.dump(health.to_json(), out, ensure_ascii=False)
        out.write("\n")
    if not health.ok:
        log.warning("Health check: %s", health.message)
    if not args.json or not health.ok:
        _say(err, health.message)
    return EXIT_HEALTHY if health.ok else EXIT_STALE


def _use_language(language: str) -> None:
    """The report's language: our Swedish catalogue and the locale's formats (needs the Qt application made)."""
    from .ui import translation

    translation.install(language)


def _simulators(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .simulators import run_foreground

    try:
        run_foreground(
            superoffice_port=args.superoffice_port,
            emarketeer_port=args.emarketeer_port,
            contacts=args.contacts,
            seed=args.seed,
            out=out,
        )
    except KeyboardInterrupt:
        return EXIT_OK  # Ctrl+C is how the simulators are meant to stop
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise UsageError(
                f"The simulators could not listen on the requested port: {(exc.strerror or str(exc)).lower()}."
            ) from None
        raise
    return EXIT_OK  # run_foreground returns when stopped


def _keyring_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """A diagnostic (frozen builds lose keyring backends the spec does not name): exit 1 when the keyring fails."""
    from .secrets import check_keyring

    try:
        backend = check_keyring()
    except KeyringUnavailable as exc:
        log.warning("Keyring check failed: %s", exc.user_message)
        _say(err, one_sentence(exc.user_message))
        return EXIT_STOPPED
    _say(out, f"The system keyring works: a test secret was stored, read back and deleted (backend: {backend}).")
    return EXIT_OK


NOTHING_CONFIGURED = (
    f"Nothing is configured yet, so nothing was synced: open the window ({PROG}) and fill in "
    f"Settings, or set the LEGALBASIS_SYNC_* variables ({PROG} sync --help lists them)."
)


def nothing_configured(data_dir: Path, environ: Mapping[str, str]) -> bool:
    """No setting saved from the window and none in the environment: a fresh install, not a switched-off sync."""
    from .config import SETTINGS

    if any(s.env and environ.get(s.env, "").strip() for s in SETTINGS):
        return False
    return not saved_settings(data_dir)


def environment_help() -> str:
    """The environment variables a headless command reads (shared/CLI.md), for `sync --help`."""
    from .config import SETTINGS
    from .secrets import SECRET_ENVIRONMENT, SECRET_LABELS

    rows = [("LEGALBASIS_SYNC_DATA_DIR", "the data directory (database, logs)")]
    rows += [(s.env, s.label) for s in SETTINGS if s.env]
    rows += [(variable, f"{SECRET_LABELS.get(name, name)} (a secret)") for name, variable in SECRET_ENVIRONMENT.items()]
    width = max(len(variable) for variable, _ in rows) + 2
    return "\n".join(
        ["environment variables (they override the settings saved from the window; secrets are used, never stored):"]
        + [f"  {variable.ljust(width)}{meaning}" for variable, meaning in rows]
    )


def display_problem(
    environ: Mapping[str, str], platform: str | None = None, find_library: Callable[[str], str | None] | None = None
) -> str | None:
    """Why the window cannot open here, in one sentence; None when it can (or Qt's platform is chosen explicitly)."""
    platform = platform or sys.platform
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return (
            f"{PROG}: there is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            f"start it from a desktop session, or use a headless command ({PROG} --help)."
        )
    if not environ.get("WAYLAND_DISPLAY"):
        import ctypes.util

        if (find_library or ctypes.util.find_library)("xcb-cursor") is None:
            return (
                f"{PROG}: the window needs the library libxcb-cursor0 to open on X11; install it (on Debian or "
                "Ubuntu: sudo apt-get install libxcb-cursor0) and start again."
            )
    return None


def _is_lock_held(exc: BaseException) -> bool:
    from .sync.lock import LockHeld

    return isinstance(exc, LockHeld) or "already running" in str(getattr(exc, "user_message", ""))


def _never_started(exc: BaseException) -> str:
    """`--json`'s status for a run that never started: a vendor's pause (SuperOffice's token endpoint asking for a
    long wait before the run) says `stopped`, as the runs after it that the pause skips do (shared/CLI.md)."""
    from .connectors.errors import PauseRequestedError

    if _is_lock_held(exc):
        return "locked"
    return "stopped" if isinstance(exc, PauseRequestedError) else "failed"


def _json_outcome(out: TextIO, command: str, status: str, message: str) -> None:
    """A run (or send) that never started, as the one JSON object `--json` promises (shared/CLI.md)."""
    import json

    key = "run_id" if command == "sync" else "send_id"
    json.dump({key: None, "status": status, "message": message}, out, ensure_ascii=False)
    out.write("\n")


def load_config(environ: Mapping[str, str] | None = None) -> AppConfig:
    """Settings for a headless command: defaults, then what the window saved, then the environment."""
    env = os.environ if environ is None else environ
    data_dir = paths.data_dir(env)
    return resolve_config(saved_settings(data_dir), env, data_dir)


def saved_settings(data_dir: Path) -> Mapping[str, object]:
    """What the window saved (read-only: a headless command never creates or migrates the database)."""
    from .store import read_settings

    return read_settings(data_dir)


# -- errors


def describe_known_error(exc: BaseException) -> tuple[str, int] | None:
    """(one sentence, exit code) for an error a person can act on; None for a bug.

    Known: every AppError (our configuration, keyring, connector, store, lock and sending errors)
    and anything else carrying a `user_message`. Exit 2 for configuration, 1 for a run that stopped.
    """
    if isinstance(exc, (ConfigError, KeyringUnavailable, UsageError, paths.DataDirError)):
        return one_sentence(exc.user_message), EXIT_USAGE
    from .connectors.errors import ConfigurationError

    message = getattr(exc, "user_message", None)
    if not (isinstance(message, str) and message.strip()) and not isinstance(exc, AppError):
        return None
    text = message if isinstance(message, str) and message.strip() else (str(exc) or type(exc).__name__)
    code = getattr(exc, "exit_code", None)
    if code not in (EXIT_STOPPED, EXIT_USAGE):
        is_config = isinstance(exc, (ConfigError, KeyringUnavailable, UsageError, ConfigurationError))
        code = EXIT_USAGE if is_config else EXIT_STOPPED
    return one_sentence(text), code


def report_unexpected(exc: BaseException, err: TextIO) -> int:
    """A bug: the traceback goes to the log file, the person gets one sentence saying where."""
    log_path = setup_logging()
    log.error("Unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    if log_path is not None:
        for handler in logging.getLogger().handlers:
            handler.flush()
        _say(err, f"Unexpected error ({type(exc).__name__}); the details were written to {log_path}.")
    else:
        _say(err, f"Unexpected error ({type(exc).__name__}); no log file could be written in the data directory.")
    return EXIT_STOPPED


def one_sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


class ReaderGuard:
    """Writes to a stream whose reader may leave early (`legalbasis-sync history | head -1`, a closed pipe): from the
    first BrokenPipeError on, the rest goes nowhere and the command goes on to its own exit code. The stream's file
    descriptor is pointed at the null device (the Python docs' note on SIGPIPE), so the interpreter's last flush at
    exit does not fail either."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> None:
        self._guarded(lambda: self._stream.write(text))

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    def _guarded(self, action: Callable[[], object]) -> None:
        if self.reader_gone:
            return
        try:
            action()
        except BrokenPipeError:
            self.reader_gone = True
            log.info("The reader of the output left before the end; the rest of it is not shown")
            try:
                fd = self._stream.fileno()
            except (OSError, ValueError):  # not a file (a StringIO): nothing of it is flushed at exit
                return
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, fd)
            finally:
                os.close(devnull)


class ScrubbingWriter:
    """A text stream that masks known secrets (redaction.KNOWN) line by line before they reach the real one; a reader
    that leaves early ends the output, not the command (ReaderGuard)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._guard = ReaderGuard(stream)
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            complete, _, self._pending = self._pending.rpartition("\n")
            self._guard.write(scrub(complete + "\n"))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._guard.write(scrub(self._pending))
            self._pending = ""
        self._guard.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _say(stream: TextIO, message: str) -> None:
    stream.write(message + "\n")
    stream.flush()
