"""Schemathesis hooks: every request carries a fresh ZVH user assertion.

The broker accepts an assertion once, so a fixed header would make every request after the
first a replay (401). Each call is signed here with the partner certificate's key, with
PyJWT, as a partner's own system would. Set by the test through the environment:
ZVH_CERT, ZVH_KEY (PEM files), ZVH_ORGANISATION, ZVH_USER, ZVH_AUDIENCE, ZVH_ROLE, and
ZVH_NOW when the broker runs on a clock of its own.
"""

import base64
import hashlib
import os
import time
import uuid
from datetime import datetime, timedelta, timezone

import jwt
import schemathesis
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key

with open(os.environ["ZVH_CERT"], "rb") as handle:
    CERTIFICATE = x509.load_pem_x509_certificate(handle.read())
with open(os.environ["ZVH_KEY"], "rb") as handle:
    PRIVATE_KEY = load_pem_private_key(handle.read(), password=None)
THUMBPRINT = (
    base64.urlsafe_b64encode(hashlib.sha256(CERTIFICATE.public_bytes(Encoding.DER)).digest())
    .rstrip(b"=")
    .decode()
)
ALGORITHM = "ES256" if isinstance(PRIVATE_KEY, ec.EllipticCurvePrivateKey) else "PS256"


def assertion() -> str:
    now = int(time.time())
    claims = {
        "iss": os.environ["ZVH_ORGANISATION"],
        "sub": os.environ["ZVH_USER"],
        "aud": os.environ["ZVH_AUDIENCE"],
        "iat": now,
        "exp": now + 120,
        "jti": str(uuid.uuid4()),
        "name": os.environ["ZVH_USER"],
        "zvh_role": os.environ["ZVH_ROLE"],
        "cnf": {"x5t#S256": THUMBPRINT},
    }
    return jwt.encode(claims, PRIVATE_KEY, algorithm=ALGORITHM, headers={"typ": "zvh-assertion+jwt"})


@schemathesis.auth(refresh_interval=None, retry_on=[])
class UserAssertion:
    """Signs a new assertion for each request; the checks that drop auth still can."""

    def get(self, case, ctx):
        return assertion()

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "ZVH-Assertion": data}



def _instant(value):
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _now():
    """The broker's now: a test's broker may run on a clock of its own (ZVH_NOW)."""
    fixed = os.environ.get("ZVH_NOW")
    return datetime.fromisoformat(fixed) if fixed else datetime.now(timezone.utc)


def _respecting_now(body):
    """The rules about now, which JSON Schema cannot state and the document states in words:
    a statement's `at` is not in the future, an `expiresAt` is, and a `turns16In` is a month
    in which a person now aged 13 to 17 turns 16. A generated value that breaks them is moved
    to the right side of now; any other value is left as it is."""
    now = _now()
    at, expires = _instant(body.get("at")), _instant(body.get("expiresAt"))
    if at is not None and at.tzinfo is not None and at > now:
        body = {**body, "at": (now - timedelta(days=1)).isoformat()}
    if expires is not None and expires.tzinfo is not None and expires <= now:
        body = {**body, "expiresAt": (now + timedelta(days=30)).isoformat()}
    turns_16_in = body.get("turns16In")
    if isinstance(turns_16_in, str) and not _within_the_band(turns_16_in, now):
        body = {**body, "turns16In": f"{now.year + 1:04d}-{now.month:02d}"}
    return body


def _within_the_band(month, now):
    """The third rule about now: a person aged 13 to 17 turned 16 at most two years ago and
    turns 16 at most three years from now."""
    return f"{now.year - 2:04d}-{now.month:02d}" <= month <= f"{now.year + 3:04d}-{now.month:02d}"


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if isinstance(case.body, dict):
        case.body = _respecting_now(case.body)
