import { join } from 'node:path';
import type { PartnerClient } from '../../adapters/partner-client/partner-client.ts';
import { SAMPLE_PERSONS } from '../../adapters/reference/sample-persons.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import { acceptCovenantOverApi } from '../lib/accepted-covenant.ts';
import { CASE_DIRECTOR_USER, type Cast, setUpCase } from './case-setup.ts';
import { ADAPTER_TIMEOUT_MS, type PullSpec } from './measure.ts';
import { AUDIENCE, type BenchNetwork, createBenchNetwork } from './network.ts';
import { benchPartner } from './partner.ts';
import { type Running, startAdapterProcess, startBrokerProcess } from './processes.ts';

/**
 * Youth care's case director pulls police incidents and reports. Both providers run the
 * police reference system, so both release the same records on both paths.
 */
export const PROVIDERS = ['politie-cn', 'om-bes'] as const;
const CATEGORIES = ['police_incidents', 'police_reports'];
const PURPOSE = 'case_meeting';
const ACTING = ['politie-cn', 'zvh-bonaire', 'jeugdzorg-cn', 'om-bes'];

/** The sample person with both police incidents and a police report: every category has data. */
const person = SAMPLE_PERSONS.find(
  (p) => p.household === 'domestic_violence' && p.role === 'parent' && p.gender === 'female',
);

/** A broker and two adapters running as processes, and a case ready to pull from. */
export interface Deployment {
  readonly network: BenchNetwork;
  readonly stateDir: string;
  readonly adapters: Readonly<Record<string, string>>;
  readonly adapterProcesses: readonly Running[];
  readonly broker: Running;
  readonly cast: Cast;
  readonly spec: PullSpec;
  /** A partner employee of `organisation` with `role`, on the network's certificates. */
  partner(organisation: string, user: string, role: CaseRole): Promise<PartnerClient>;
  /** Stops the broker (it signs its shutdown checkpoint) and then the adapters. */
  stop(): Promise<void>;
}

/**
 * The exchange benchmarks' set-up: a fresh network CA in `dir` with certificates for the
 * acting partners (and `outsiders`, who take part in no case), the two police adapters
 * and the broker as child processes, and through the broker's API the bundle's covenant
 * accepted by all of them (the outsiders too: parties of the network, in no case) and a
 * case in which the youth-care case director may pull from both providers.
 */
export async function deploy(dir: string, outsiders: readonly string[] = []): Promise<Deployment> {
  if (person === undefined) throw new Error('no sample person with police records');
  const stateDir = join(dir, 'broker');
  console.log('network: CA and certificates…');
  const network = await createBenchNetwork(stateDir, [...ACTING, ...outsiders], PROVIDERS);
  const adapterProcesses: Running[] = [];
  let broker: Running | undefined;
  const stop = async () => {
    await broker?.stop();
    broker = undefined;
    await Promise.all(adapterProcesses.map((adapter) => adapter.stop()));
    adapterProcesses.length = 0;
  };
  try {
    const adapters: Record<string, string> = {};
    for (const organisation of PROVIDERS) {
      const adapter = await startAdapterProcess({
        organisation,
        system: 'politie-cn',
        tls: network.paths('adapter', organisation),
        revocations: network.revocations,
        stateDir: join(dir, 'adapters', organisation),
      });
      adapterProcesses.push(adapter);
      adapters[organisation] = adapter.url;
    }
    broker = await startBrokerProcess({
      stateDir,
      adapters,
      adapterTimeoutMs: ADAPTER_TIMEOUT_MS,
      expectRefusals: outsiders.length > 0,
    });
    console.log(`broker ${broker.url}, adapters ${Object.values(adapters).join(', ')}`);
    const url = broker.url;
    const parties = [...ACTING, ...outsiders];
    await acceptCovenantOverApi(url, (party) => network.material('partner', party), parties);
    const partner = async (organisation: string, user: string, role: CaseRole) =>
      benchPartner(await network.material('partner', organisation), AUDIENCE, url, {
        id: user,
        name: user,
        role,
      });
    const cast: Cast = {
      registrant: await partner('politie-cn', 'agent-17', 'case_participant'),
      processDirector: await partner('zvh-bonaire', 'procesregisseur-1', 'process_director'),
      caseDirector: await partner('jeugdzorg-cn', CASE_DIRECTOR_USER, 'case_director'),
      providers: [{ organisation: 'om-bes', user: 'officier-1' }],
    };
    const { caseId, personId } = await setUpCase(cast, person);
    return {
      network,
      stateDir,
      adapters,
      adapterProcesses,
      broker,
      cast,
      spec: {
        path: `/v1/cases/${caseId}/persons/${personId}/pull`,
        purpose: PURPOSE,
        categories: CATEGORIES,
        providers: PROVIDERS,
        nationalId: person.nationalId,
      },
      partner,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
