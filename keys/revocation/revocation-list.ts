import { z } from 'zod';
import { normaliseSerial } from '../certificates/serial-number.ts';

export type RevocationReason = 'keyCompromise' | 'superseded' | 'cessationOfOperation';

export interface RevocationEntry {
  readonly serial: string;
  /** Who held the certificate, for the operator reading the file; never used to match. */
  readonly subject: string;
  readonly reason: RevocationReason;
  /**
   * From when the certificate is refused. In the future for a key rotation: the old and
   * the new certificate are both accepted until then.
   */
  readonly effectiveAt: string;
}

const listSchema = z.object({
  network: z.string().min(1),
  updatedAt: z.iso.datetime(),
  entries: z.array(
    z.object({
      serial: z.string().regex(/^[0-9A-Fa-f]+$/),
      subject: z.string(),
      reason: z.enum(['keyCompromise', 'superseded', 'cessationOfOperation']),
      effectiveAt: z.iso.datetime(),
    }),
  ),
});

export type RevocationListJson = z.infer<typeof listSchema>;

/**
 * The network's revocation list: certificate serials refused from a given moment on.
 * Immutable; a reload builds a new one and swaps it in.
 *
 * @example
 * const list = RevocationList.parse(await readFile(path, 'utf8'));
 * if (list.revokedAt(peer.serial, new Date())) refuse();
 */
export class RevocationList {
  readonly network: string;
  readonly entries: readonly RevocationEntry[];
  readonly #bySerial: ReadonlyMap<string, RevocationEntry>;

  constructor(network: string, entries: readonly RevocationEntry[]) {
    this.network = network;
    this.entries = Object.freeze([...entries]);
    this.#bySerial = new Map(entries.map((entry) => [normaliseSerial(entry.serial), entry]));
  }

  static empty(network: string): RevocationList {
    return new RevocationList(network, []);
  }

  /** Throws a TypeError naming the first problem when the text is not a revocation list. */
  static parse(text: string): RevocationList {
    const parsed = listSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(`revocation list: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return new RevocationList(parsed.data.network, parsed.data.entries);
  }

  /** The entry that refuses this serial at `at`, if any. */
  revokedAt(serial: string, at: Date): RevocationEntry | undefined {
    const entry = this.#bySerial.get(normaliseSerial(serial));
    if (entry === undefined) return undefined;
    return Date.parse(entry.effectiveAt) <= at.getTime() ? entry : undefined;
  }

  get(serial: string): RevocationEntry | undefined {
    return this.#bySerial.get(normaliseSerial(serial));
  }

  /** A new list with `entry` added, or replacing an entry for the same serial. */
  with(entry: RevocationEntry): RevocationList {
    const serial = normaliseSerial(entry.serial);
    const others = this.entries.filter((existing) => normaliseSerial(existing.serial) !== serial);
    return new RevocationList(this.network, [...others, { ...entry, serial }]);
  }

  toJson(updatedAt: Date): RevocationListJson {
    return {
      network: this.network,
      updatedAt: updatedAt.toISOString(),
      entries: [...this.entries],
    };
  }
}
