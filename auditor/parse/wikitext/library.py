"""Importing mwparserfromhell without importlib.metadata.

mwparserfromhell's ``__init__`` finds its own ``__version__`` with ``importlib.metadata.version``, and
importing importlib.metadata (email, csv, zipfile, socket...) costs more than tokenizing a short article
(callgrind: 113 M instructions of a 257 M bare parse of a 3.4 KB article). The version is read here
from the name of the package's ``.dist-info`` folder instead, and the library sees a two-name stand-in
for importlib.metadata for the length of its import; anything else that imports importlib.metadata
later gets the real module. Where no single ``.dist-info`` folder names the version (an egg, a source
checkout), the library is imported as it is.
"""

from __future__ import annotations

import os
import sys
import types
from importlib.util import find_spec

NAME = "mwparserfromhell"


def installed_version() -> str | None:
    """The version in the name of the library's one .dist-info folder beside it; None if not exactly one."""
    spec = find_spec(NAME)
    if spec is None or not spec.origin:
        return None
    folder = os.path.dirname(os.path.dirname(spec.origin))
    prefix = f"{NAME}-"
    found = [n[len(prefix):-len(".dist-info")] for n in os.listdir(folder)
             if n.startswith(prefix) and n.endswith(".dist-info")]
    return found[0] if len(found) == 1 else None


def import_library() -> None:
    """Import mwparserfromhell (once), its version looked up without importlib.metadata where that is safe."""
    if NAME in sys.modules or "importlib.metadata" in sys.modules:
        return
    found = installed_version()
    if found is None:
        return
    stand_in = types.ModuleType("importlib.metadata")

    class PackageNotFoundError(ModuleNotFoundError):
        """As importlib.metadata's."""

    def version(name: str) -> str:
        if name != NAME:
            raise PackageNotFoundError(name)
        return found

    stand_in.PackageNotFoundError, stand_in.version = PackageNotFoundError, version
    sys.modules["importlib.metadata"] = stand_in
    try:
        import mwparserfromhell  # noqa: F401
    finally:
        if sys.modules.get("importlib.metadata") is stand_in:
            del sys.modules["importlib.metadata"]
