import { join } from 'node:path';
import { CodedError } from '../adapters/contract/coded-error.ts';
import { REFERENCE_PARTNER_IDS } from '../adapters/reference/reference-partners.ts';
import { loadConfig } from '../broker/config/config.ts';
import { ConfigInvalidError } from '../broker/errors/broker-error.ts';
import { createLogger } from '../broker/log/logger.ts';
import { type StartedBroker, startBroker } from '../broker/start-broker.ts';
import { stopOnSignal } from '../broker/stop-on-signal.ts';
import { BrokerStore } from '../broker/store/broker-store.ts';
import { readIdentifierSecret } from '../broker/store/identifier-secret.ts';
import { type Clock, systemClock } from '../keys/clock.ts';
import { startDemoAdapters } from './demo-adapters.ts';
import { DOMESTIC_VIOLENCE, earlierClock, ensureDemoCases } from './demo-cases.ts';
import { DEMO_PARTNERS } from './demo-cast.ts';
import { DEMO_NETWORK, loadDemoConfig } from './demo-config.ts';
import { beforeTheCases, ensureDemoCovenant } from './demo-covenant.ts';
import { demoGuide } from './demo-guide.ts';
import { ensureDemoKeys } from './demo-keys.ts';
import { ensureDemoPersons, workspaceGuide } from './demo-persons.ts';
import { signedDemoBundle } from './demo-policy-bundle.ts';

// `npm start`: the broker, the four reference adapters and the example cases, on localhost.
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const demo = loadDemoConfig(process.env);
  if (config.network !== DEMO_NETWORK) {
    throw new ConfigInvalidError(`BROKER_NETWORK: the demo runs ZVH ${DEMO_NETWORK} only`);
  }
  const logger = createLogger(config.logLevel);
  const keys = await ensureDemoKeys(
    config.stateDir,
    config.network,
    REFERENCE_PARTNER_IDS,
    DEMO_PARTNERS,
    new Date(),
  );
  const workspace = await ensureDemoPersons(config.stateDir, config.network, new Date());
  const adapters = await startDemoAdapters(demo, keys, config.stateDir, logger);
  let broker: StartedBroker;
  try {
    broker = await startBroker(
      {
        ...config,
        policy: await signedDemoBundle(config.policy, config.stateDir),
        adapters: new Map([...config.adapters, ...adapters.directory]),
      },
      logger,
    );
  } catch (error) {
    await adapters.close();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await broker.stop();
    await adapters.close();
  };
  stopOnSignal(stop, logger);
  try {
    // Stores that record in the past, deciding parties by the broker's active policy.
    const pastStore = (clock: Clock) =>
      BrokerStore.open({
        databaseUrl: config.databaseUrl,
        identifierSecret: readIdentifierSecret(config.stateDir, config.identifierKey),
        activeCovenant: (network) => broker.store.parties.activeVersion(network),
        clock,
      });
    const beforeClock = beforeTheCases(systemClock);
    const before = await pastStore(beforeClock);
    const covenant = await ensureDemoCovenant(
      { now: broker.store, before, beforeClock, clock: systemClock },
      config.network,
      config.policyBundleDir,
      keys,
      DEMO_PARTNERS,
    ).finally(() => before.close());
    const earlier = await pastStore(earlierClock(systemClock));
    const cases = await ensureDemoCases(
      { now: broker.store, earlier, clock: systemClock },
      config.network,
      join(config.stateDir, 'demo-cases.json'),
    ).finally(() => earlier.close());
    const daughter = await broker.store.persons.findByNationalId(
      config.network,
      cases.domestic_violence,
      DOMESTIC_VIOLENCE.daughter.nationalId,
    );
    if (daughter === undefined) throw new TypeError('the seeded case lost its persons');
    console.error(
      demoGuide({
        brokerUrl: `https://localhost:${broker.port}`,
        audience: config.audience,
        keys,
        cases,
        covenant,
        daughterId: daughter.id,
        inboxes: new Map(adapters.running.map((a) => [a.organisation, a.localUrl])),
      }),
    );
    console.error(workspaceGuide(`https://localhost:${broker.port}`, workspace));
  } catch (error) {
    await stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  const message = error instanceof CodedError ? `${error.code}: ${error.message}` : String(error);
  console.error(`zvh-demo: ${message}`);
  process.exit(1);
});
