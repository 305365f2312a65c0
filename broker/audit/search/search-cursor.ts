import { RequestInvalidError } from '../../../adapters/contract/coded-error.ts';

const CURSOR = /^s([1-9][0-9]{0,15})$/;

/**
 * A page ends at an entry number: the next page holds the entries numbered below it. New
 * entries get higher numbers, so appends while someone pages never shift a page. The
 * cursor is opaque to the caller (base64url), so that it can change shape later.
 */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (match === null || cursor.length > 32) {
    throw new RequestInvalidError('cursor is not one this API handed out');
  }
  return Number(match[1]);
}
