import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigInvalidError } from '../errors/broker-error.ts';

const FILE = 'identifier-secret';

/**
 * The secret behind the identifier keys: the configured one, or the one in the state dir,
 * created on first start. Losing it makes every sealed identifier unreadable and every
 * pseudonym unmatchable, so it is created once and never replaced.
 *
 * @example
 * const secret = loadIdentifierSecret(config.stateDir, config.identifierKey);
 */
export function loadIdentifierSecret(stateDir: string, configured: string | undefined): Buffer {
  if (configured !== undefined) return checked(Buffer.from(configured, 'base64'));
  const path = join(stateDir, FILE);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return checked(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
}

/**
 * The same secret for a tool beside the broker (`npm run audit`), which must match the
 * broker's pseudonyms: it is read, never created, since a new one would match nobody.
 *
 * @throws ConfigInvalidError where neither is there.
 */
export function readIdentifierSecret(stateDir: string, configured: string | undefined): Buffer {
  if (configured !== undefined) return checked(Buffer.from(configured, 'base64'));
  const path = join(stateDir, FILE);
  if (!existsSync(path)) {
    throw new ConfigInvalidError(
      `no identifier secret at ${path}: set BROKER_STATE_DIR (or --state-dir) to the broker's, or BROKER_IDENTIFIER_KEY`,
    );
  }
  return checked(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
}

function checked(secret: Buffer): Buffer {
  if (secret.byteLength < 32)
    throw new ConfigInvalidError('the identifier secret must be at least 32 bytes');
  return secret;
}
