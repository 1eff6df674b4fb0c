"""`python -m desktop_app` (and the frozen app's entry script): the command line of shared/CLI.md."""

import sys

if not __package__ and not getattr(sys, "frozen", False):
    # Run as a plain script (`python desktop_app/__main__.py`): the script's own folder would come first
    # on sys.path and our `secrets` module would shadow the standard library's. A frozen app has no such
    # folder on its path (PyInstaller adds the package's parent, not the package), so it is left alone.
    from pathlib import Path

    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

from desktop_app.cli import gui_main, main

if __name__ == "__main__":
    # The frozen windowed executable (legalbasis-sync-gui on Windows) has no stdout or stderr: gui_main gives
    # it somewhere to write, as the pip gui-scripts entry does; otherwise exactly the console command.
    sys.exit(gui_main() if sys.stdout is None or sys.stderr is None else main())
