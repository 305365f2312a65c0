import { z } from 'zod';

/**
 * What a caller may write: 6 to 20 letters or digits, with spaces, dots or dashes anywhere
 * between them. Separators and letters never overlap, so matching stays linear.
 */
export const NATIONAL_ID_INPUT_PATTERN = /^[\s.-]*(?:[0-9A-Za-z][\s.-]*){6,20}$/;

/**
 * A BSN or civil registry number, written with or without separators, normalised the way
 * the broker normalises it so both look up the same person. The message describes the
 * rule only: zod would otherwise be free to echo the identifier.
 */
export const nationalIdSchema = z
  .string()
  .transform((value) => value.replace(/[\s.-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{6,20}$/, 'must be 6 to 20 letters or digits'));
