import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { type Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { LeafKind } from '../../keys/certificates/certificate-profile.ts';
import { NetworkAuthority } from '../../keys/certificates/network-authority.ts';
import type { TlsMaterial } from '../../keys/tls/tls-material.ts';

/** A CA in a temporary directory, and the TLS material it issues; nothing is committed. */
export interface AdapterNetwork {
  readonly dir: string;
  readonly authority: NetworkAuthority;
  readonly revocations: string;
  /** The network CA certificate (PEM). */
  readonly ca: string;
  issue(kind: LeafKind, organisation: string): Promise<TlsMaterial>;
  stateDir(name: string): string;
  remove(): Promise<void>;
}

export async function createAdapterNetwork(): Promise<AdapterNetwork> {
  const dir = await mkdtemp(join(tmpdir(), 'zvh-adapters-'));
  const authority = new NetworkAuthority(join(dir, 'keys'), 'testnet');
  await authority.create(new Date());
  const ca = await readFile(authority.layout.authority.certificate, 'utf8');
  return {
    dir,
    authority,
    revocations: authority.layout.revocations,
    ca,
    async issue(kind, organisation) {
      const hosts =
        kind === 'adapter' || kind === 'broker-server' ? ['localhost', '127.0.0.1'] : [];
      const issued = await authority.issue(
        { kind, organisation, days: 30, ...(hosts.length > 0 ? { hosts } : {}) },
        new Date(),
      );
      const [cert, key] = await Promise.all([
        readFile(issued.certificate, 'utf8'),
        readFile(issued.privateKey, 'utf8'),
      ]);
      return { ca, cert, key };
    },
    stateDir: (name) => join(dir, 'state', name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly json: unknown;
}

/** One HTTPS call through `agent` with an optional JSON body. */
export function callAdapter(
  url: string,
  agent: Agent,
  method: 'GET' | 'POST',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text,
            json: text.length > 0 && text.startsWith('{') ? JSON.parse(text) : undefined,
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A logger whose lines the test can read. */
export function capturingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  return { logger, lines };
}
