import { gunzipSync, gzipSync } from 'node:zlib';
import { PolicyBundleRefusedError } from '../errors/broker-error.ts';
import {
  addBundleFile,
  type BundleFiles,
  type BundleLimits,
  bundleFileName,
  DEFAULT_BUNDLE_LIMITS,
} from './policy-bundle-files.ts';

const BLOCK = 512;

function invalid(message: string, cause?: unknown): PolicyBundleRefusedError {
  return new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', `bundle tarball: ${message}`, {
    cause,
  });
}

function text(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, offset: number, length: number): number {
  const digits = text(header, offset, length).trim();
  if (!/^[0-7]+$/.test(digits)) throw invalid('a header field is not octal');
  return Number.parseInt(digits, 8);
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i += 1) sum += i >= 148 && i < 156 ? 0x20 : (header[i] as number);
  return octal(header, 148, 8) === sum;
}

/**
 * The files of a gzipped ustar bundle, as OPA's bundle servers serve it. Only regular
 * files and directories; links, devices and pax or GNU extension headers are refused, and
 * so is anything unpacking to more than the limits allow (a gzip bomb stops at the bound).
 *
 * @example
 * const files = unpackBundleTarball(await response.arrayBuffer());
 */
export function unpackBundleTarball(
  gzipped: Uint8Array,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): BundleFiles {
  let tar: Buffer;
  try {
    // Headers and padding come on top of the files' bytes: at most two blocks a file.
    tar = gunzipSync(gzipped, { maxOutputLength: limits.bytes + (limits.files + 2) * 2 * BLOCK });
  } catch (cause) {
    throw invalid('not a gzip stream within the size bound', cause);
  }
  const files = new Map<string, Uint8Array>();
  const total = { bytes: 0 };
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return files;
    if (!checksumMatches(header)) throw invalid(`bad header checksum at byte ${offset}`);
    const prefix = text(header, 345, 155);
    const name = prefix === '' ? text(header, 0, 100) : `${prefix}/${text(header, 0, 100)}`;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] as number);
    const start = offset + BLOCK;
    if (start + size > tar.length) throw invalid(`${name} is cut short`);
    if (type === '0' || type === '\0') {
      addBundleFile(files, name, tar.subarray(start, start + size), limits, total);
    } else if (type !== '5') {
      throw invalid(`${name} is not a regular file (type ${type})`);
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw invalid('no end-of-archive marker');
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const path = Buffer.from(`/${name}`, 'utf8');
  if (path.length > 100) throw new TypeError(`bundle file name too long for ustar: ${name}`);
  path.copy(block, 0);
  block.write('0000600\0', 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  block.write('00000000000\0', 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/**
 * A gzipped ustar bundle with entries named as OPA names them (`/data.json`), in name
 * order, mode 0600 and time 0 as `opa build` writes them: the same files pack to the
 * same bytes.
 *
 * @example
 * await writeFile('bundle.tar.gz', packBundleTarball(await readBundleDirectory(dir)));
 */
export function packBundleTarball(files: BundleFiles): Buffer {
  const parts: Buffer[] = [];
  for (const name of [...files.keys()].sort()) {
    const content = files.get(name) as Uint8Array;
    parts.push(header(bundleFileName(name), content.byteLength), Buffer.from(content));
    const padding = (BLOCK - (content.byteLength % BLOCK)) % BLOCK;
    parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(parts));
}
