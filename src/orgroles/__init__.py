"""orgroles: where marketing ends and operations begins, in English, 한국어 and 中文."""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~5 ms before the command can answer Ctrl-C
if TYPE_CHECKING:  # what a type checker sees (py.typed ships); at run time the names load on first use
    from typing import Any

    from orgroles.api import Classification, classify, classify_many
    from orgroles.knowledge import load_library

    __version__: str

__all__ = ["Classification", "__version__", "classify", "classify_many", "load_library"]


def __getattr__(name: str) -> Any:
    # Lazy: the version costs an importlib.metadata import, and the library a YAML load; neither belongs
    # in every start-up.
    if name == "__version__":
        from importlib.metadata import version

        return version("orgroles")
    if name in ("classify", "classify_many", "Classification"):
        from orgroles import api

        return getattr(api, name)
    if name == "load_library":
        from orgroles.knowledge import load_library

        return load_library
    raise AttributeError(name)
