import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { systemClock as storeClock, systemClock } from '../keys/clock.ts';
import { RevocationSource } from '../keys/revocation/revocation-source.ts';
import { readTlsMaterial } from '../keys/tls/tls-material.ts';
import { createApp } from './app.ts';
import { checkpointKeyPaths, ensureCheckpointKey } from './audit/checkpoints/checkpoint-key.ts';
import { CheckpointLog } from './audit/checkpoints/checkpoint-log.ts';
import { checkpointOrigin } from './audit/checkpoints/checkpoint-note-signer.ts';
import { startCheckpointSchedule } from './audit/checkpoints/checkpoint-schedule.ts';
import { CheckpointWitnesses } from './audit/checkpoints/checkpoint-witnesses.ts';
import { startVerificationSchedule } from './audit/status/verification-schedule.ts';
import { recordOutages } from './audit/trail/outage-recorder.ts';
import type { BrokerConfig } from './config/config.ts';
import { startPushDelivery } from './exchange/push-delivery.ts';
import { AdapterAgents } from './identity/adapter-agent.ts';
import { AssertionVerifier } from './identity/assertion-verifier.ts';
import { type BrokerKeyPaths, ensureBrokerKeys } from './identity/broker-keys.ts';
import { RefusalThrottle } from './identity/refusal-throttle.ts';
import type { Logger } from './log/logger.ts';
import { loadPolicyVerificationKey } from './policy/policy-bundle-signature.ts';
import { bundleSourceFor } from './policy/policy-bundle-source.ts';
import { startPolicyBundleWatcher } from './policy/policy-bundle-watcher.ts';
import { startBrokerServer } from './server.ts';
import { BrokerStore } from './store/broker-store.ts';
import { loadIdentifierSecret } from './store/identifier-secret.ts';
import { seedNetworks } from './store/seed-networks.ts';

/** While audit appends fail, how often the broker tries again without waiting for traffic. */
const AUDIT_PROBE_INTERVAL_MS = 2000;

/** Deletion is due a year after closing; checking hourly keeps it within the hour. */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** The covenants in the policy data: the store seeds its networks from them. */
const COVENANTS_DIR = fileURLToPath(new URL('../policies/zvh/covenants', import.meta.url));

export interface StartedBroker {
  /** The port it listens on: the configured one, or the free one picked for port 0. */
  readonly port: number;
  readonly keys: BrokerKeyPaths;
  /** Open until `stop`; the demo seeds its example cases through it. */
  readonly store: BrokerStore;
  /**
   * Closes the listener, commits pending audit entries, signs a last checkpoint covering
   * them, publishes it to the checkpoint log and the witnesses, and closes the store.
   */
  stop(): Promise<void>;
}

/**
 * The whole broker from its configuration: keys created where missing, the policy engine,
 * the store migrated and seeded with the networks, audit checkpoints (published to the
 * checkpoint log and the adapters), a full verification of the trail and retention on a
 * schedule, and the mutual-TLS listener.
 *
 * @example
 * const broker = await startBroker(loadConfig(process.env), createLogger('info'));
 * process.once('SIGTERM', () => void broker.stop());
 */
export async function startBroker(config: BrokerConfig, logger: Logger): Promise<StartedBroker> {
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 });
  const keys = await ensureBrokerKeys(config, systemClock.now());
  const revocations = await RevocationSource.open(keys.revocations, {
    onReload: (list) => logger.info({ entries: list.entries.length }, 'revocation list reloaded'),
    onError: (error) =>
      logger.error({ err: error }, 'revocation list unreadable: keeping the last good'),
  });
  revocations.watch();
  const verificationKey =
    config.policy.verificationKey === undefined
      ? null
      : await loadPolicyVerificationKey(config.policy.verificationKey);
  if (verificationKey === null) {
    logger.warn(
      'policy bundles are taken unsigned (no BROKER_POLICY_VERIFICATION_KEY): for a local broker only',
    );
  }
  const bundles = await startPolicyBundleWatcher({
    source: bundleSourceFor(config.policy.location, config.policy.maxBytes),
    verificationKey,
    pollMs: config.policy.pollMs,
    logger,
    clock: systemClock,
    engine: {
      onError: (error) => logger.error({ code: error.code, err: error }, 'policy failure: denying'),
    },
  });
  // Every part asks this holder at the moment it decides: a swapped bundle reaches all of them.
  const policy = bundles.policy;
  const store = await BrokerStore.open({
    databaseUrl: config.databaseUrl,
    identifierSecret: loadIdentifierSecret(config.stateDir, config.identifierKey),
    replayQuotaPerPartner: config.replayQuotaPerPartner,
    vocabulary: (network) => policy.vocabulary(network),
    activeCovenant: (network) => policy.covenantVersionId(network),
  });
  const assertions = new AssertionVerifier({
    audience: config.audience,
    replayCache: store.replays,
    clock: systemClock,
  });
  await seedNetworks(store.networks, COVENANTS_DIR);
  logger.info({ dialect: store.dialect }, 'store opened and migrated');
  const stopOutages = recordOutages(store.audit, {
    network: config.network,
    probeEveryMs: AUDIT_PROBE_INTERVAL_MS,
    logger,
  });
  const stopRetention = store.retention.schedule(storeClock, RETENTION_INTERVAL_MS, {
    onDone: (run) => {
      for (const deleted of run.deleted) {
        logger.info(
          { network: deleted.network, caseId: deleted.caseId, deleted: deleted.deleted },
          'retention: case data deleted one year after closing',
        );
      }
      for (const erased of run.erased) {
        logger.info(erased, "retention: audit entries' subjects erased at the trail's own term");
      }
    },
    onError: (error) =>
      logger.error({ err: error }, 'retention run failed; retrying next interval'),
  });
  const adapters = {
    directory: config.adapters,
    agents: new AdapterAgents(await readTlsMaterial(keys.client), {
      revocations,
      clock: systemClock,
    }),
    timeoutMs: config.adapterTimeoutMs,
    answerLimits: config.limits.adapterAnswer,
  };
  const checkpointLog =
    config.checkpoints.log === undefined
      ? undefined
      : await CheckpointLog.open(config.checkpoints.log);
  if (checkpointLog === undefined) {
    logger.warn('no checkpoint log (BROKER_CHECKPOINT_LOG): the adapters are the only witnesses');
  }
  const checkpointKey = await ensureCheckpointKey(
    checkpointKeyPaths(config.stateDir, config.network),
  );
  const checkpoints = await startCheckpointSchedule({
    checkpointer: store.checkpoints,
    key: checkpointKey,
    origin: checkpointOrigin(config.network),
    intervalMs: config.checkpoints.intervalMs,
    everyEntries: config.checkpoints.everyEntries,
    log: checkpointLog,
    witnesses: new CheckpointWitnesses({
      adapters: config.adapters,
      agents: adapters.agents,
      timeoutMs: config.adapterTimeoutMs,
      logger,
    }),
    logger,
  });
  const verification = startVerificationSchedule({
    databaseUrl: config.databaseUrl,
    publicKey: checkpointKey.publicKey,
    checkpointLog: config.checkpoints.log,
    intervalMs: config.checkpoints.verifyIntervalMs,
    firstAfterMs: config.checkpoints.verifyFirstAfterMs,
    clock: systemClock,
    logger,
  });
  const delivery = startPushDelivery({
    store,
    policy,
    clock: systemClock,
    logger,
    adapters: adapters.directory,
    agents: adapters.agents,
    timeoutMs: adapters.timeoutMs,
  });
  const refusals = new RefusalThrottle({
    perMinute: config.refusalsPerMinute,
    trail: store.audit,
    network: config.network,
    logger,
  });
  const app = createApp({
    policy,
    policyBundles: bundles,
    logger,
    identity: { revocations, assertions, clock: systemClock },
    store,
    network: config.network,
    adapters,
    delivery,
    requestLimits: config.limits.request,
    refusals,
    verification,
    ...(config.policy.candidatesDir === undefined
      ? {}
      : {
          policyCandidates: {
            dir: config.policy.candidatesDir,
            ...(verificationKey === null ? {} : { verificationKey }),
          },
        }),
  });
  const server = await startBrokerServer({
    app,
    tls: keys.server,
    revocations,
    clock: systemClock,
    logger,
    host: config.host,
    port: config.port,
    maxHeaderBytes: config.limits.request.headerBytes,
  });
  logger.info(
    {
      port: server.port,
      network: config.network,
      policyRevision: policy.revision,
      node: process.version,
    },
    'broker listening (mutual TLS)',
  );
  return {
    port: server.port,
    keys,
    store,
    async stop() {
      await bundles.stop();
      revocations.close();
      stopOutages();
      stopRetention();
      await verification.stop();
      await checkpoints.stop();
      await server.close();
      await delivery.stop();
      await refusals.close();
      // The last checkpoint covers every entry appended before the listener closed, and
      // reaches the log and the witnesses before the adapters' agents go.
      await store.audit.close();
      await checkpoints.checkpointNow();
      await checkpointLog?.close();
      adapters.agents.destroy();
      await store.close();
    },
  };
}
