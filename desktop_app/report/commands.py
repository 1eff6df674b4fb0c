"""`legalbasis-sync history --contact EMAIL [--pdf FILE] [--language en|sv]` (shared/CLI.md): one contact's record."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..domain.email import try_normalise_email
from ..store import Store
from .contact import build_contact_report, contact_report_html, contact_report_text, duplicates_setting

EXIT_OK, EXIT_USAGE = 0, 2


def run_contact_command(
    args,
    config,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    *,
    use_language: Callable[[str], None] | None = None,
) -> int:
    """The record as text on stdout, or with --pdf as a PDF file (Qt's writer; offscreen on a display-less Linux).

    `use_language(language)` installs the Swedish catalogue (the command line passes ui.translation's installer);
    without --language the report is English, like the rest of the command line."""
    address = args.contact.strip()
    if try_normalise_email(address) is None:
        err.write(f"{address!r} is not an e-mail address; give the contact's address, e.g. anna@example.se.\n")
        return EXIT_USAGE
    language = getattr(args, "language", None) or "en"
    pdf = getattr(args, "pdf", None)
    if pdf or language != "en":
        from .pdf import ensure_gui_application

        ensure_gui_application()  # translators and fonts need a Qt application
        if use_language is not None:
            use_language(language)
    with Store.open(Path(config.data_dir)) as store:
        report = build_contact_report(store, address, duplicates=duplicates_setting(config))
    if not pdf:
        out.write(contact_report_text(report) + "\n")
        return EXIT_OK
    from .contact import title
    from .pdf import write_pdf

    path = Path(pdf)
    try:
        pages = write_pdf(contact_report_html(report), path, title=title(report))
    except OSError as exc:
        err.write(f"Could not write {path}: {exc.strerror or exc}.\n")
        return EXIT_USAGE
    noun = "page" if pages == 1 else "pages"
    err.write(
        f"Wrote the record of {report.email} ({pages} {noun}, {len(report.changes)} changes, "
        f"{len(report.sends)} sends) to {path}.\n"
    )
    return EXIT_OK
