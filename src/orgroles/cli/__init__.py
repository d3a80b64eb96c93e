"""The command line: parse, call the core, render, and turn errors into exit codes; the only typer code.

One module per family of commands (browse, classify, teach, charts), all registered on the one app of
common.py; main() is the console script's entry (through orgroles.entry).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

import typer

from orgroles.cli.common import app, say_error, silence_stdout, speaks_utf8

# Each family registers its commands on the app when imported, in the order --help lists them.
for _family in ("browse", "classify", "teach", "charts"):
    import_module(f"orgroles.cli.{_family}")


def _register_only(first: list[str]) -> None:
    """When the first argument names a command, build only that one: typer turns every registered
    command's signature into click parameters at each start, which a one-duty run need not pay for."""
    from typer.main import get_command_name

    chosen = [
        c
        for c in app.registered_commands
        if first and c.callback is not None and first[0] == (c.name or get_command_name(c.callback.__name__))
    ]
    if chosen:
        app.registered_commands = chosen


def _take_over_ctrl_c() -> None:
    """From here Ctrl-C raises KeyboardInterrupt, answered below after what was written is closed properly
    (orgroles.entry answered it while the modules were still loading)."""
    import signal
    from contextlib import suppress

    with suppress(ValueError):  # not the main thread (an embedding program): its own handler stays
        signal.signal(signal.SIGINT, signal.default_int_handler)


def main() -> None:
    """Console-script entry: one-line errors, quiet on a closed pipe, 130 on Ctrl-C."""
    from typer._click import exceptions as click_errors

    if sys.stdout is None:  # started with stdout closed (>&-): nowhere to answer
        sys.stderr.write("orgroles: error: stdout is closed; nowhere to write the output\n")
        raise SystemExit(1)
    if not speaks_utf8(sys.stdout):  # a legacy console: show what it can carry, never fail halfway
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    registered = app.registered_commands
    try:
        _take_over_ctrl_c()
        _register_only(sys.argv[1:2])
        code = app(standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into this exit code itself
            sys.stderr.write("orgroles: interrupted\n")
        sys.stdout.flush()
    except click_errors.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n")
        code = 0
    except click_errors.ClickException as exc:
        # click's own errors (unknown option, bad value): one line, like ours
        ctx = getattr(exc, "ctx", None)
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        message = " ".join(exc.format_message().split())  # click lays some messages out on several lines
        say_error(f"{message}{hint}")
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("orgroles: interrupted\n")
        code = 130
    except BrokenPipeError:
        silence_stdout()
        code = 0
    except Exception as exc:  # a bug, not the user's doing: one line, and the details on request
        if os.environ.get("ORGROLES_DEBUG"):
            raise
        from orgroles.terminal import visible

        detail = visible(f"{type(exc).__name__}: {exc}")  # an exception's text may quote a file's
        sys.stderr.write(f"orgroles: internal error: {detail} (set ORGROLES_DEBUG=1 for details; please report)\n")
        code = 70
    finally:
        app.registered_commands = registered  # main() may be called again in the same process
    raise SystemExit(code if isinstance(code, int) else 0)
