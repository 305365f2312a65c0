import { mkdir } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { checkpointKeyPaths, ensureCheckpointKey } from './audit/checkpoint-key.ts';
import { loadConfig } from './config/config.ts';
import { BrokerError } from './errors/broker-error.ts';
import { startPushDelivery } from './exchange/push-delivery.ts';
import { createAdapterAgent } from './identity/adapter-agent.ts';
import { AssertionVerifier } from './identity/assertion-verifier.ts';
import { type BrokerKeyPaths, ensureBrokerKeys } from './identity/broker-keys.ts';
import { systemClock } from './identity/clock.ts';
import { MemoryReplayCache } from './identity/replay-cache.ts';
import { RevocationSource } from './identity/revocation-source.ts';
import { readTlsMaterial } from './identity/tls-material.ts';
import { createLogger } from './log/logger.ts';
import { openPolicyEngine } from './policy/wasm-policy-engine.ts';
import { startBrokerServer } from './server.ts';
import { BrokerStore } from './store/broker-store.ts';
import { systemClock as storeClock } from './store/clock.ts';
import { loadIdentifierSecret } from './store/identifier-secret.ts';
import { seedNetworks } from './store/seed-networks.ts';

/** How often the broker signs the head of the audit trail; it also signs at shutdown. */
const CHECKPOINT_INTERVAL_MS = 5 * 60 * 1000;

/** Deletion is due a year after closing; checking hourly keeps it within the hour. */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** The covenants in the policy data: the store seeds its partners from them. */
const COVENANTS_DIR = fileURLToPath(new URL('../policies/zvh/covenants', import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 });
  const keys = await ensureBrokerKeys(config, systemClock());
  const revocations = await RevocationSource.open(keys.revocations, {
    onReload: (list) => logger.info({ entries: list.entries.length }, 'revocation list reloaded'),
    onError: (error) =>
      logger.error({ err: error }, 'revocation list unreadable: keeping the last good'),
  });
  revocations.watch();
  const policy = await openPolicyEngine(config.policyBundleDir, {
    onError: (error) => logger.error({ code: error.code, err: error }, 'policy failure: denying'),
  });
  const assertions = new AssertionVerifier({
    audience: config.audience,
    replayCache: new MemoryReplayCache(),
    clock: systemClock,
  });
  const store = await BrokerStore.open({
    databaseUrl: config.databaseUrl,
    identifierSecret: loadIdentifierSecret(config.stateDir, config.identifierKey),
  });
  await seedNetworks(store.networks, COVENANTS_DIR, systemClock());
  logger.info({ dialect: store.dialect }, 'store opened and migrated');
  const checkpointKey = await ensureCheckpointKey(
    checkpointKeyPaths(config.stateDir, config.network),
  );
  const stopCheckpoints = store.checkpoints.every(checkpointKey, CHECKPOINT_INTERVAL_MS, (error) =>
    logger.error({ err: error }, 'audit checkpoint failed; retrying next interval'),
  );
  const stopRetention = store.retention.schedule(storeClock, RETENTION_INTERVAL_MS, {
    onDeleted: (cases) => {
      for (const deleted of cases) {
        logger.info(
          { network: deleted.network, caseId: deleted.caseId, deleted: deleted.deleted },
          'retention: case data deleted one year after closing',
        );
      }
    },
    onError: (error) =>
      logger.error({ err: error }, 'retention run failed; retrying next interval'),
  });
  const adapters = {
    directory: config.adapters,
    agent: createAdapterAgent(await readTlsMaterial(keys.client), {
      revocations,
      clock: systemClock,
    }),
    timeoutMs: config.adapterTimeoutMs,
  };
  const delivery = startPushDelivery({
    store,
    policy,
    clock: systemClock,
    logger,
    adapters: adapters.directory,
    agent: adapters.agent,
    timeoutMs: adapters.timeoutMs,
  });
  const app = createApp({
    policy,
    logger,
    identity: { revocations, assertions, clock: systemClock },
    store,
    network: config.network,
    adapters,
    delivery,
  });
  const broker = await startBrokerServer({
    app,
    tls: keys.server,
    revocations,
    clock: systemClock,
    logger,
    host: config.host,
    port: config.port,
  });
  logger.info(
    { port: broker.port, network: config.network, policyRevision: policy.revision },
    'broker listening (mutual TLS)',
  );
  printHowToCall(keys, config.audience, broker.port);
  const stop = (): void => {
    revocations.close();
    stopRetention();
    stopCheckpoints();
    // The last checkpoint covers every entry appended before the listener closed.
    void broker
      .close()
      .then(() => delivery.stop())
      .then(() => store.audit.close())
      .then(() => store.checkpoints.checkpoint(checkpointKey))
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** For the developer at the terminal: the two ways to prove identity works. */
function printHowToCall(keys: BrokerKeyPaths, audience: string, port: number): void {
  const partner = keys.demoPartner;
  if (partner === null) return;
  const path = (file: string): string => {
    const near = relative(process.cwd(), file);
    return near.startsWith('..') ? file : near;
  };
  const url = `https://localhost:${port}`;
  const keyFiles = `--cert ${path(partner.certificate)} --key ${path(partner.privateKey)}`;
  const user = `--user u123 --name 'Demo User' --role case_participant --audience ${audience}`;
  console.error(`
Call the broker as the demo partner:
  npm run -s partner -- whoami --broker ${url} ${keyFiles} --ca ${path(partner.ca)} \\
    ${user}
or with curl (the assertion comes from the partner CLI):
  curl --cert ${path(partner.certificate)} --key ${path(partner.privateKey)} --cacert ${path(partner.ca)} \\
    -H "ZVH-Assertion: $(npm run -s partner -- assertion ${keyFiles} ${user})" \\
    ${url}/v1/whoami
`);
}

main().catch((error: unknown) => {
  const message = error instanceof BrokerError ? `${error.code}: ${error.message}` : String(error);
  console.error(`zvh-broker: ${message}`);
  process.exit(1);
});
