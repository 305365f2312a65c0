import type { Logger } from '../../log/logger.ts';
import type { AuditRecord } from './audit-record.ts';
import type { AuditOutage, AuditTrail } from './audit-trail.ts';

export interface OutageRecorderOptions {
  /** The network the broker serves: the outage entry is recorded in it. */
  readonly network: string;
  /** How often to try again while appends fail. */
  readonly probeEveryMs: number;
  readonly logger: Logger;
}

/**
 * Makes an audit outage visible and ends it without waiting for traffic. When appends
 * start failing it logs the database's own error once; while they fail it tries every
 * `probeEveryMs` to append an `audit.outage` entry (since when, how many appends were
 * lost, the error code). A load balancer takes a broker whose /health says 503 out of
 * service, so no exchange would come to find the disk freed: the probe does. Once an
 * append commits (the probe or an exchange's), the entry is in the trail and /health is
 * 200 again. Returns the function that stops it.
 *
 * @example
 * const stop = recordOutages(store.audit, { network: 'bonaire', probeEveryMs: 2000, logger });
 */
export function recordOutages(trail: AuditTrail, options: OutageRecorderOptions): () => void {
  let timer: NodeJS.Timeout | undefined;
  let probe: Promise<boolean> | undefined;

  // The entry's own time is when the outage ended.
  const entry = (outage: AuditOutage): AuditRecord => ({
    type: 'audit.outage',
    network: options.network,
    details: {
      failing_since: outage.since.toISOString(),
      failed_appends: outage.failedAppends,
      cause: causeCode(outage.error.cause),
    },
  });
  const append = (record: AuditRecord): Promise<boolean> =>
    trail.append(record).then(
      () => true,
      () => false,
    );
  const stopProbing = () => {
    clearInterval(timer);
    timer = undefined;
  };

  const unsubscribe = trail.onHealthChange({
    failing(outage) {
      options.logger.error(
        { err: outage.error, since: outage.since.toISOString() },
        'audit appends failing: every exchange is denied until one commits',
      );
      stopProbing();
      timer = setInterval(() => {
        const health = trail.health();
        if (health.writable || probe !== undefined) return;
        probe = append(entry(health)).finally(() => {
          probe = undefined;
        });
      }, options.probeEveryMs);
      timer.unref();
    },
    recovered(outage) {
      stopProbing();
      options.logger.warn(
        {
          since: outage.since.toISOString(),
          failedAppends: outage.failedAppends,
          cause: causeCode(outage.error.cause),
        },
        'audit appends commit again',
      );
      // The probe that committed is the outage's entry; after an exchange's, append one.
      const probing = probe;
      void (async () => {
        if (probing !== undefined && (await probing)) return;
        await append(entry(outage));
      })();
    },
  });
  return () => {
    stopProbing();
    unsubscribe();
  };
}

/** Codes only: a database message may quote a value. */
function causeCode(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : 'unknown';
}
