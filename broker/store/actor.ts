import { z } from 'zod';
import { slugSchema } from './domain-vocabulary.ts';

/**
 * Who performs a change: the organisation of the client certificate and the employee of
 * the user assertion (the identity layer establishes both).
 */
export const actorSchema = z.strictObject({
  organisation: slugSchema,
  user: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof actorSchema>;

/** The broker itself, for changes no person makes: seeding and the retention job. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ organisation: 'zvh-broker', user: 'system' });
