import { Hono } from 'hono';
import type { Logger } from 'pino';
import { NotFoundError } from '../contract/coded-error.ts';
import {
  ADAPTER_PATHS,
  type CheckpointMessage,
  type CheckpointReceipt,
  checkpointMessageSchema,
} from '../contract/wire-messages.ts';
import type { CheckpointWitness } from './checkpoint-witness.ts';
import { parseBody } from './parse-body.ts';
import type { RequestContextVariables } from './request-context.ts';

export interface WitnessDependencies {
  readonly witness: CheckpointWitness;
  readonly logger: Logger;
}

/**
 * `GET /v1/checkpoint`: the latest audit checkpoint this adapter witnessed, for the
 * broker's `audit verify` and for the partner's own systems; 404 before the first.
 */
export function witnessReadRoute(deps: Pick<WitnessDependencies, 'witness'>) {
  return new Hono<{ Variables: RequestContextVariables }>().get(
    ADAPTER_PATHS.checkpoint,
    async (c) => {
      const checkpoint = await deps.witness.latest();
      if (checkpoint === undefined) throw new NotFoundError('witnessed checkpoint');
      return c.json({ checkpoint } satisfies CheckpointMessage);
    },
  );
}

/**
 * `POST /v1/checkpoint`, for the broker: offers a signed checkpoint. 201 when the witness
 * now holds it, 200 when it already did, 409 CHECKPOINT_STALE or CHECKPOINT_INCONSISTENT
 * when it holds a later or a contradicting one.
 */
export function witnessOfferRoute(deps: WitnessDependencies) {
  return new Hono<{ Variables: RequestContextVariables }>().post(
    ADAPTER_PATHS.checkpoint,
    async (c) => {
      const message = parseBody(checkpointMessageSchema, await c.req.json().catch(() => undefined));
      const receipt: CheckpointReceipt = await deps.witness.offer(message.checkpoint);
      deps.logger.info(
        { requestId: c.get('requestId'), size: receipt.size, stored: receipt.stored },
        'audit checkpoint witnessed',
      );
      return c.json(receipt, receipt.stored ? 201 : 200);
    },
  );
}
