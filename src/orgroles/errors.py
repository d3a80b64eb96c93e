"""The errors a user can cause, each with the exit code the CLI documents."""

from __future__ import annotations


class OrgrolesError(Exception):
    """Base error: `message` is one line for stderr; `exit_code` follows the README's contract."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(OrgrolesError):
    """A knowledge or org-chart file is unreadable or invalid (exit 1); `problems` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        head = problems[0] if len(problems) == 1 else f"{len(problems)} problems in the data"
        super().__init__(head)


class InputError(OrgrolesError):
    """An input file cannot be read as asked: missing, a directory, bad encoding, no such column (exit 1)."""


class UsageError(OrgrolesError):
    """The command line asks for something that does not exist or does not fit together (exit 2)."""

    exit_code = 2
