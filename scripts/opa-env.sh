# Sourced by the policy scripts: finds the OPA CLI and derives the capabilities of the
# WebAssembly target (OPA's language features, but only the builtins the opa-wasm SDK
# can run), so that a policy using any other builtin fails at check and build time
# instead of at its first evaluation.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$root/.tools/bin:$PATH"

opa_available() { command -v opa >/dev/null 2>&1; }

wasm_capabilities() {
  local out="$root/.tools/wasm-capabilities.json"
  mkdir -p "$root/.tools"
  opa capabilities --current >"$out.opa"
  node "$root/scripts/wasm-capabilities.mjs" "$out.opa" \
    "$root/node_modules/@open-policy-agent/opa-wasm/capabilities.json" >"$out"
  rm -f "$out.opa"
  printf '%s\n' "$out"
}
