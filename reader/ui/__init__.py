"""The Qt layer: small widgets wired by signals; no domain logic lives here."""

import sys

if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
    # PySide6 6.12 (abi3 wheel) returns None from every void method without taking a
    # reference, as if None were immortal (true only from Python 3.12). On 3.11 each call
    # (setPosition, setText, ...) drops None's refcount by one until the interpreter aborts
    # with "deallocating None" (painting 1,000 highlights does it within seconds). Give None
    # the effectively-immortal count 3.12 gives it. Remove once PySide6 is fixed or 3.12+.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
