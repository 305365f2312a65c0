#!/usr/bin/env bash
# Builds the WebAssembly bundle from the Rego sources and covenant data into
# policies/bundle (committed), or into the directory given as the first argument.
set -euo pipefail
source "$(dirname "$0")/opa-env.sh"
cd "$root"
out=${1:-policies/bundle}
if ! opa_available; then
  echo "policy-build: the OPA CLI is not installed; run 'npm run setup:opa' first" >&2
  exit 1
fi
caps=$(wasm_capabilities)
revision=$(node --import tsx scripts/policy-revision.mjs policies/zvh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
opa build --target wasm --entrypoint zvh/exchange/decision --capabilities "$caps" \
  --revision "$revision" --ignore '*_test.rego' --ignore bundle --output "$work/bundle.tar.gz" policies
tar -xzf "$work/bundle.tar.gz" -C "$work" --no-same-owner 2>/dev/null
mkdir -p "$out"
cp "$work/policy.wasm" "$work/data.json" "$work/.manifest" "$out/"
chmod 644 "$out/policy.wasm" "$out/data.json" "$out/.manifest"
echo "policy-build: $out at revision $revision"
