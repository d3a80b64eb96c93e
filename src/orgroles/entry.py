"""The console script's first module: Ctrl-C is answered before anything heavy is imported.

Importing typer, rich and pydantic takes tens of milliseconds; a Ctrl-C then used to print a Python
traceback from the middle of an import. Until cli.main is inside its own error handling, Ctrl-C ends the
run at once with the documented line and exit 130 (nothing has been written yet, so nothing is lost).
"""

from __future__ import annotations

import os
import signal
from types import FrameType

INTERRUPTED = 130


def _interrupted_while_starting(signum: int, frame: FrameType | None) -> None:
    os.write(2, b"orgroles: interrupted\n")
    os._exit(INTERRUPTED)


signal.signal(signal.SIGINT, _interrupted_while_starting)  # at import: the script wrapper imports us first


def main() -> None:
    """Console-script entry: import the command line, then run it (it takes Ctrl-C over from here)."""
    from orgroles.cli import main as run

    run()
