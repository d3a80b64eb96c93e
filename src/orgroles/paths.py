"""Where the data files are: shipped with the package, or a user's own folder (--data / ORGROLES_DATA)."""

from __future__ import annotations

import os
from pathlib import Path

from orgroles.errors import DataError

KNOWLEDGE_FILE = "departments.yaml"
CASES_FILE = "cases.yaml"
OVERLAY_FILE = "terms.yaml"  # the user's terms and corrections, added on top of the knowledge in use
DATA_ENV = "ORGROLES_DATA"
MAX_DATA_BYTES = 10 * 1024 * 1024  # a knowledge base or an org chart is a few hundred kB at most


def shipped_data_dir() -> Path:
    """The data folder: inside the installed package (wheel), else the checkout's top-level `data/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if (packaged / KNOWLEDGE_FILE).is_file():
        return packaged
    return here.parent.parent / "data"


def data_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get(DATA_ENV)
    return Path(env) if env else shipped_data_dir()


def knowledge_path(directory: Path | None = None) -> Path:
    """The departments.yaml in force: the user's folder (--data / ORGROLES_DATA) when it has one."""
    user_dir = data_dir(directory)
    if directory is not None or os.environ.get(DATA_ENV):
        _check_user_dir(user_dir)
    own = user_dir / KNOWLEDGE_FILE
    return own if _is_own_file(own) else shipped_data_dir() / KNOWLEDGE_FILE


def overlay_path(directory: Path | None = None) -> Path | None:
    """The terms.yaml of the user's folder (--data / ORGROLES_DATA), when it has one: it extends the knowledge."""
    if directory is None and not os.environ.get(DATA_ENV):
        return None
    own = data_dir(directory) / OVERLAY_FILE
    return own if _is_own_file(own) else None


def cases_path(directory: Path | None = None) -> Path:
    """The cases.yaml in force: the user's folder when it has one, else the shipped example companies."""
    own = data_dir(directory) / CASES_FILE
    return own if _is_own_file(own) else shipped_data_dir() / CASES_FILE


def _is_own_file(path: Path) -> bool:
    """True when the user's folder holds this file; False when it holds nothing of that name (the shipped
    file is used). Anything else at the name is an error, never a silent fall-back to the shipped data:
    the user meant their own file."""
    if path.is_file():
        return True
    if path.is_symlink() and not path.exists():
        raise DataError([f"{path}: a symbolic link to nothing ({os.readlink(path)}); fix or remove it"])
    if path.is_dir():
        raise DataError([f"{path}: is a directory, not a YAML file"])
    if path.exists():
        raise DataError([f"{path}: not a regular file (a FIFO, a socket or a device); refused"])
    return False


def _check_user_dir(user_dir: Path) -> None:
    if not user_dir.is_dir():
        raise DataError([f"{user_dir}: not a folder with {KNOWLEDGE_FILE}, {CASES_FILE} and/or {OVERLAY_FILE}"])
    if not any(os.path.lexists(user_dir / f) for f in (KNOWLEDGE_FILE, CASES_FILE, OVERLAY_FILE)):
        raise DataError([f"{user_dir}: holds none of {KNOWLEDGE_FILE}, {CASES_FILE} or {OVERLAY_FILE}"])
