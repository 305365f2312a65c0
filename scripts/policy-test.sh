#!/usr/bin/env bash
# The Rego side of the test suite: the covenant data against its schema and the
# protocol's invariants (scripts/covenant-check.ts), then formatting, strict checks (with
# the wasm target's builtins for the bundle's sources), and `opa test` with a coverage
# threshold. The Rego tests decide on fixture covenants, never on the live data.
# Without OPA it says plainly that it skipped; under CI a skip is a failure.
set -euo pipefail
source "$(dirname "$0")/opa-env.sh"
cd "$root"
COVERAGE_THRESHOLD=95

node --import tsx scripts/covenant-check.ts

if ! opa_available; then
  if [ "${CI:-}" = "true" ]; then
    echo "policy-test: FAILED: the OPA CLI is not installed (CI must run 'npm run setup:opa')" >&2
    exit 1
  fi
  echo "policy-test: SKIPPED the Rego tests: the OPA CLI is not installed (run 'npm run setup:opa')"
  exit 0
fi

unformatted=$(opa fmt --list policies/zvh)
if [ -n "$unformatted" ]; then
  echo "policy-test: not formatted (run 'opa fmt -w policies/zvh'):" >&2
  echo "$unformatted" >&2
  exit 1
fi
opa check --strict --ignore bundle policies
opa check --strict --capabilities "$(wasm_capabilities)" --ignore '*_test.rego' --ignore bundle policies
echo "policy-test: opa fmt and opa check --strict clean"

opa test --ignore bundle policies
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! opa test --ignore bundle --coverage --threshold "$COVERAGE_THRESHOLD" --format json policies >"$report"; then
  node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.error(`policy-test: coverage ${r.coverage.toFixed(1)}% is below the threshold`)' "$report" || true
  exit 1
fi
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(`policy-test: opa test coverage ${r.coverage.toFixed(1)}% (threshold '"$COVERAGE_THRESHOLD"'%)`)' "$report"
