import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, loadConfig } from '../../../broker/config/config.ts';
import { ConfigInvalidError } from '../../../broker/errors/broker-error.ts';

describe('the limits in the broker configuration', () => {
  it('are the documented defaults when the environment sets none', () => {
    expect(loadConfig({}).limits).toEqual({
      request: { bodyBytes: 131_072, jsonDepth: 32, headerBytes: 16_384 },
      adapterAnswer: { bytes: 4_194_304, reads: 8192, records: 1000, fields: 64, depth: 32 },
    });
    expect(DEFAULT_LIMITS).toEqual(loadConfig({}).limits);
  });

  it('take each bound from its own variable', () => {
    const { limits } = loadConfig({
      BROKER_REQUEST_MAX_BYTES: '65536',
      BROKER_HEADER_MAX_BYTES: '8192',
      BROKER_JSON_MAX_DEPTH: '16',
      BROKER_ADAPTER_ANSWER_MAX_BYTES: '1048576',
      BROKER_ADAPTER_ANSWER_MAX_READS: '1024',
      BROKER_ADAPTER_ANSWER_MAX_RECORDS: '200',
      BROKER_ADAPTER_ANSWER_MAX_FIELDS: '32',
    });
    expect(limits).toEqual({
      request: { bodyBytes: 65_536, jsonDepth: 16, headerBytes: 8192 },
      adapterAnswer: { bytes: 1_048_576, reads: 1024, records: 200, fields: 32, depth: 16 },
    });
  });

  it('refuse a bound that is no whole number or out of range, naming the variable', () => {
    for (const [variable, value] of [
      ['BROKER_REQUEST_MAX_BYTES', '1e9'],
      ['BROKER_JSON_MAX_DEPTH', '2'],
      ['BROKER_ADAPTER_ANSWER_MAX_RECORDS', 'many'],
    ]) {
      expect(() => loadConfig({ [variable as string]: value })).toThrow(ConfigInvalidError);
      expect(() => loadConfig({ [variable as string]: value })).toThrow(
        new RegExp(variable as string),
      );
    }
  });
});
