"""Answer an HTTP authentication challenge: Basic (RFC 7617) or Digest (RFC 7616).

Credentials go out only after the server asked for them (a 401 with ``WWW-Authenticate``), in
the scheme it asked for, so that a Fuseki started with ``--auth=digest`` gets a Digest answer and
one with ``--auth=basic`` a Basic one, and a server that wants none never sees the password.
The standard library's digest handler knows MD5 and SHA-1 only; RFC 7616 adds SHA-256 (and the
``-sess`` variants), which Fuseki and others offer, so the digest is computed here.
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

DIGEST_ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
"""The RFC 7616 algorithms answered (each also as ``-sess``); SHA-256 is preferred to MD5."""

_PREFERENCE = ("SHA-256", "SHA-256-SESS", "MD5", "MD5-SESS")

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_ITEM = re.compile(rf'\s*(?P<name>{_TOKEN})\s*(?:=\s*(?P<value>"(?:[^"\\]|\\.)*"|[^\s,]*))?\s*,?')


class AuthenticationError(ValueError):
    """A challenge this client cannot answer; the message says why in plain words."""


@dataclass(frozen=True)
class Challenge:
    """One challenge of a ``WWW-Authenticate`` header: its scheme (lower case) and parameters."""

    scheme: str
    params: dict[str, str]


def parse_challenges(headers: Iterable[str]) -> list[Challenge]:
    """Every challenge in the ``WWW-Authenticate`` header values (RFC 9110 section 11.6.1).

    A header may hold several challenges separated by commas, and a quoted parameter value may
    itself hold commas: a name followed by ``=`` is a parameter, a bare name starts a challenge.
    """
    challenges: list[Challenge] = []
    for header in headers:
        for match in _ITEM.finditer(header):
            name, value = match.group("name"), match.group("value")
            if not name:
                continue
            if value is None:
                challenges.append(Challenge(name.lower(), {}))
            elif challenges:
                if value.startswith('"'):
                    value = re.sub(r"\\(.)", r"\1", value[1:-1])
                challenges[-1].params[name.lower()] = value
    return challenges


def choose(challenges: list[Challenge], allowed: tuple[str, ...]) -> Challenge | None:
    """The challenge to answer: Digest with the strongest algorithm we know, else Basic."""
    digests = [c for c in challenges if c.scheme == "digest" and "digest" in allowed]
    for algorithm in _PREFERENCE:
        for challenge in digests:
            if challenge.params.get("algorithm", "MD5").upper() == algorithm:
                return challenge
    if digests:
        return digests[0]  # unknown algorithm: answered with a clear refusal
    basics = [c for c in challenges if c.scheme == "basic" and "basic" in allowed]
    return basics[0] if basics else None


def digest_authorization(
    challenge: Challenge,
    method: str,
    url: str,
    user: str,
    password: str,
    *,
    cnonce: str | None = None,
    nonce_count: int = 1,
) -> str:
    """The ``Authorization`` header answering a Digest challenge (RFC 7616 section 3.4).

    ``qop=auth`` when offered (``auth-int``, which hashes the body, is not: refused), else the
    RFC 2069 form without ``qop`` that RFC 7616 keeps for compatibility.
    """
    params = challenge.params
    algorithm = params.get("algorithm", "MD5")
    base = algorithm.upper().removesuffix("-SESS")
    hash_function = DIGEST_ALGORITHMS.get(base)
    if hash_function is None:
        raise AuthenticationError(f"the server asks for Digest with {algorithm}, not supported")
    if "realm" not in params or "nonce" not in params:
        raise AuthenticationError("the server's Digest challenge lacks its realm or nonce")

    def h(text: str) -> str:
        return hash_function(text.encode("utf-8")).hexdigest()

    realm, nonce = params["realm"], params["nonce"]
    cnonce = cnonce or os.urandom(16).hex()
    nc = f"{nonce_count:08x}"
    qops = [q.strip().lower() for q in params.get("qop", "").split(",") if q.strip()]
    if qops and "auth" not in qops:
        raise AuthenticationError(f"the server asks for Digest qop={params['qop']}, not supported")
    parts = urllib.parse.urlsplit(url)
    uri = parts.path or "/"
    if parts.query:
        uri += "?" + parts.query
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    middle = f"{nonce}:{nc}:{cnonce}:auth" if qops else nonce
    response = h(f"{ha1}:{middle}:{ha2}")
    fields = [
        f'username="{_quote(user)}"',
        f'realm="{_quote(realm)}"',
        f'nonce="{_quote(nonce)}"',
        f'uri="{_quote(uri)}"',
        f"algorithm={algorithm}",
        f'response="{response}"',
    ]
    if qops:
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    if "opaque" in params:
        fields.append(f'opaque="{_quote(params["opaque"])}"')
    return "Digest " + ", ".join(fields)


class ChallengeMemory:
    """The last challenge each server answered successfully, to answer the next request at once.

    Without it every upload is sent twice (once refused with the 401, once answered), which at a
    million triples is a hundred megabytes sent for nothing. A Digest answer counts up its
    ``nc`` per request on the same nonce (RFC 7616 section 3.4); a server that has retired the
    nonce answers 401 again and is then answered afresh.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[Challenge, int]] = {}

    def remember(self, url: str, user: str, challenge: Challenge) -> None:
        """``challenge`` was answered successfully for ``user`` at ``url``'s server."""
        self._known[(_origin(url), user)] = (challenge, 1)

    def authorization(self, method: str, url: str, user: str, password: str) -> str | None:
        """An answer to the server's last challenge for this request, or None if none is known."""
        key = (_origin(url), user)
        if key not in self._known:
            return None
        challenge, used = self._known[key]
        self._known[key] = (challenge, used + 1)
        if challenge.scheme == "basic":
            return basic_answer(user, password)
        return digest_authorization(challenge, method, url, user, password, nonce_count=used + 1)


def basic_answer(user: str, password: str) -> str:
    """The ``Authorization`` header value of HTTP Basic authentication (RFC 7617)."""
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
