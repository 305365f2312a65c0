#!/usr/bin/env bash
# Builds the WebAssembly bundle from the Rego sources and covenant data into
# policies/bundle (committed, unsigned: the repository holds no secret key), or into the
# directory given as the first argument. With --signing-key <pem> (a directory other than
# policies/bundle) it also writes the bundle's .signatures.json in OPA's format, and with
# --tarball <file> the signed bundle as the .tar.gz a bundle server serves.
set -euo pipefail
source "$(dirname "$0")/opa-env.sh"
caller=$PWD
cd "$root"
out=policies/bundle
signing_key=
tarball=
while [ $# -gt 0 ]; do
  case "$1" in
    --signing-key) signing_key=$(cd "$caller" && realpath "${2:?--signing-key needs a file}"); shift 2 ;;
    --tarball) tarball=$(cd "$caller" && realpath -m "${2:?--tarball needs a file}"); shift 2 ;;
    -*) echo "policy-build: unknown option $1 (use [<dir>] [--signing-key <pem>] [--tarball <file>])" >&2; exit 2 ;;
    *) out=$(cd "$caller" && realpath -m "$1"); shift ;;
  esac
done
if [ -n "$signing_key" ] && [ "$(realpath -m "$out")" = "$(realpath -m policies/bundle)" ]; then
  echo "policy-build: the committed policies/bundle stays unsigned; give another directory to sign" >&2
  exit 2
fi
if [ -n "$tarball" ] && [ -z "$signing_key" ]; then
  echo "policy-build: --tarball packs a signed bundle; give --signing-key too" >&2
  exit 2
fi
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
if [ -n "$signing_key" ]; then
  node --import tsx scripts/policy-sign.ts --signing-key "$signing_key" ${tarball:+--tarball "$tarball"} "$out"
fi
echo "policy-build: $out at revision $revision"
