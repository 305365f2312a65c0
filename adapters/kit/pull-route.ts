import { Hono } from 'hono';
import type { Logger } from 'pino';
import { ADAPTER_PATHS, type PullResponse, pullRequestSchema } from '../contract/wire-messages.ts';
import type { DataSource } from './data-source.ts';
import type { ExposureManifest } from './exposure-manifest.ts';
import { parseBody } from './parse-body.ts';
import { projectRecord } from './project-record.ts';
import type { ReleaseLog } from './release-log.ts';
import type { RequestContextVariables } from './request-context.ts';

export interface PullDependencies {
  readonly manifest: ExposureManifest;
  readonly source: DataSource;
  readonly releaseLog: ReleaseLog;
  readonly logger: Logger;
}

/**
 * `POST /v1/pull`: the records of one person in the requested categories this adapter
 * exposes, each cut down to the manifest's fields, and logged as released before the
 * answer leaves. A requested category it does not expose is left out of the answer.
 */
export function pullRoute(deps: PullDependencies) {
  return new Hono<{ Variables: RequestContextVariables }>().post(ADAPTER_PATHS.pull, async (c) => {
    const request = parseBody(pullRequestSchema, await c.req.json().catch(() => undefined));
    // The policy permits categories, not providers: a pull names what the recipient may
    // receive, and each provider answers with the part it holds.
    const exposed = request.categories.filter((category) => deps.manifest.has(category));
    const trace = c.get('trace');
    const released = await Promise.all(
      exposed.map(async (category) => {
        const fields = deps.manifest.get(category) ?? [];
        const found = await deps.source.records({
          category,
          nationalId: request.person.nationalId,
          fields,
          trace,
        });
        return { category, fields, records: found.map((record) => projectRecord(record, fields)) };
      }),
    );
    await deps.releaseLog.record(
      released.map(({ category, fields, records }) => ({
        exchangeId: request.exchangeId,
        purpose: request.purpose,
        category,
        fields: records.length > 0 ? fields : [],
        recordCount: records.length,
        traceId: trace.traceId,
      })),
    );
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        traceId: trace.traceId,
        exchangeId: request.exchangeId,
        purpose: request.purpose,
        released: released.map(({ category, records }) => `${category}:${records.length}`),
      },
      'pull answered',
    );
    const body: PullResponse = {
      exchangeId: request.exchangeId,
      categories: Object.fromEntries(released.map(({ category, records }) => [category, records])),
    };
    return c.json(body);
  });
}
