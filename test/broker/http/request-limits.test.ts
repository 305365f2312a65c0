import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../broker/config/config.ts';
import type { Holder } from '../../support/certificates.ts';
import { httpsRequest, JsonText, upload } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const network = useTestNetwork({ partners: ['politie-cn'], broker: {} });

const MB = 1024 * 1024;

/**
 * What 8 concurrent 200 MB bodies may add to this process's resident memory (broker and
 * clients together) at its peak: 1.6 GB offered, refused long before it arrives.
 */
const CONCURRENT_RSS_BOUND_MB = 64;

let police: Holder;
beforeAll(() => {
  police = network.holders['politie-cn'];
});

function refused(outcome: { status: number; contentType: string | undefined; text: string }) {
  expect(outcome.contentType).toBe('application/problem+json');
  return { status: outcome.status, ...JSON.parse(outcome.text) };
}

describe('the broker bounds every request before reading it in full', () => {
  for (const [how, declareLength] of [
    ['declared in content-length', true],
    ['sent chunked, without a length', false],
  ] as const) {
    it(`refuses a 200 MB body ${how} with 413 within 100 ms of its headers`, async () => {
      const outcome = await upload(`${network.broker.url}/v1/cases`, {
        tls: police,
        bytes: 200 * MB,
        declareLength,
      });
      expect(refused(outcome)).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE' });
      expect(outcome.answeredAfterMs).toBeLessThan(100);
      // The rest of the body is never read: the connection closes after the answer.
      expect(outcome.headers.connection).toBe('close');
      expect(outcome.bytesWritten).toBeLessThan(20 * MB);
    });
  }

  it(`keeps its memory within ${CONCURRENT_RSS_BOUND_MB} MB under 8 concurrent 200 MB bodies`, async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        upload(`${network.broker.url}/v1/cases`, {
          tls: police,
          bytes: 200 * MB,
          declareLength: i % 2 === 0,
        }),
      ),
    );
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(8).fill(413));
    expect((peak - before) / MB).toBeLessThan(CONCURRENT_RSS_BOUND_MB);
    const health = await httpsRequest(`${network.broker.url}/health`, { tls: police });
    expect(health.status).toBe(503);
  });

  it('refuses 20 MB of whitespace before a valid body as too large', async () => {
    const outcome = await upload(`${network.broker.url}/v1/cases`, {
      tls: police,
      bytes: 20 * MB,
      declareLength: false,
    });
    expect(refused(outcome)).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE' });
  });

  it('refuses a body nested deeper than the JSON depth before parsing it', async () => {
    const depth = 20_000;
    const response = await httpsRequest(`${network.broker.url}/v1/cases`, {
      method: 'POST',
      tls: police,
      headers: { 'content-type': 'application/json' },
      body: new JsonText(`${'['.repeat(depth)}${']'.repeat(depth)}`),
    });
    expect(refused(response)).toMatchObject({
      status: 400,
      code: 'REQUEST_INVALID',
      issues: [`(body): nested deeper than ${DEFAULT_LIMITS.request.jsonDepth} levels`],
    });
  });

  it('answers headers beyond the limit with 431 problem+json instead of a bare status', async () => {
    const response = await httpsRequest(`${network.broker.url}/health`, {
      tls: police,
      headers: { 'x-filler': 'a'.repeat(DEFAULT_LIMITS.request.headerBytes) },
    });
    expect(refused(response)).toMatchObject({
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      instance: expect.stringMatching(/^urn:zvh-broker:request:/),
    });
  });
});

describe('limits the operator set', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await network.startBroker({
      requestLimits: { bodyBytes: 2048, jsonDepth: 8, headerBytes: 4096 },
    });
  });
  afterAll(() => broker.running.close());

  it('hold in place of the defaults', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      httpsRequest(`${broker.url}/v1/cases`, { method: 'POST', tls: police, headers, body });
    expect((await post({ text: 'x'.repeat(3000) })).status).toBe(413);
    expect((await post([[[[[[[[[]]]]]]]]])).status).toBe(400);
    expect((await post({}, { 'x-filler': 'a'.repeat(5000) })).status).toBe(431);
    // Within every bound, the request reaches the API, which asks who is calling.
    expect((await post([[[[[[[[]]]]]]]], { 'x-filler': 'a'.repeat(3000) })).status).toBe(401);
  });
});
