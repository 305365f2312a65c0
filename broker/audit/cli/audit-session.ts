import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { NETWORK_ID_PATTERN } from '../../../keys/certificates/certificate-profile.ts';
import { type BrokerConfig, loadConfig } from '../../config/config.ts';
import { BrokerStore } from '../../store/broker-store.ts';
import { readIdentifierSecret } from '../../store/identifier-secret.ts';
import type { AuditScope } from '../search/audit-scope.ts';
import { type AuditRead, readRecord } from '../search/read-record.ts';
import { UsageError } from './cli-io.ts';
import { existingDatabaseUrl } from './existing-database.ts';

export interface SessionOptions {
  readonly database?: string | undefined;
  readonly network?: string | undefined;
  readonly 'state-dir'?: string | undefined;
  readonly as?: string | undefined;
}

/** The operator's reads of one network's trail, each recorded in that trail. */
export interface AuditSession {
  readonly store: BrokerStore;
  readonly config: BrokerConfig;
  readonly network: string;
  /** The operator stands in for the network's privacy officer: the whole network. */
  readonly scope: AuditScope;
  /** Appends the read as an `audit.search` entry of the network's privacy officer. */
  record(read: Pick<AuditRead, 'action' | 'details' | 'caseId' | 'personPseudonym'>): Promise<void>;
  close(): Promise<void>;
}

/** Matches what the broker takes as an assertion's `sub`, with no line breaks to forge a log line. */
const USER = /^[^\p{Cc}]{1,256}$/u;

/**
 * Opens the broker's store on the database the flags or the configuration name, with the
 * broker's identifier secret (read, never created), so that a person's pseudonym is the
 * one the trail knows them by. The reader is the network's coordinating organisation.
 *
 * @throws UsageError for a missing SQLite file or a bad flag; ConfigInvalidError for a bad
 *   BROKER_* variable or no identifier secret; the store's error for an unknown network.
 */
export async function openAuditSession(
  options: SessionOptions,
  env: NodeJS.ProcessEnv,
): Promise<AuditSession> {
  const config = loadConfig({
    ...env,
    ...(options['state-dir'] === undefined ? {} : { BROKER_STATE_DIR: options['state-dir'] }),
  });
  const network = options.network ?? config.network;
  if (!NETWORK_ID_PATTERN.test(network)) throw new UsageError('--network is not a network id');
  const user = options.as ?? osUser();
  if (!USER.test(user)) throw new UsageError('--as must be 1 to 256 characters on one line');
  const databaseUrl = existingDatabaseUrl(options.database ?? config.databaseUrl);
  const identifierSecret = readIdentifierSecret(resolve(config.stateDir), config.identifierKey);
  const store = await BrokerStore.open({ databaseUrl, identifierSecret });
  try {
    const { coordinatorOrganisation } = await store.networks.getNetwork(network);
    const reader = {
      organisation: coordinatorOrganisation,
      user,
      role: 'privacy_officer',
    } as const;
    return {
      store,
      config,
      network,
      scope: { kind: 'network' },
      record: async (read) => {
        await store.audit.append(readRecord({ ...read, network, reader, via: 'cli' }));
      },
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    throw new UsageError('cannot tell the OS user name; pass --as <user>');
  }
}
