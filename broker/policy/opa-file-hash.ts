import { createHash, type Hash } from 'node:crypto';
import { PolicyBundleRefusedError } from '../errors/broker-error.ts';

/**
 * Files whose hash OPA takes over their JSON value, not their bytes (OPA's
 * `IsStructuredDoc`), so that whitespace and key order do not change a signature.
 */
const STRUCTURED_FILES: ReadonlySet<string> = new Set([
  'data.json',
  '.manifest',
  'signatures.json',
]);

/** A number as its literal text: OPA decodes with `UseNumber` and hashes the literal. */
class JsonNumberLiteral {
  constructor(readonly text: string) {}
}

type JsonWithLiterals =
  | string
  | boolean
  | null
  | JsonNumberLiteral
  | JsonWithLiterals[]
  | { [key: string]: JsonWithLiterals };

/** Node's JSON.parse hands a reviver each primitive's source text (TC39 "JSON.parse source text access"). */
type SourceReviver = (key: string, value: unknown, context: { source?: string }) => unknown;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function parseKeepingNumbers(name: string, bytes: Uint8Array): JsonWithLiterals {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (cause) {
    throw new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', `${name} is not UTF-8`, { cause });
  }
  const reviver: SourceReviver = (_key, value, context) =>
    typeof value === 'number' ? new JsonNumberLiteral(context.source ?? String(value)) : value;
  try {
    return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]) as JsonWithLiterals;
  } catch (cause) {
    throw new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', `${name} is not valid JSON`, {
      cause,
    });
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A string as Go's encoding/json writes it with HTML escaping off: as JSON.stringify,
 * except that U+2028 and U+2029 are escaped and a lone surrogate becomes U+FFFD.
 */
function goString(value: string): string {
  return JSON.stringify(value.replace(LONE_SURROGATE, '\uFFFD'))
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** Go sorts map keys by their UTF-8 bytes. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** OPA's `walk` in bundle/hash.go: objects with sorted keys, arrays in order, primitives as Go encodes them. */
function walk(value: JsonWithLiterals, hash: Hash): void {
  if (value instanceof JsonNumberLiteral) {
    hash.update(value.text);
  } else if (Array.isArray(value)) {
    hash.update('[');
    value.forEach((element, index) => {
      if (index > 0) hash.update(',');
      walk(element, hash);
    });
    hash.update(']');
  } else if (value !== null && typeof value === 'object') {
    hash.update('{');
    Object.keys(value)
      .sort(byUtf8)
      .forEach((key, index) => {
        if (index > 0) hash.update(',');
        hash.update(goString(key));
        hash.update(':');
        walk(value[key] as JsonWithLiterals, hash);
      });
    hash.update('}');
  } else if (typeof value === 'string') {
    hash.update(goString(value));
  } else {
    hash.update(String(value));
  }
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * The SHA-256 (hex) OPA's bundle signing lists for a file: over the bytes of a policy
 * or wasm file, over the canonical walk of the JSON value of `data.json` and `.manifest`.
 *
 * @example
 * opaFileHash('data.json', await readFile('policies/bundle/data.json'));
 */
export function opaFileHash(name: string, bytes: Uint8Array): string {
  const hash = createHash('sha256');
  if (STRUCTURED_FILES.has(baseName(name))) {
    walk(parseKeepingNumbers(name, bytes), hash);
  } else {
    hash.update(bytes);
  }
  return hash.digest('hex');
}
