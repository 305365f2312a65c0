import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../broker/audit/trail/canonical-json.ts';

describe('canonical JSON', () => {
  it('sorts keys by UTF-16 code units and writes no whitespace', () => {
    expect(canonicalJson({ b: [1, 'x', true], a: null, é: 1, Z: { d: 2, c: 1.5 } })).toBe(
      '{"Z":{"c":1.5,"d":2},"a":null,"b":[1,"x",true],"é":1}',
    );
    // RFC 8785 §3.2.3: code-unit order puts the surrogate pair before U+FB33.
    expect(canonicalJson({ '\ufb33': 1, '\ud83d\ude00': 2 })).toBe('{"\ud83d\ude00":2,"\ufb33":1}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
  });

  it('writes a value nested a million deep without overflowing the stack', () => {
    const depth = 1_000_000;
    let value: unknown = { b: 1, a: [] };
    for (let i = 0; i < depth; i++) value = [value];
    const text = canonicalJson(value);
    expect(text).toBe(`${'['.repeat(depth)}{"a":[],"b":1}${']'.repeat(depth)}`);
  });

  it('is JSON that parses back to the same value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});
