/**
 * The broker's pull path without TLS or adapters, run on demand with `npm run
 * bench:pull-path`: facts from the store, the in-process decision, everything kept beside
 * it, and the durable audit append (SQLite, synchronous=FULL, group commit), for pulls
 * whose provider has no adapter (so each ends "unavailable" after its entry). Narrower
 * than `npm run bench:exchange`, so that a few microseconds added to the path are not lost
 * in the noise of TLS and adapters: run it on two commits to compare them (issue 11 ran it
 * before and after the decision-input history). CPU time (user + system of this process,
 * which also runs SQLite) moves less than the latencies when other work shares the
 * machine; waiting for fsync is not CPU time. Prints the figures; writes nothing else.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../broker/config/config.ts';
import { pull } from '../broker/exchange/pull-exchange.ts';
import type { AdapterAgentPool } from '../broker/identity/adapter-agent.ts';
import { createLogger } from '../broker/log/logger.ts';
import { openPolicyEngine } from '../broker/policy/wasm-policy-engine.ts';
import { BrokerStore } from '../broker/store/broker-store.ts';
import { seedNetworks } from '../broker/store/seed-networks.ts';
import { systemClock } from '../keys/clock.ts';
import {
  acceptedCase,
  NATIONAL_ID,
  NETWORK,
  POLICE,
  PROCESS_DIRECTOR,
  YOUTH_CARE,
} from '../test/support/case-fixtures.ts';
import { createBenchNetwork } from './exchange/network.ts';
import { acceptCovenantInStore } from './lib/accepted-covenant.ts';
import { timeConcurrent } from './lib/concurrency.ts';

const LEVELS = [
  { concurrency: 1, warmup: 200, count: 2_000 },
  { concurrency: 16, warmup: 500, count: 8_000 },
] as const;
const ROUNDS = 3;
/** Who registers, directs and pulls: each must be a party to the covenant. */
const PARTIES = [POLICE.organisation, PROCESS_DIRECTOR.organisation, YOUTH_CARE.organisation];

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zvh-bench-pull-path-'));
  const policy = await openPolicyEngine('policies/bundle');
  const store = await BrokerStore.open({
    databaseUrl: `sqlite:${join(dir, 'broker.sqlite')}`,
    identifierSecret: randomBytes(32),
    activeCovenant: (network) => policy.covenantVersionId(network),
  });
  try {
    await seedNetworks(store.networks, 'policies/zvh/covenants');
    const network = await createBenchNetwork(join(dir, 'network'), PARTIES, []);
    await acceptCovenantInStore(
      store,
      (organisation) => network.material('partner', organisation),
      PARTIES,
    );
    const caseId = await acceptedCase(store);
    await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
    const person = await store.persons.add(NETWORK, caseId, POLICE, {
      nationalId: NATIONAL_ID,
      ageBand: '13-17',
      gender: 'female',
    });
    await store.consent.record(NETWORK, caseId, PROCESS_DIRECTOR, 'consent', {
      personId: person.id,
      recipient: YOUTH_CARE.organisation,
      categories: null,
      // A 13-17-year-old: her legal representative consents (the policy's minors rule).
      givenBy: 'legal_representative',
      obtainedHow: 'in_person',
      at: systemClock.now(),
    });
    const deps = {
      store,
      network: NETWORK,
      policy,
      logger: createLogger('silent'),
      clock: systemClock,
      adapters: new Map<string, string>(),
      agents: {} as AdapterAgentPool,
      timeoutMs: 1_000,
      answerLimits: DEFAULT_LIMITS.adapterAnswer,
    };
    const onePull = async () => {
      const [result] = await pull(deps, {
        requester: { ...YOUTH_CARE, role: 'case_director' },
        caseId,
        personId: person.id,
        purpose: 'case_meeting',
        categories: ['police_incidents', 'police_reports', 'identification'],
        providers: [POLICE.organisation],
        requestId: 'bench',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      });
      if (result?.status !== 'unavailable') throw new Error(`pull: ${JSON.stringify(result)}`);
    };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const level of LEVELS) {
        await timeConcurrent(level.warmup, level.concurrency, onePull);
        const cpuBefore = process.cpuUsage();
        const timed = await timeConcurrent(level.count, level.concurrency, onePull);
        const cpu = process.cpuUsage(cpuBefore);
        const cpuMs = (cpu.user + cpu.system) / 1000 / level.count;
        console.log(
          `round ${round}, concurrency ${level.concurrency}: ${Math.round(timed.perSecond)} pulls/s, p50 ${(timed.p50Ns / 1e6).toFixed(3)} ms, p99 ${(timed.p99Ns / 1e6).toFixed(3)} ms, CPU ${cpuMs.toFixed(3)} ms/pull`,
        );
      }
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
