import { once } from 'node:events';
import { Agent, type Agent as HttpsAgent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_NATIONAL_IDS } from '../../../adapters/reference/sample-persons.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { AdapterAgent } from '../../../broker/identity/adapter-agent.ts';
import { BROKER_ORGANISATION } from '../../../keys/certificates/certificate-profile.ts';
import { systemClock } from '../../../keys/clock.ts';
import { createNetwork, holder, type Network } from '../../support/certificates.ts';
import { callAdapter } from '../../support/https-request.ts';
import { capturingLogger } from '../../support/logger.ts';
import { useTestNetwork } from '../../support/network.ts';

const network = useTestNetwork();
let foreign: Network;
let adapter: RunningReferenceAdapter;
const log = capturingLogger();
const agents: HttpsAgent[] = [];

const pullBody = {
  exchangeId: 'ex-tls',
  purpose: 'case_meeting',
  person: { nationalId: SAMPLE_NATIONAL_IDS[0] },
  categories: ['school_enrolment'],
};

function agentFor(material: { ca: string; cert: string; key: string }): HttpsAgent {
  const agent = new AdapterAgent(material, 'sgb', {
    revocations: network.revocations,
    clock: systemClock,
  });
  agents.push(agent);
  return agent;
}

beforeAll(async () => {
  foreign = await createNetwork();
  adapter = await network.startAdapter('sgb', { logger: log.logger });
});

afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await foreign?.remove();
});

describe('the adapter answers the broker only', () => {
  let broker: { ca: string; cert: string; key: string };
  let kept: HttpsAgent;

  it('serves the broker client certificate of the network', async () => {
    broker = network.brokerClient;
    kept = agentFor(broker);
    const response = await callAdapter(`${adapter.url}/v1/pull`, kept, 'POST', pullBody);
    expect(response.status).toBe(200);
  });

  it('refuses a partner certificate of the network in the handshake', async () => {
    const partner = agentFor(await network.issue('partner', 'politie-cn'));
    await expect(callAdapter(`${adapter.url}/v1/pull`, partner, 'POST', pullBody)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect(log.lines.join('\n')).toContain('a partner certificate where a broker is expected');
  });

  it('refuses a broker certificate of another network, and a connection without one', async () => {
    const otherBroker = await foreign.issue('broker-client', BROKER_ORGANISATION);
    const mixed = new Agent({ ...otherBroker, ca: network.ca });
    const anonymous = new Agent({ ca: network.ca });
    agents.push(mixed, anonymous);
    await expect(callAdapter(`${adapter.url}/v1/pull`, mixed, 'POST', pullBody)).rejects.toThrow();
    await expect(
      callAdapter(`${adapter.url}/v1/pull`, anonymous, 'POST', pullBody),
    ).rejects.toThrow();
  });

  it('refuses a broker certificate on a kept-alive connection once its revocation takes effect', async () => {
    const pull = () => callAdapter(`${adapter.url}/v1/pull`, kept, 'POST', pullBody);
    expect((await pull()).status).toBe(200);
    // A rotation: the list names the certificate at once, it is refused a moment later.
    await network.authority.revokeCurrent(
      'broker-client',
      BROKER_ORGANISATION,
      'keyCompromise',
      new Date(Date.now() + 1500),
    );
    const deadline = Date.now() + 10_000;
    let refused = await pull();
    while (refused.status === 200 && Date.now() < deadline) {
      await sleep(200);
      refused = await pull();
    }
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'CLIENT_CERT_INVALID' });
    expect(refused.text).not.toContain('keyCompromise');

    const fresh = agentFor(broker);
    await expect(callAdapter(`${adapter.url}/v1/pull`, fresh, 'POST', pullBody)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect(log.lines.join('\n')).toMatch(/revoked \(keyCompromise\)/);
  });

  it('closes the connections of a broker certificate when the list revokes it, resumed ones too', async () => {
    const renewed = await holder(
      network.authority,
      await network.authority.rotate('broker-client', BROKER_ORGANISATION, new Date(), 0),
    );
    // A plain agent keeps its TLS sessions, as a client that resumes them would.
    const resuming = new Agent({ ...renewed, keepAlive: true });
    agents.push(resuming);
    const pull = () => callAdapter(`${adapter.url}/v1/pull`, resuming, 'POST', pullBody);
    expect((await pull()).status).toBe(200);
    const [idle] = Object.values(resuming.freeSockets).flat();
    if (idle === undefined) throw new Error('the agent kept no connection alive');
    const closed = once(idle, 'close');
    await network.authority.revokeCurrent(
      'broker-client',
      BROKER_ORGANISATION,
      'superseded',
      new Date(),
    );
    // No request needed: the adapter polls revocations.json once a second and closes it.
    await closed;
    expect(log.lines.join('\n')).toContain('tls connection closed: revoked');

    const resumed: boolean[] = [];
    const outgoing = request(`${adapter.url}/v1/pull`, { method: 'POST', agent: resuming });
    outgoing.on('socket', (socket) =>
      socket.once('secureConnect', () => resumed.push((socket as TLSSocket).isSessionReused())),
    );
    outgoing.end(JSON.stringify(pullBody));
    await expect(once(outgoing, 'response')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(resumed).toEqual([true]);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
