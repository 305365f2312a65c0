import type { KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import { CHECKPOINT_JWS_TYPE, type Checkpoint } from './checkpointer.ts';

/** The stored columns of a checkpoint that its signature covers. */
export interface SignedCheckpointRow {
  readonly seq: number;
  readonly head_hash: string;
  readonly at: string;
  readonly jws: string;
}

/**
 * True when `jws` is a checkpoint signed by `publicKey` and states exactly the stored
 * `seq`, `head_hash` and `at`: a valid signature over other columns is no better than none.
 */
export async function signatureHolds(
  row: SignedCheckpointRow,
  publicKey: KeyObject,
  algorithm: string,
): Promise<boolean> {
  try {
    const { payload, protectedHeader } = await compactVerify(row.jws, publicKey, {
      algorithms: [algorithm],
    });
    if (protectedHeader.typ !== CHECKPOINT_JWS_TYPE) return false;
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Checkpoint;
    return signed.seq === row.seq && signed.hash === row.head_hash && signed.at === row.at;
  } catch {
    return false;
  }
}
