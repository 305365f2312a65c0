// The wire contract between the broker and every adapter: the broker side imports these too.
import { z } from 'zod';
import { MAX_CHECKPOINT_NOTE_LENGTH } from './checkpoint-note.ts';
import { nationalIdSchema } from './national-id.ts';

/**
 * Where an adapter's broker-facing listener takes a pull, a pushed message and the
 * broker's audit checkpoints (`POST` to offer one, `GET` to read back the latest held).
 */
export const ADAPTER_PATHS = {
  pull: '/v1/pull',
  inbox: '/v1/inbox',
  checkpoint: '/v1/checkpoint',
} as const;

/** `POST /v1/pull`: what the broker asks an adapter, after its policy allowed it. */
export const pullRequestSchema = z.strictObject({
  exchangeId: z.string().min(1).max(128),
  purpose: z.string().min(1).max(64),
  person: z.strictObject({ nationalId: nationalIdSchema }),
  categories: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(32)
    .refine((list) => new Set(list).size === list.length, 'must not repeat a category'),
});

export type PullRequest = z.input<typeof pullRequestSchema>;

/**
 * The answer: per requested category that the adapter exposes the records (an empty list
 * when it holds none about the person), each with exactly the declared fields. A category
 * it does not expose is absent, so the broker can tell "not held here" from "no records".
 * Loose on purpose: the broker parses an answer with it, then drops whatever its policy
 * decision does not permit, and must see extra fields to record their drop.
 */
export const pullResponseSchema = z.object({
  exchangeId: z.string(),
  categories: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

export type PullResponse = z.infer<typeof pullResponseSchema>;

/** `POST /v1/inbox`: a message the broker delivers; `messageId` makes a retry harmless. */
export const inboxMessageSchema = z.strictObject({
  messageId: z.string().min(1).max(128),
  exchangeId: z.string().min(1).max(128),
  purpose: z.string().min(1).max(64),
  sender: z.string().min(1).max(64),
  caseId: z.string().min(1).max(128).optional(),
  /** Whom the update is about, so the partner's system can file it with its own record. */
  person: z.strictObject({ nationalId: nationalIdSchema }).optional(),
  /** Per category the pushed record, by covenant field name. */
  categories: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export type InboxMessage = z.infer<typeof inboxMessageSchema>;

/**
 * `POST /v1/checkpoint` from the broker, and the answer to `GET /v1/checkpoint`: a signed
 * audit checkpoint as a C2SP note (checkpoint-note.ts). The adapter witnesses it: it keeps
 * the latest it has seen and refuses an older one or one that contradicts it.
 */
export const checkpointMessageSchema = z.strictObject({
  checkpoint: z.string().min(1).max(MAX_CHECKPOINT_NOTE_LENGTH),
});

export type CheckpointMessage = z.infer<typeof checkpointMessageSchema>;

/** The witness's answer to an offered checkpoint it accepts. */
export const checkpointReceiptSchema = z.strictObject({
  /** The size of the checkpoint it now holds. */
  size: z.number().int().min(0),
  /** False when it already held this very checkpoint. */
  stored: z.boolean(),
});

export type CheckpointReceipt = z.infer<typeof checkpointReceiptSchema>;
