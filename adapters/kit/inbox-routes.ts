import { Hono } from 'hono';
import type { Logger } from 'pino';
import { NotFoundError, RequestInvalidError } from '../contract/coded-error.ts';
import { ADAPTER_PATHS, inboxMessageSchema } from '../contract/wire-messages.ts';
import type { CovenantVocabulary } from './covenant-vocabulary.ts';
import type { Inbox } from './inbox.ts';
import { parseBody } from './parse-body.ts';
import type { RequestContextVariables } from './request-context.ts';

export interface InboxDependencies {
  readonly inbox: Inbox;
  readonly vocabulary: CovenantVocabulary;
  readonly logger: Logger;
}

/** Every category or field of a message that the covenant does not know, as issues. */
function unknownNames(
  categories: Record<string, Record<string, unknown>>,
  vocabulary: CovenantVocabulary,
): string[] {
  return Object.entries(categories).flatMap(([category, record]) => {
    const fields = vocabulary.get(category);
    if (fields === undefined) return [`categories.${category}: not a covenant category`];
    return Object.keys(record)
      .filter((field) => !fields.has(field))
      .map((field) => `categories.${category}.${field}: not a covenant field`);
  });
}

/**
 * `POST /v1/inbox`, for the broker: stores a pushed message durably before answering, so
 * a 201 or 200 means the broker may stop retrying. A repeat of a stored `messageId` is 200.
 */
export function inboxPushRoute(deps: InboxDependencies) {
  return new Hono<{ Variables: RequestContextVariables }>().post(ADAPTER_PATHS.inbox, async (c) => {
    const message = parseBody(inboxMessageSchema, await c.req.json().catch(() => undefined));
    const unknown = unknownNames(message.categories, deps.vocabulary);
    if (unknown.length > 0) throw new RequestInvalidError('the message is not valid', unknown);
    const stored = await deps.inbox.store(message);
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        traceId: c.get('trace').traceId,
        messageId: message.messageId,
        exchangeId: message.exchangeId,
        duplicate: !stored,
      },
      'inbox message received',
    );
    return c.json({ messageId: message.messageId, stored }, stored ? 201 : 200);
  });
}

/** `GET /v1/inbox` and `POST /v1/inbox/{id}/ack`, for the partner's own systems. */
export function inboxTakeRoutes(deps: Pick<InboxDependencies, 'inbox'>) {
  return new Hono<{ Variables: RequestContextVariables }>()
    .get('/v1/inbox', async (c) => c.json({ messages: await deps.inbox.pending() }))
    .post('/v1/inbox/:id/ack', async (c) => {
      if (!(await deps.inbox.acknowledge(c.req.param('id')))) throw new NotFoundError('message');
      return c.body(null, 204);
    });
}
