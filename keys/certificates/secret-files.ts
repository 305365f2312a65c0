import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes through a temporary file and a rename, so a broker watching the file never
 * reads half of it. `mode` applies from the first byte: a key is never world-readable.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode: number,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, data, { mode, flag: 'wx' });
  await chmod(temporary, mode);
  await rename(temporary, path);
}

export function writePrivateKey(path: string, pem: string | Uint8Array): Promise<void> {
  return writeFileAtomic(path, pem, 0o600);
}

export function writePublicFile(path: string, data: string): Promise<void> {
  return writeFileAtomic(path, data, 0o644);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
