import { createHash, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { RequestInvalidError } from './coded-error.ts';

/**
 * What a signed audit checkpoint states: the trail of `origin` had `size` entries, the
 * last of them hashing to `hash` (SHA-256, hex), at the time `at`.
 */
export interface CheckpointStatement {
  readonly origin: string;
  readonly size: number;
  readonly hash: string;
  readonly at: string;
}

export interface NoteSignature {
  readonly keyName: string;
  readonly keyId: Buffer;
  readonly signature: Buffer;
}

/** A checkpoint note as read: its statement, the exact text that was signed, and its signatures. */
export interface CheckpointNote extends CheckpointStatement {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note with the 16 signatures C2SP asks a verifier to accept fits easily. */
export const MAX_CHECKPOINT_NOTE_LENGTH = 8192;
const MAX_SIGNATURES = 16;

const SIGNATURE_LINE = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/;
const SIZE = /^(0|[1-9][0-9]{0,15})$/;
const TIME_LINE = /^time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
// Control characters other than newline are not allowed in a signed note.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is about control characters
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** 0xff: a signature type named by its own identifier; C2SP assigns none to RSA. */
const OTHER_TYPE = 0xff;
const RSA_TYPE_NAME = 'zvh-rsa-pkcs1-sha256';

/**
 * The note text of a checkpoint in the C2SP tlog-checkpoint layout: origin, size, the head
 * hash in base64, and one extension line with the time. The head is the last entry of a
 * hash chain, not the root of a Merkle tree, so a witness compares heads rather than
 * checking a consistency proof.
 *
 * @example
 * checkpointNoteText({ origin: 'zvh-broker/bonaire/audit', size: 3, hash, at });
 * // 'zvh-broker/bonaire/audit\n3\n<base64>\ntime 2026-03-02T09:00:00.000Z\n'
 */
export function checkpointNoteText(statement: CheckpointStatement): string {
  if (!HEX_SHA256.test(statement.hash)) throw new TypeError('the hash must be SHA-256 hex');
  const hash = Buffer.from(statement.hash, 'hex').toString('base64');
  return `${statement.origin}\n${statement.size}\n${hash}\ntime ${statement.at}\n`;
}

/**
 * The C2SP key ID of the key that signs under `keyName`: for ECDSA (signed-note's type
 * 0x02, as github.com/transparency-dev/witness signs) the first four bytes of SHA-256 over
 * the public key's SPKI; for RSA the
 * recommended SHA-256(name, newline, type, public key) with a type name after 0xff.
 */
export function noteKeyId(keyName: string, publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  if (publicKey.asymmetricKeyType === 'ec') {
    return createHash('sha256').update(spki).digest().subarray(0, 4);
  }
  if (publicKey.asymmetricKeyType === 'rsa') {
    return createHash('sha256')
      .update(`${keyName}\n`)
      .update(Buffer.of(OTHER_TYPE))
      .update(RSA_TYPE_NAME)
      .update(spki)
      .digest()
      .subarray(0, 4);
  }
  throw new TypeError('a checkpoint key must be EC or RSA');
}

/**
 * Signs a checkpoint as a C2SP signed note, under the key name `origin`: ECDSA P-256 with
 * SHA-256 (DER), or RSA PKCS#1 v1.5 with SHA-256.
 *
 * @example
 * const note = signCheckpointNote({ origin, size: 1234, hash, at }, key.privateKey);
 */
export function signCheckpointNote(statement: CheckpointStatement, privateKey: KeyObject): string {
  const text = checkpointNoteText(statement);
  const signature = sign('sha256', Buffer.from(text), { key: privateKey, dsaEncoding: 'der' });
  const keyId = noteKeyId(statement.origin, createPublicKey(privateKey));
  const encoded = Buffer.concat([keyId, signature]).toString('base64');
  return `${text}\n\u2014 ${statement.origin} ${encoded}\n`;
}

/**
 * Reads a checkpoint note; throws REQUEST_INVALID naming the first rule it breaks. Its
 * signatures are read, not verified: that is `verifyCheckpointNote`.
 */
export function parseCheckpointNote(note: string): CheckpointNote {
  const invalid = (rule: string) =>
    new RequestInvalidError('the checkpoint is not a signed note', [`checkpoint: ${rule}`]);
  if (note.length > MAX_CHECKPOINT_NOTE_LENGTH) throw invalid('too long');
  if (CONTROL.test(note)) throw invalid('holds a control character');
  if (!note.endsWith('\n')) throw invalid('does not end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw invalid('has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const [origin, size, hash, time, ...extra] = text.slice(0, -1).split('\n');
  if (origin === undefined || origin === '' || /[\s+]/.test(origin)) throw invalid('origin');
  if (size === undefined || !SIZE.test(size)) throw invalid('size');
  const hashBytes = Buffer.from(hash ?? '', 'base64');
  if (hashBytes.length !== 32 || hashBytes.toString('base64') !== hash) throw invalid('hash');
  const at = TIME_LINE.exec(time ?? '')?.[1];
  if (at === undefined || extra.length > 0) throw invalid('extension lines');
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw invalid('too many signatures');
  const signatures = lines.map((line) => {
    const [, keyName, encoded] = SIGNATURE_LINE.exec(line) ?? [];
    const bytes = Buffer.from(encoded ?? '', 'base64');
    if (keyName === undefined || bytes.length <= 4) throw invalid('signature line');
    return { keyName, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { origin, size: Number(size), hash: hashBytes.toString('hex'), at, text, signatures };
}

/**
 * True when the note carries a signature of `publicKey` under the key name of its origin
 * and every such signature verifies. Signatures of other keys are ignored, as C2SP asks.
 */
export function verifyCheckpointNote(note: CheckpointNote, publicKey: KeyObject): boolean {
  const keyId = noteKeyId(note.origin, publicKey);
  const ours = note.signatures.filter(
    (signature) => signature.keyName === note.origin && signature.keyId.equals(keyId),
  );
  const text = Buffer.from(note.text);
  return (
    ours.length > 0 &&
    ours.every((signature) => {
      try {
        return verify('sha256', text, { key: publicKey, dsaEncoding: 'der' }, signature.signature);
      } catch {
        // OpenSSL refuses some malformed signatures instead of answering false.
        return false;
      }
    })
  );
}
