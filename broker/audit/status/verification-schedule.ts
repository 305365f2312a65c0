import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../../keys/clock.ts';
import type { Logger } from '../../log/logger.ts';
import { verifyAuditTrail } from '../verification/chain-verifier.ts';
import { checkpointLogSource } from '../verification/checkpoint-log-source.ts';
import { describeReport, type VerificationReport } from '../verification/verification-report.ts';

/** The last full verification: when, and what it found (or that it could not run). */
export type VerificationOutcome =
  | {
      readonly result: 'intact' | 'broken';
      readonly at: string;
      readonly durationMs: number;
      readonly summary: string;
      readonly report: VerificationReport;
    }
  | {
      readonly result: 'failed';
      readonly at: string;
      readonly durationMs: number;
      readonly summary: string;
    };

export interface VerificationScheduleOptions {
  readonly databaseUrl: string;
  /** The checkpoint key's public half. */
  readonly publicKey: KeyObject;
  /** The operator's checkpoint log, held against the trail when there is one. */
  readonly checkpointLog: string | undefined;
  /** Between full verifications; a day by default. */
  readonly intervalMs: number;
  /** The first one, after the broker started. */
  readonly firstAfterMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface VerificationSchedule {
  latest(): VerificationOutcome | null;
  /** Runs one now, or joins the one under way. */
  verifyNow(): Promise<VerificationOutcome>;
  /** Stops the timer and waits for a verification under way. */
  stop(): Promise<void>;
}

/**
 * Small pages keep the share of the event loop a verification takes on this thread
 * short, so that exchanges do not queue behind it; long trails also go to workers.
 */
const PAGE_SIZE = 500;

/**
 * Verifies the whole trail on a schedule, off the request path, as `audit verify` does:
 * a break nobody asked about is still found within a day. A break is logged at error
 * level; the outcome is kept for `GET /v1/audit/status`.
 *
 * @example
 * const schedule = startVerificationSchedule({ databaseUrl, publicKey, checkpointLog,
 *   intervalMs: 86_400_000, firstAfterMs: 60_000, clock, logger });
 */
export function startVerificationSchedule(
  options: VerificationScheduleOptions,
): VerificationSchedule {
  let latest: VerificationOutcome | null = null;
  let running: Promise<VerificationOutcome> | null = null;
  let stopped = false;

  const verify = async (): Promise<VerificationOutcome> => {
    const started = performance.now();
    const at = options.clock.now().toISOString();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      const report = await verifyAuditTrail(options.databaseUrl, options.publicKey, {
        pageSize: PAGE_SIZE,
        ...(options.checkpointLog === undefined
          ? {}
          : { external: [checkpointLogSource(options.checkpointLog, options.publicKey)] }),
      });
      const summary = describeReport(report);
      const result = report.intact ? 'intact' : 'broken';
      if (report.intact) options.logger.info({ entries: report.entries }, summary);
      else options.logger.error({ report }, summary);
      return { result, at, durationMs: durationMs(), summary, report };
    } catch (error) {
      options.logger.error({ err: error }, 'scheduled audit verification could not run');
      const summary = `the trail could not be verified: ${(error as Error).message}`;
      return { result: 'failed', at, durationMs: durationMs(), summary };
    }
  };

  const verifyNow = (): Promise<VerificationOutcome> => {
    running ??= verify().then((outcome) => {
      latest = outcome;
      running = null;
      return outcome;
    });
    return running;
  };

  let timer: NodeJS.Timeout | undefined;
  const next = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void verifyNow().then(() => next(options.intervalMs));
    }, delayMs);
    timer.unref();
  };
  next(options.firstAfterMs);

  return {
    latest: () => latest,
    verifyNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
