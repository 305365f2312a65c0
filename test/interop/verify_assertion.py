"""Verifies a ZVH user assertion with PyJWT + cryptography, independently of jose.

Usage: verify_assertion.py <jwt> <partner-cert.pem> <audience> <issuer>
Prints the verified claims as JSON; exits 1 with a one-line reason on any failure.
"""

import base64
import hashlib
import json
import sys

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding


def main() -> int:
    token, cert_path, audience, issuer = sys.argv[1:5]
    with open(cert_path, "rb") as handle:
        certificate = x509.load_pem_x509_certificate(handle.read())
    thumbprint = (
        base64.urlsafe_b64encode(hashlib.sha256(certificate.public_bytes(Encoding.DER)).digest())
        .rstrip(b"=")
        .decode()
    )
    if jwt.get_unverified_header(token).get("typ") != "zvh-assertion+jwt":
        print("wrong typ", file=sys.stderr)
        return 1
    try:
        claims = jwt.decode(
            token,
            certificate.public_key(),
            algorithms=["PS256", "RS256", "ES256"],
            audience=audience,
            issuer=issuer,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]},
        )
    except jwt.PyJWTError as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if claims.get("cnf", {}).get("x5t#S256") != thumbprint:
        print("cnf does not bind the certificate", file=sys.stderr)
        return 1
    if claims["exp"] - claims["iat"] > 300:
        print("lifetime too long", file=sys.stderr)
        return 1
    print(json.dumps(claims))
    return 0


if __name__ == "__main__":
    sys.exit(main())
