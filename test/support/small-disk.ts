import { execFileSync } from 'node:child_process';
import {
  chownSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { requireTool } from './tools.ts';

/** Mounting a tmpfs needs root; in CI (which runs as root) a test that needs one must run. */
export const CAN_MOUNT = requireTool(process.getuid?.() === 0, 'root, to mount a small tmpfs');

export interface SmallDisk {
  /** Where it is mounted. */
  readonly path: string;
  /** Writes a file until the disk has no block left. */
  fill(): void;
  /** Removes that file again. */
  free(): void;
  /** A new directory on the disk, owned by the system user `owner` if given. */
  directory(name: string, owner?: string): string;
}

const FILLER = 'filler';

/**
 * A tmpfs of `megabytes` for the file (or describe block), mounted before its tests and
 * unmounted after them: a disk that a test can fill to the last block and free again.
 */
export function useSmallDisk(megabytes: number): SmallDisk {
  const disk = { path: '' };
  beforeAll(() => {
    disk.path = mkdtempSync(join(tmpdir(), 'zvh-small-disk-'));
    execFileSync('mount', [
      '-t',
      'tmpfs',
      '-o',
      `size=${megabytes}m,mode=0755`,
      'tmpfs',
      disk.path,
    ]);
  });
  afterAll(() => {
    if (disk.path === '') return;
    execFileSync('umount', ['--lazy', disk.path]);
    rmdirSync(disk.path);
  });
  return {
    get path() {
      return disk.path;
    },
    fill() {
      const fd = openSync(join(disk.path, FILLER), 'w');
      const block = Buffer.alloc(64 * 1024);
      try {
        for (;;) {
          try {
            writeSync(fd, block);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
        // The last blocks smaller than the chunk.
        for (;;) {
          try {
            writeSync(fd, block.subarray(0, 512));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(join(disk.path, FILLER), { force: true });
    },
    directory(name, owner) {
      const path = join(disk.path, name);
      mkdirSync(path);
      if (owner !== undefined) {
        const uid = Number(execFileSync('id', ['-u', owner], { encoding: 'utf8' }).trim());
        chownSync(path, uid, -1);
      }
      return path;
    },
  };
}

/**
 * The test PostgreSQL server's superuser, over the server's Unix socket: the setup script
 * trusts local connections, and only root (or the server's user) can reach the socket.
 * Null when it cannot be reached; in CI that fails.
 */
export async function postgresSuperuser(url: string): Promise<pg.Client | null> {
  const { port, pathname } = new URL(url);
  const client = new pg.Client({
    host: process.env.ZVH_PG_DIR ?? '/tmp/zvh-postgres',
    port: Number(port),
    user: 'postgres',
    database: pathname.slice(1),
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    requireTool(false, `the PostgreSQL superuser over the socket (${String(error)})`);
    return null;
  }
}
