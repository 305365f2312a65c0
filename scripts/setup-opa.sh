#!/usr/bin/env bash
# Installs the pinned OPA CLI into .tools/bin from the Go module proxy, unless the
# right version is already there. Nothing here evaluates Rego but OPA itself.
set -euo pipefail
source "$(dirname "$0")/opa-env.sh"
OPA_VERSION=v1.22.2

if opa_available && opa version 2>/dev/null | grep -q "^Version: ${OPA_VERSION#v}$"; then
  echo "setup-opa: OPA ${OPA_VERSION} present at $(command -v opa)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup-opa: Go is needed to install OPA ${OPA_VERSION} (go install); install Go or put opa on PATH" >&2
  exit 1
fi
echo "setup-opa: building OPA ${OPA_VERSION} with go install (a few minutes on 2 cores)"
mkdir -p "$root/.tools/bin"
GOBIN="$root/.tools/bin" GOFLAGS=-mod=mod go install "github.com/open-policy-agent/opa@${OPA_VERSION}"
echo "setup-opa: installed $("$root/.tools/bin/opa" version | head -1)"
