"""Dataclass methods compiled once, kept beside the .pyc files.

On Python 3.11, `dataclasses` writes each generated method (__init__, __repr__, __eq__, __hash__, the frozen
__setattr__ and __delattr__) as text and compiles it at every start-up: 207 compiles for the audit's 36
dataclasses, about 90 M instructions (callgrind), a sixth of a small audit. `install` makes that compile look
its code object up in a marshal file in auditor/__pycache__ first, keyed by the text's length and CRC, so the
methods are the same ones; only the compile is skipped. Anything unexpected (another Python, a cache that
does not load, no write access, PYTHONDONTWRITEBYTECODE) leaves dataclasses as it is or compiles as usual.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import sys
import zlib
from types import CodeType
from typing import Any

_DIRECTORY = os.path.join(os.path.dirname(__file__), "__pycache__")
_PATH = os.path.join(_DIRECTORY, f"dataclass-methods.{sys.implementation.cache_tag}.marshal")
_codes: dict[int, CodeType] = {}
_added: list[int] = []


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8")) | (len(text) << 32)


def _create_fn(name: str, args: list[str], body: list[str], *, globals: Any = None, locals: Any = None,
               return_type: Any = dataclasses.MISSING) -> Any:
    # The text is built exactly as Python 3.11's dataclasses._create_fn builds it.
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    arguments = ",".join(args)
    lines = "\n".join(f"  {b}" for b in body)
    text = f" def {name}({arguments}){return_annotation}:\n{lines}"
    text = f"def __create_fn__({', '.join(locals.keys())}):\n{text}\n return {name}"
    key = _key(text)
    code = _codes.get(key)
    if code is None:
        code = _codes[key] = compile(text, "<string>", "exec")
        _added.append(key)
    namespace: dict[str, Any] = {}
    exec(code, globals, namespace)
    return namespace["__create_fn__"](**locals)


def install() -> None:
    """Use the kept code objects for dataclass methods, when this Python builds them as 3.11 does."""
    if sys.version_info[:2] != (3, 11) or dataclasses._create_fn.__code__.co_argcount != 3:
        return
    try:
        with open(_PATH, "rb") as stream:
            codes = marshal.loads(stream.read())
        if isinstance(codes, dict):
            _codes.update(codes)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    dataclasses._create_fn = _create_fn


def save() -> None:
    """Write the code objects compiled in this process to the cache (atomically; nothing when none were)."""
    if not _added or sys.dont_write_bytecode:
        return
    _added.clear()
    temporary = f"{_PATH}.{os.getpid()}"
    try:
        os.makedirs(_DIRECTORY, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(marshal.dumps(_codes))
        os.replace(temporary, _PATH)
    except OSError:
        pass
