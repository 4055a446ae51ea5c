"""SHA-256 without OpenSSL: the digest of cache keys and of kept answers.

Answering a query hashes the data folders on every run (a warm query has a budget of a few tens
of milliseconds), and importing :mod:`hashlib` first loads OpenSSL (2-3 ms), so CPython's own
SHA-256 is used where it exists.
"""

from __future__ import annotations

try:
    from _sha256 import sha256  # Python 3.10, 3.11
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
