import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { UserAssertionSigner } from '../../../adapters/partner-client/user-assertion-signer.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { loadConfig } from '../../../broker/config/config.ts';
import { packBundleTarball } from '../../../broker/policy/bundle-tarball.ts';
import type { BundleFiles } from '../../../broker/policy/policy-bundle-files.ts';
import { type StartedBroker, startBroker } from '../../../broker/start-broker.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { seedAcceptedCovenant } from '../../support/covenant.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../support/databases.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { capturingLogger } from '../../support/logger.ts';
import { useTestNetwork } from '../../support/network.ts';
import {
  bundleAtRevision,
  committedBundle,
  signed,
  type TestSigningKey,
  testSigningKey,
  withFlippedByte,
  writeBundle,
} from '../../support/policy-bundles.ts';
import { AUDIENCE } from '../../support/test-broker.ts';

const POLL_MS = 50;
const PULLS_ACROSS_A_SWAP = 2000;
const NEXT_REVISION = 'sha256:next-bundle-for-the-swap-test';
const STAGED_REVISION = 'sha256:renewal-bundle-for-the-staging-test';
/** How far ahead the staged renewal starts: room to see it staged and decide under the old one. */
const STAGED_LEAD_MS = 5000;
/** The next bundle permits one field less, so a pull's answer shows which bundle decided it. */
const DROPPED_FIELD = 'role_in_incident';

const network = useTestNetwork({ name: 'bonaire', partners: ORGANISATIONS });
let police: RunningReferenceAdapter;
let key: TestSigningKey;
let current: BundleFiles;
let next: BundleFiles;
let currentRevision: string;

/**
 * A renewal from `from`: the covenant under another label and term, without the dropped
 * field, so that a pull's answer shows which bundle decided it.
 */
function renewalFrom(from: Date): (data: Record<string, unknown>) => void {
  return (data) => {
    withoutDroppedField(data);
    const bonaire = (data.zvh as { covenants: { bonaire: Record<string, unknown> } }).covenants
      .bonaire;
    bonaire.version = 'bonaire-renewal';
    bonaire.not_before = from.toISOString();
    bonaire.not_after = '2032-01-01T00:00:00.000Z';
  };
}

/** The next bundle's covenant: the police incidents category without one of its fields. */
function withoutDroppedField(data: Record<string, unknown>): void {
  const bonaire = (
    data.zvh as { covenants: { bonaire: { categories: Record<string, { fields: string[] }> } } }
  ).covenants.bonaire;
  const incidents = bonaire.categories.police_incidents;
  if (incidents === undefined || !incidents.fields.includes(DROPPED_FIELD)) {
    throw new TypeError(`the covenant no longer has police_incidents.${DROPPED_FIELD}`);
  }
  incidents.fields = incidents.fields.filter((field) => field !== DROPPED_FIELD);
}

beforeAll(async () => {
  police = await network.startAdapter('politie-cn');
  key = await testSigningKey();
  current = await signed(await committedBundle(), key);
  next = await signed(await bundleAtRevision(NEXT_REVISION, withoutDroppedField), key);
  currentRevision = JSON.parse(
    Buffer.from(current.get('.manifest') as Uint8Array).toString(),
  ).revision;
});

function covenantOf(files: BundleFiles): Record<string, unknown> {
  const data = JSON.parse(Buffer.from(files.get('data.json') as Uint8Array).toString()) as {
    zvh: { covenants: { bonaire: Record<string, unknown> } };
  };
  return data.zvh.covenants.bonaire;
}

interface Running {
  readonly broker: StartedBroker;
  readonly url: string;
  readonly api: ApiClient;
  readonly logLines: string[];
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  waitForRevision(revision: string): Promise<void>;
  /** Through `agent` (keep-alive connections) if given; a handshake of its own otherwise. */
  pull(agent?: Agent): Promise<ApiResponse>;
}

async function startWith(ctx: StoreContext, bundle: string): Promise<Running> {
  const { logger, lines } = capturingLogger();
  const config = loadConfig({
    BROKER_STATE_DIR: network.dir,
    BROKER_NETWORK: 'bonaire',
    BROKER_AUDIENCE: AUDIENCE,
    BROKER_PORT: '0',
    BROKER_DEMO_PARTNER: '',
    BROKER_DATABASE_URL: ctx.url,
    BROKER_IDENTIFIER_KEY: Buffer.from(ctx.identifierSecret).toString('base64'),
    BROKER_ADAPTERS: JSON.stringify({ 'politie-cn': police.url }),
    BROKER_POLICY_BUNDLE: bundle,
    BROKER_POLICY_VERIFICATION_KEY: key.publicKeyPath,
    BROKER_POLICY_POLL_MS: String(POLL_MS),
  });
  // The next bundle's covenant is other content, so another version: accepted like the first.
  await seedAcceptedCovenant(ctx.store, ctx.clock, { content: covenantOf(next) });
  const broker = await startBroker(config, logger);
  const url = `https://127.0.0.1:${broker.port}`;
  const api = new ApiClient(url);
  const people = cast(network.holders);
  const health = async () => {
    const response = await httpsRequest(`${url}/health`, {
      method: 'GET',
      tls: network.holders['politie-cn'],
    });
    return { status: response.status, body: JSON.parse(response.text) };
  };
  let theCase: Awaited<ReturnType<typeof monitoredCase>> | undefined;
  const signer = UserAssertionSigner.create({
    certificatePem: people.caseDirector.holder.cert,
    privateKeyPem: people.caseDirector.holder.key,
    audience: AUDIENCE,
  });
  return {
    broker,
    url,
    api,
    logLines: lines,
    health,
    async waitForRevision(revision) {
      const deadline = Date.now() + 10_000;
      while ((await health()).body.policyRevision !== revision) {
        if (Date.now() > deadline) throw new Error(`revision ${revision} not active in time`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async pull(agent) {
      if (theCase === undefined) {
        theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
        await giveConsent(api, people, theCase, 'jeugdzorg-cn');
      }
      const path = `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`;
      const body = {
        purpose: 'case_meeting',
        categories: ['police_incidents'],
        providers: ['politie-cn'],
      };
      if (agent === undefined) return api.call(people.caseDirector, 'POST', path, body);
      const { caseDirector } = people;
      const response = await httpsRequest(`${url}${path}`, {
        method: 'POST',
        agent,
        headers: {
          'ZVH-Assertion': await signer.sign(
            { id: caseDirector.user, name: caseDirector.user, role: caseDirector.role },
            new Date(),
          ),
        },
        body,
      });
      return { ...response, body: JSON.parse(response.text) };
    },
  };
}

/** The revision each pull's audit entry names, by exchange id. */
async function pullRevisions(url: string): Promise<Map<string, string | null>> {
  const rows = await withDatabase(url, (db) =>
    db
      .selectFrom('audit_entries')
      .select(['exchange_id', 'policy_revision'])
      .where('event_type', '=', 'exchange.pull')
      .execute(),
  );
  return new Map(rows.map((row) => [String(row.exchange_id), row.policy_revision ?? null]));
}

/** The fields of the police incidents a pull received. */
function fieldsOf(response: ApiResponse): string[] {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const [result] = response.body as {
    status: string;
    data: Record<string, Record<string, unknown>[]>;
  }[];
  expect(result?.status).toBe('data');
  return Object.keys(result?.data.police_incidents?.[0] ?? {}).sort();
}

/** A bundle server as OPA's bundle protocol has it: the tarball, its ETag, 304 when unchanged. */
interface BundleServer {
  readonly url: string;
  readonly notModified: number;
  serve(files: BundleFiles): void;
  close(): Promise<void>;
}

async function startBundleServer(files: BundleFiles): Promise<BundleServer> {
  let tarball = packBundleTarball(files);
  let etag = `"${createHash('sha256').update(tarball).digest('hex')}"`;
  let notModified = 0;
  const server: Server = createServer((request, response) => {
    if (request.headers['if-none-match'] === etag) {
      notModified += 1;
      response.writeHead(304, { etag }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/gzip', etag }).end(tarball);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bundles/zvh.tar.gz`,
    get notModified() {
      return notModified;
    },
    serve(next) {
      tarball = packBundleTarball(next);
      etag = `"${createHash('sha256').update(tarball).digest('hex')}"`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeOnEveryDatabase('a policy bundle activated without a restart', (ctx) => {
  let running: Running | undefined;
  let dir: string | undefined;
  let server: BundleServer | undefined;

  afterEach(async () => {
    await running?.broker.stop();
    await server?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    running = undefined;
    server = undefined;
    dir = undefined;
  });

  async function watchedDirectory(files: BundleFiles): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'zvh-watched-bundle-'));
    await writeBundle(dir, files);
    return dir;
  }

  it('takes a new signed bundle from its directory: /health and the next decision show it', async () => {
    running = await startWith(ctx, await watchedDirectory(current));
    expect((await running.health()).body).toMatchObject({
      status: 'ok',
      policyRevision: currentRevision,
      policyBundle: { signatureRequired: true, refused: null, unreachable: null },
    });
    expect(fieldsOf(await running.pull())).toContain(DROPPED_FIELD);

    await writeBundle(dir as string, next);
    await running.waitForRevision(NEXT_REVISION);
    const after = await running.pull();
    expect(fieldsOf(after)).not.toContain(DROPPED_FIELD);
    const revisions = await pullRevisions(ctx.url);
    expect(revisions.get(after.body[0].exchangeId)).toBe(NEXT_REVISION);
  });

  it('refuses an altered bundle, keeps deciding with the old one, and says so in /health', async () => {
    running = await startWith(ctx, await watchedDirectory(current));
    // A byte inside the covenant's name: the file stays JSON with its revision readable, and
    // only the signature's hash tells it was altered, whatever the content around the middle.
    const data = Buffer.from(next.get('data.json') as Uint8Array).toString('latin1');
    const inName = data.indexOf('Veiligheidshuis') - Math.floor(data.length / 2);
    await writeBundle(dir as string, withFlippedByte(next, 'data.json', inName));
    const deadline = Date.now() + 10_000;
    let health = await running.health();
    while ((health.body.policyBundle as { refused: unknown }).refused === null) {
      if (Date.now() > deadline) throw new Error('the altered bundle was not refused in time');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      health = await running.health();
    }
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      policyRevision: currentRevision,
      policyBundle: {
        refused: { code: 'POLICY_BUNDLE_FILE_ALTERED', revision: NEXT_REVISION },
      },
    });
    const pulled = await running.pull();
    expect(fieldsOf(pulled)).toContain(DROPPED_FIELD);
    expect((await pullRevisions(ctx.url)).get(pulled.body[0].exchangeId)).toBe(currentRevision);
    expect(running.logLines.join('\n')).toContain('POLICY_BUNDLE_FILE_ALTERED');
  });

  it('denies everything while its first bundle is refused, and decides once a signed one arrives', async () => {
    running = await startWith(ctx, await watchedDirectory(await committedBundle()));
    const refused = await running.health();
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({
      status: 'policy_unavailable',
      policyRevision: 'unavailable',
      policyBundle: { activatedAt: null, refused: { code: 'POLICY_BUNDLE_UNSIGNED' } },
    });
    // Without a policy no covenant is in force: not even a case can be registered.
    await expect(running.pull()).rejects.toThrow(/COVENANT_NOT_IN_FORCE/);
    await writeBundle(dir as string, current);
    await running.waitForRevision(currentRevision);
    expect((await running.health()).status).toBe(200);
    expect(fieldsOf(await running.pull())).toContain(DROPPED_FIELD);
  });

  it('stages a bundle whose covenant starts later, and decides with it from its start', async () => {
    running = await startWith(ctx, await watchedDirectory(current));
    expect(fieldsOf(await running.pull())).toContain(DROPPED_FIELD);
    const from = new Date(Date.now() + STAGED_LEAD_MS);
    const renewal = await signed(await bundleAtRevision(STAGED_REVISION, renewalFrom(from)), key);
    // The renewal is another covenant version: proposed and accepted like the running one.
    await seedAcceptedCovenant(ctx.store, ctx.clock, { content: covenantOf(renewal) });
    await writeBundle(dir as string, renewal);

    const deadline = Date.now() + 10_000;
    let health = await running.health();
    while ((health.body.policyBundle as { staged: unknown }).staged === null) {
      if (Date.now() > deadline) throw new Error('the renewal was not staged in time');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      health = await running.health();
    }
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      policyRevision: currentRevision,
      policyBundle: { staged: { revision: STAGED_REVISION, from: from.toISOString() } },
    });
    const before = await running.pull();
    expect(Date.now(), 'the pull was meant to come before the renewal starts').toBeLessThan(
      from.getTime(),
    );
    expect(fieldsOf(before)).toContain(DROPPED_FIELD);
    expect((await pullRevisions(ctx.url)).get(before.body[0].exchangeId)).toBe(currentRevision);

    await new Promise((resolve) => setTimeout(resolve, from.getTime() - Date.now() + 1));
    const after = await running.pull();
    expect(fieldsOf(after)).not.toContain(DROPPED_FIELD);
    expect((await pullRevisions(ctx.url)).get(after.body[0].exchangeId)).toBe(STAGED_REVISION);
    expect((await running.health()).body).toMatchObject({
      policyRevision: STAGED_REVISION,
      policyBundle: { staged: null, activatedAt: from.toISOString() },
    });
    const log = running.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(log).toContainEqual(
      expect.objectContaining({ msg: `policy bundle staged until ${from.toISOString()}` }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        msg: 'policy bundle activated',
        policyRevision: STAGED_REVISION,
        previousRevision: currentRevision,
      }),
    );
  });

  it('takes a new bundle from a bundle server, asking with If-None-Match in between', async () => {
    server = await startBundleServer(current);
    running = await startWith(ctx, server.url);
    expect((await running.health()).body.policyRevision).toBe(currentRevision);
    const deadline = Date.now() + 10_000;
    while (server.notModified < 3) {
      if (Date.now() > deadline) throw new Error('no conditional requests answered 304');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    server.serve(next);
    await running.waitForRevision(NEXT_REVISION);
    const after = await running.pull();
    expect(fieldsOf(after)).not.toContain(DROPPED_FIELD);
    expect((await pullRevisions(ctx.url)).get(after.body[0].exchangeId)).toBe(NEXT_REVISION);
  });

  it(`finishes ${PULLS_ACROSS_A_SWAP} pulls in flight across a swap, each audited under the revision that decided it`, async () => {
    running = await startWith(ctx, await watchedDirectory(current));
    await running.pull();
    // All are sent at once; the connections are bounded below the listener's backlog (511),
    // so the kernel queues no handshake it would reset: at most this many at the broker at a time.
    const agent = new Agent({
      ...network.holders['jeugdzorg-cn'],
      keepAlive: true,
      maxSockets: 256,
    });
    let answered = 0;
    let swapped: Promise<void> | undefined;
    const pulls = Array.from({ length: PULLS_ACROSS_A_SWAP }, () =>
      (running as Running).pull(agent).then((response) => {
        answered += 1;
        // Swap once a tenth are answered: the rest are in flight or yet to be decided.
        if (answered === PULLS_ACROSS_A_SWAP / 10) swapped = writeBundle(dir as string, next);
        return response;
      }),
    );
    const responses = await Promise.all(pulls).finally(() => agent.destroy());
    await swapped;
    const revisions = await pullRevisions(ctx.url);
    const seen = new Map<string, number>();
    for (const response of responses) {
      const fields = fieldsOf(response);
      const revision = revisions.get(response.body[0].exchangeId);
      // The answer's fields are the decision's; the entry must name the bundle that made it.
      expect(revision).toBe(fields.includes(DROPPED_FIELD) ? currentRevision : NEXT_REVISION);
      seen.set(revision as string, (seen.get(revision as string) ?? 0) + 1);
    }
    expect(seen.get(currentRevision)).toBeGreaterThan(0);
    expect(seen.get(NEXT_REVISION)).toBeGreaterThan(0);
  }, 180_000);
});
