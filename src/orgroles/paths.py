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
    if own.exists() and not own.is_file():
        raise DataError([f"{own}: is a directory, not a YAML file"])
    return own if own.is_file() else shipped_data_dir() / KNOWLEDGE_FILE


def overlay_path(directory: Path | None = None) -> Path | None:
    """The terms.yaml of the user's folder (--data / ORGROLES_DATA), when it has one: it extends the knowledge."""
    if directory is None and not os.environ.get(DATA_ENV):
        return None
    own = data_dir(directory) / OVERLAY_FILE
    if own.exists() and not own.is_file():
        raise DataError([f"{own}: is a directory, not a YAML file"])
    return own if own.is_file() else None


def cases_path(directory: Path | None = None) -> Path:
    """The cases.yaml in force: the user's folder when it has one, else the shipped example companies."""
    own = data_dir(directory) / CASES_FILE
    return own if own.is_file() else shipped_data_dir() / CASES_FILE


def _check_user_dir(user_dir: Path) -> None:
    if not user_dir.is_dir():
        raise DataError([f"{user_dir}: not a folder with {KNOWLEDGE_FILE}, {CASES_FILE} and/or {OVERLAY_FILE}"])
    if not any((user_dir / f).is_file() for f in (KNOWLEDGE_FILE, CASES_FILE, OVERLAY_FILE)):
        raise DataError([f"{user_dir}: holds none of {KNOWLEDGE_FILE}, {CASES_FILE} or {OVERLAY_FILE}"])
