/** What is left to write: a value, or text that closes or separates what came before. */
type Step = { readonly value: unknown } | string;

/**
 * JSON with one spelling per value, after RFC 8785 (JCS): object keys sorted by UTF-16
 * code units, no whitespace, ECMAScript number and string serialisation. The same entry
 * always hashes the same, whichever code or language wrote it. It walks the value with a
 * stack of its own rather than by recursion, so however deep a value an adapter or a
 * caller nests, it never overflows the call stack.
 *
 * @example
 * canonicalJson({ b: [1, 'x'], a: null }); // '{"a":null,"b":[1,"x"]}'
 */
export function canonicalJson(value: unknown): string {
  let text = '';
  const steps: Step[] = [{ value }];
  for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
    if (typeof step === 'string') {
      text += step;
      continue;
    }
    const next = step.value;
    if (next !== null && typeof next === 'object') {
      text += Array.isArray(next) ? openArray(next, steps) : openObject(next, steps);
    } else {
      text += scalar(next);
    }
  }
  return text;
}

function scalar(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no NaN or Infinity');
      return JSON.stringify(value);
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Queues the items in reverse, so that they pop in order; returns the opening text. */
function openArray(items: readonly unknown[], steps: Step[]): string {
  steps.push(']');
  for (let i = items.length - 1; i >= 0; i--) {
    steps.push({ value: items[i] });
    if (i > 0) steps.push(',');
  }
  return '[';
}

function openObject(object: object, steps: Step[]): string {
  const record = object as Record<string, unknown>;
  // Array.prototype.sort compares UTF-16 code units, which is exactly the order JCS asks for.
  const keys = Object.keys(record).sort();
  steps.push('}');
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    steps.push({ value: record[key] });
    steps.push(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
  }
  return '{';
}
