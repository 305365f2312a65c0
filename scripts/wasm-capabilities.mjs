// Prints OPA capabilities for the wasm target: OPA's own features with the builtin list
// narrowed to what the opa-wasm SDK implements.
import { readFileSync } from 'node:fs';

const [opaFile, sdkFile] = process.argv.slice(2);
if (!opaFile || !sdkFile) {
  console.error('usage: wasm-capabilities.mjs <opa-capabilities.json> <sdk-capabilities.json>');
  process.exit(2);
}
const opa = JSON.parse(readFileSync(opaFile, 'utf8'));
const sdk = JSON.parse(readFileSync(sdkFile, 'utf8'));
const supported = new Set(sdk.builtins.map((builtin) => builtin.name));
const builtins = opa.builtins.filter((builtin) => supported.has(builtin.name));
process.stdout.write(`${JSON.stringify({ ...opa, builtins }, null, 1)}\n`);
