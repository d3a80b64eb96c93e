"""Writing a file the user named (init's starter chart, an --export): never over an existing file without
--force, never through a symbolic link, never an empty file left by a name that cannot be written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from orgroles.errors import InputError, UsageError

# O_NOFOLLOW: a symbolic link at the path is refused, not followed to wherever it points
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def check_name(path: Path) -> None:
    """Refuse a file name that is not valid UTF-8 (it arrives as surrogates): it could not be shown or
    quoted faithfully, and nothing is created for it."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{path}: the file name is not valid UTF-8; choose a UTF-8 name") from None


def check_writable(path: Path, force: bool) -> None:
    """What can be known before the work starts: the name, a link, an existing file without --force."""
    check_name(path)
    if path.is_symlink():
        raise InputError(f"{path}: is a symbolic link; not followed (write to the file itself)")
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file; refused")
    if path.exists() and not force:
        raise UsageError(f"{path} exists; add --force to overwrite it")


def write_file(path: Path, text: str, force: bool) -> None:
    """Write `text` as UTF-8 at `path`: created new, or (with `force`) an existing regular file replaced.
    The text is encoded before the file is opened, so a failure leaves nothing half-written behind."""
    check_name(path)
    data = text.encode("utf-8")
    # O_NONBLOCK: a FIFO with no reader is refused at once instead of hanging the run
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | _NOFOLLOW | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        if path.is_symlink():
            raise InputError(f"{path}: is a symbolic link; not followed (write to the file itself)") from None
        raise UsageError(f"{path} exists; add --force to overwrite it") from None
    except OSError as exc:
        if path.is_symlink():  # O_NOFOLLOW on a link: ELOOP
            raise InputError(f"{path}: is a symbolic link; not followed (write to the file itself)") from None
        if path.exists() and not path.is_file():  # a FIFO without a reader: ENXIO
            raise InputError(f"{path}: not a regular file; refused") from None
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(f"{path}: not a regular file; refused")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
