import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLimitError, JsonShapeScanner } from '../../../adapters/contract/json-shape.ts';

/** The nesting of a parsed value, counted the way the scanner counts it. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const members = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...members.map(depthOf));
}

/** Per depth, the member indexes the scanner should report, in document order. */
function membersOf(value: unknown, depth = 1, out: [number, number][] = []): [number, number][] {
  if (value === null || typeof value !== 'object') return out;
  const members = Array.isArray(value) ? value : Object.values(value);
  members.forEach((member, index) => {
    out.push([depth, index]);
    membersOf(member, depth + 1, out);
  });
  return out;
}

function scanInPieces(text: string, cuts: readonly number[], maxDepth: number) {
  const bytes = Buffer.from(text, 'utf8');
  const reported: [number, number][] = [];
  const scanner = new JsonShapeScanner(maxDepth, (depth, index) => reported.push([depth, index]));
  let from = 0;
  for (const cut of cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b)) {
    scanner.scan(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.scan(bytes.subarray(from));
  return reported;
}

describe('the JSON shape scanner', () => {
  it('reports every member of every object and array, however the text is cut', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (value, cuts, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          expect(scanInPieces(text, cuts, 1000)).toEqual(membersOf(JSON.parse(text)));
        },
      ),
    );
  });

  it('throws as soon as the nesting passes its limit, and not before', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const depth = depthOf(value);
        expect(() => scanInPieces(text, [], depth)).not.toThrow();
        if (depth > 0) expect(() => scanInPieces(text, [], depth - 1)).toThrow(JsonLimitError);
      }),
    );
  });

  it('is not fooled by brackets, quotes and escapes inside strings', () => {
    const text = JSON.stringify({ 'a[{': ['"]}\\', '\\"[[[', 'é😀{'] });
    expect(scanInPieces(text, [3, 4, 5, 9, 10, 11, 12, 20], 2)).toEqual([
      [1, 0],
      [2, 0],
      [2, 1],
      [2, 2],
    ]);
  });

  it('stops a million-deep text at the limit with a message naming it', () => {
    const scanner = new JsonShapeScanner(32);
    expect(() => scanner.scan(Buffer.from('['.repeat(1_000_000)))).toThrow(
      new JsonLimitError('depth', 'nested deeper than 32 levels'),
    );
  });
});
