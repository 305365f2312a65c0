#!/usr/bin/env bash
# `npm test`: everything, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
npx biome check --error-on-warnings .
npm run -s lint:boundaries
bash scripts/policy-test.sh
npx tsc --noEmit -p tsconfig.json
npx vitest run
