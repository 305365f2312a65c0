import { type Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TLSSocket } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOnlyBroker,
  adapterServerOptions,
} from '../../../adapters/kit/adapter-tls-server.ts';
import { AdapterAgent, AdapterAgents } from '../../../broker/identity/adapter-agent.ts';
import { BROKER_ORGANISATION } from '../../../keys/certificates/certificate-profile.ts';
import { systemClock } from '../../../keys/clock.ts';
import type { RevocationSource } from '../../../keys/revocation/revocation-source.ts';
import type { Holder } from '../../support/certificates.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';

const refusals: string[] = [];
const log = { warn: (fields: object) => refusals.push(JSON.stringify(fields)) };

const network = useTestNetwork();
let revocations: RevocationSource;
let brokerClient: Holder;
let adapter: Holder;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://localhost:${(server.address() as AddressInfo).port}/cases`;
}

interface TestAdapter {
  readonly server: Server;
  readonly url: string;
  /** The paths of the requests that reached it. */
  readonly requests: string[];
  /** Per connection, whether the client resumed a TLS session. */
  readonly resumed: boolean[];
}

async function adapterServer(material: Holder): Promise<TestAdapter> {
  const requests: string[] = [];
  const resumed: boolean[] = [];
  const server = createServer(adapterServerOptions(material), (request, response) => {
    requests.push(request.url ?? '');
    response.end('adapter answered');
  });
  server.on('secureConnection', (socket: TLSSocket) => resumed.push(socket.isSessionReused()));
  acceptOnlyBroker(server, { revocations, clock: systemClock, log });
  return { server, url: await listen(server), requests, resumed };
}

/** The agent's connections that wait, kept alive, for its next request. */
function idleSockets(agent: Agent) {
  return Object.values(agent.freeSockets).flatMap((sockets) => sockets ?? []);
}

async function get(url: string, agent: Agent): Promise<string> {
  return (await httpsRequest(url, { agent })).text;
}

beforeAll(async () => {
  revocations = network.revocations;
  brokerClient = network.brokerClient;
  adapter = await network.adapterTls('politie-cn');
});

describe('broker to adapter calls over mutual TLS', () => {
  it('the broker agent reaches an adapter of the network', async () => {
    const { server, url } = await adapterServer(adapter);
    const agent = new AdapterAgent(brokerClient, 'politie-cn', {
      revocations,
      clock: systemClock,
    });
    try {
      expect(await get(url, agent)).toBe('adapter answered');
    } finally {
      agent.destroy();
      server.close();
    }
  });

  it('the adapter refuses a partner certificate: it serves the broker only', async () => {
    const { server, url } = await adapterServer(adapter);
    const partner = await network.issue('partner', 'jeugdzorg-cn');
    const impostor = new AdapterAgent(partner, 'politie-cn', { revocations, clock: systemClock });
    try {
      await expect(get(url, impostor)).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(refusals.join('\n')).toContain('a partner certificate where a broker is expected');
    } finally {
      impostor.destroy();
      server.close();
    }
  });

  it("the broker agent for one partner refuses another partner's adapter", async () => {
    const { server, url } = await adapterServer(adapter);
    const agent = new AdapterAgent(brokerClient, 'sgb', { revocations, clock: systemClock });
    try {
      await expect(get(url, agent)).rejects.toThrow(/the adapter is of politie-cn, not of sgb/);
    } finally {
      agent.destroy();
      server.close();
    }
  });

  it('the broker agent refuses a server that is not an adapter, or a revoked adapter', async () => {
    const brokerServer = await network.issue('broker-server', BROKER_ORGANISATION);
    const wrongKind = await adapterServer(brokerServer);
    const revokedAdapter = await network.issue('adapter', 'om-bes');
    const revoked = await adapterServer(revokedAdapter);
    await network.authority.revokeCurrent('adapter', 'om-bes', 'keyCompromise', new Date());
    await revocations.reload();
    const agent = new AdapterAgent(brokerClient, 'om-bes', { revocations, clock: systemClock });
    try {
      await expect(get(wrongKind.url, agent)).rejects.toThrow(/not a partner adapter/);
      await expect(get(revoked.url, agent)).rejects.toThrow(/revoked \(keyCompromise\)/);
    } finally {
      agent.destroy();
      wrongKind.server.close();
      revoked.server.close();
    }
  });

  it('checks the certificate of a kept-alive connection before each request: a revoked adapter gets nothing', async () => {
    const adapter = await adapterServer(await network.issue('adapter', 'krusada'));
    const agent = new AdapterAgent(brokerClient, 'krusada', { revocations, clock: systemClock });
    try {
      expect(await get(adapter.url, agent)).toBe('adapter answered');
      const [kept] = idleSockets(agent);
      expect(kept).toBeDefined();
      await network.authority.revokeCurrent('adapter', 'krusada', 'keyCompromise', new Date());
      await revocations.reload();
      await expect(get(adapter.url, agent)).rejects.toThrow(
        'the adapter certificate is revoked (keyCompromise)',
      );
      expect(kept?.destroyed).toBe(true);
      await expect(get(adapter.url, agent)).rejects.toThrow(/revoked \(keyCompromise\)/);
      expect(adapter.requests).toEqual(['/cases']);
    } finally {
      agent.destroy();
      adapter.server.close();
    }
  });

  it("lets an idle connection go a second before the adapter's keep-alive timeout would end it", async () => {
    const adapter = await adapterServer(await network.issue('adapter', 'forma'));
    adapter.server.keepAliveTimeout = 2000;
    const agent = new AdapterAgent(brokerClient, 'forma', { revocations, clock: systemClock });
    try {
      expect(await get(adapter.url, agent)).toBe('adapter answered');
      const [idle] = idleSockets(agent);
      expect(idle?.destroyed).toBe(false);
      // The adapter announces `Keep-Alive: timeout=2`; reusing the connection at 2 s would
      // race its close. The agent has let it go by 1.5 s.
      await sleep(1500);
      expect(idle?.destroyed).toBe(true);
      expect(idleSockets(agent)).toEqual([]);
      expect(await get(adapter.url, agent)).toBe('adapter answered');
    } finally {
      agent.destroy();
      adapter.server.close();
    }
  });

  it('resumes no TLS session, so that every new connection shows the adapter certificate', async () => {
    const adapter = await adapterServer(await network.issue('adapter', 'reclassering-cn'));
    const agent = new AdapterAgent(brokerClient, 'reclassering-cn', {
      revocations,
      clock: systemClock,
    });
    try {
      for (let n = 0; n < 3; n++) {
        expect(await get(adapter.url, agent)).toBe('adapter answered');
        for (const socket of idleSockets(agent)) socket.destroy();
      }
      expect(adapter.resumed).toEqual([false, false, false]);
    } finally {
      agent.destroy();
      adapter.server.close();
    }
  });

  it('closes the agent of an adapter, with its connections, when the list revokes its certificate', async () => {
    const revokedAdapter = await adapterServer(await network.issue('adapter', 'mhc'));
    const otherAdapter = await adapterServer(await network.issue('adapter', 'sgb'));
    const agents = new AdapterAgents(brokerClient, { revocations, clock: systemClock });
    try {
      const revokedAgent = agents.for('mhc');
      const otherAgent = agents.for('sgb');
      await get(revokedAdapter.url, revokedAgent);
      await get(otherAdapter.url, otherAgent);
      const [kept] = idleSockets(revokedAgent);
      await network.authority.revokeCurrent('adapter', 'mhc', 'cessationOfOperation', new Date());
      await revocations.reload();
      expect(kept?.destroyed).toBe(true);
      expect(agents.for('mhc')).not.toBe(revokedAgent);
      expect(agents.for('sgb')).toBe(otherAgent);
      expect(idleSockets(otherAgent)).toHaveLength(1);
      await expect(get(revokedAdapter.url, agents.for('mhc'))).rejects.toThrow(
        /revoked \(cessationOfOperation\)/,
      );
      expect(revokedAdapter.requests).toHaveLength(1);
    } finally {
      agents.destroy();
      revokedAdapter.server.close();
      otherAdapter.server.close();
    }
  });
});
