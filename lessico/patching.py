"""The fence around the runtime patches of third-party code (``site._linear_search_dedup``,
``references._memoize_xpath``): a patch re-implements code it has read, so it is applied only to
the version it was written for and only while the replaced code is the one it read. Anything
else stops the build with one line, instead of silently running the old rule on new code."""
from __future__ import annotations

import hashlib
import inspect
from importlib import metadata

from .errors import InputError


def installed(dist: str) -> str:
    """The installed version of a distribution (e.g. ``"citeproc-py"``)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


def fingerprint(*functions) -> str:
    """The shape of the replaced code: qualified name, signature and source of each function
    (any edit to them changes it; a patch release that leaves them alone does not)."""
    digest = hashlib.sha256()
    for f in functions:
        digest.update(f"{f.__qualname__}{inspect.signature(f)}\n{inspect.getsource(f)}\n".encode())
    return digest.hexdigest()[:16]


def check(path: str, patch: str, dist: str, version: str, expected: str, functions) -> None:
    """Raise ``InputError`` (on ``path``, the patch's module) unless ``dist`` is at ``version`` and
    ``functions`` (the originals, before patching) have the fingerprint ``expected``."""
    found = installed(dist)
    if found != version:
        raise InputError(path, f"{patch} patches {dist} {version}, but {found} is installed: install "
                               f"requirements.txt, or re-check the patch against {found} and update "
                               f"its version and fingerprint")
    actual = fingerprint(*functions)
    if actual != expected:
        names = ", ".join(f.__qualname__ for f in functions)
        raise InputError(path, f"{patch} patches {dist} {version}, but the installed {names} is not the "
                               f"code it was written for (fingerprint {actual}, expected {expected}): "
                               f"re-check the patch and update its fingerprint")
