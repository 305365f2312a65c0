"""Validates an OpenAPI document as OpenAPI 3.1 with openapi-spec-validator.

Usage: python3 validate_openapi.py <document.json>
Prints the validator's complaint and exits 1 if the document is not valid OpenAPI 3.1.
"""

import json
import sys

from openapi_spec_validator import OpenAPIV31SpecValidator


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    if not str(document.get("openapi", "")).startswith("3.1."):
        print(f"not an OpenAPI 3.1 document: openapi={document.get('openapi')!r}")
        return 1
    try:
        errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    except Exception as unresolvable:  # a dangling $ref aborts the validator itself
        print(f"not valid: {type(unresolvable).__name__}: {str(unresolvable)[:300]}")
        return 1
    for error in errors:
        where = "/".join(str(part) for part in error.path)
        print(f"{where}: {error.message}")
    if errors:
        return 1
    print(f"valid OpenAPI {document['openapi']}: {len(document.get('paths', {}))} paths")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
