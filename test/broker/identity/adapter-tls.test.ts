import { type Agent, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOnlyBroker,
  adapterServerOptions,
} from '../../../adapters/kit/adapter-tls-server.ts';
import { createAdapterAgent } from '../../../broker/identity/adapter-agent.ts';
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

async function adapterServer(material: Holder): Promise<{ server: Server; url: string }> {
  const server = createServer(adapterServerOptions(material), (_request, response) => {
    response.end('adapter answered');
  });
  acceptOnlyBroker(server, { revocations, clock: systemClock, log });
  return { server, url: await listen(server) };
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
    const agent = createAdapterAgent(brokerClient, 'politie-cn', {
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
    const impostor = createAdapterAgent(partner, 'politie-cn', { revocations, clock: systemClock });
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
    const agent = createAdapterAgent(brokerClient, 'sgb', { revocations, clock: systemClock });
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
    const agent = createAdapterAgent(brokerClient, 'om-bes', { revocations, clock: systemClock });
    try {
      await expect(get(wrongKind.url, agent)).rejects.toThrow(/not a partner adapter/);
      await expect(get(revoked.url, agent)).rejects.toThrow(/revoked \(keyCompromise\)/);
    } finally {
      agent.destroy();
      wrongKind.server.close();
      revoked.server.close();
    }
  });
});
