import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADAPTER_LIMITS } from '../../../adapters/kit/adapter-apps.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { httpsRequest, JsonText, upload } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';

const MB = 1024 * 1024;
const network = useTestNetwork();
let youthCare: RunningReferenceAdapter;
let narrow: RunningReferenceAdapter;

beforeAll(async () => {
  [youthCare, narrow] = await Promise.all([
    network.startAdapter('jeugdzorg-cn'),
    network.startAdapter('politie-cn', {
      limits: { bodyBytes: 2048, jsonDepth: 6, headerBytes: 4096 },
    }),
  ]);
});

/** Only the broker's client certificate gets through an adapter's handshake. */
const asBroker = () => network.brokerClient;

function problemOf(response: { status: number; contentType: string | undefined; text: string }) {
  expect(response.contentType).toBe('application/problem+json');
  return { status: response.status, ...JSON.parse(response.text) };
}

describe("an adapter's listener bounds what the broker sends it", () => {
  for (const declareLength of [true, false]) {
    it(`refuses a 200 MB body (${declareLength ? 'declared' : 'chunked'}) with 413 at once`, async () => {
      const outcome = await upload(`${youthCare.url}/v1/inbox`, {
        tls: asBroker(),
        bytes: 200 * MB,
        declareLength,
      });
      expect(problemOf(outcome)).toMatchObject({ status: 413, code: 'REQUEST_TOO_LARGE' });
      expect(outcome.answeredAfterMs).toBeLessThan(100);
      expect(outcome.bytesWritten).toBeLessThan(20 * MB);
    });
  }

  it('refuses a message nested deeper than its JSON depth and stores nothing', async () => {
    const depth = 20_000;
    const message =
      '{"messageId":"m-deep","exchangeId":"x-deep","purpose":"case_meeting","sender":"sgb",' +
      `"categories":{"signal":{"description":${'['.repeat(depth)}${']'.repeat(depth)}}}}`;
    const response = await httpsRequest(`${youthCare.url}/v1/inbox`, {
      method: 'POST',
      tls: asBroker(),
      headers: { 'content-type': 'application/json' },
      body: new JsonText(message),
    });
    expect(problemOf(response)).toMatchObject({
      status: 400,
      code: 'REQUEST_INVALID',
      issues: [`(body): nested deeper than ${DEFAULT_ADAPTER_LIMITS.jsonDepth} levels`],
    });
    expect(await youthCare.inbox.pending()).toEqual([]);
  });

  it('answers headers beyond the limit with 431 problem+json, on both listeners', async () => {
    const filler = { 'x-filler': 'a'.repeat(DEFAULT_ADAPTER_LIMITS.headerBytes) };
    const facing = await httpsRequest(`${youthCare.url}/v1/pull`, {
      tls: asBroker(),
      headers: filler,
    });
    expect(problemOf(facing)).toMatchObject({
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      instance: expect.stringMatching(/^urn:zvh-adapter:request:/),
    });
    const local = await fetch(`${youthCare.localUrl}/v1/inbox`, { headers: filler });
    expect(local.status).toBe(431);
    expect(await local.json()).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
  });

  it('holds the limits its configuration sets in place of the defaults', async () => {
    const pull = (body: unknown, headers: Record<string, string> = {}) =>
      httpsRequest(`${narrow.url}/v1/pull`, { method: 'POST', tls: asBroker(), headers, body });
    const request = {
      exchangeId: 'x-narrow',
      purpose: 'case_meeting',
      person: { nationalId: DOMESTIC_VIOLENCE.father.nationalId },
      categories: ['police_incidents'],
    };
    expect((await pull(request)).status).toBe(200);
    expect((await pull({ ...request, purpose: 'x'.repeat(3000) })).status).toBe(413);
    expect((await pull({ ...request, categories: [[[[[['police_incidents']]]]]] })).status).toBe(
      400,
    );
    expect((await pull(request, { 'x-filler': 'a'.repeat(5000) })).status).toBe(431);
  });
});
