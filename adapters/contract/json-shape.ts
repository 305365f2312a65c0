/** A JSON text crossed one of the bounds its reader set; `limit` names which. */
export class JsonLimitError extends Error {
  readonly limit: string;

  constructor(limit: string, message: string) {
    super(message);
    this.name = 'JsonLimitError';
    this.limit = limit;
  }
}

/**
 * Told as each member of an object or array begins: `depth` is that container's (the
 * outermost is 1), `index` the member's position in it. Throw to stop the scan.
 */
export type MemberListener = (depth: number, index: number) => void;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Follows the nesting of a JSON text in UTF-8, piece by piece as it arrives, and throws a
 * JsonLimitError as soon as it nests deeper than `maxDepth`: before JSON.parse or anything
 * recursive ever sees the text. It does not check the grammar (JSON.parse does, after);
 * it only counts, so its memory is a number per level. The bytes of quotes, backslashes
 * and brackets never occur inside a multi-byte UTF-8 character, so bytes are enough.
 *
 * @example
 * const shape = new JsonShapeScanner(32);
 * for await (const chunk of body) shape.scan(chunk);
 */
export class JsonShapeScanner {
  readonly #maxDepth: number;
  readonly #onMember: MemberListener | undefined;
  /** Per open container, the index of its current member. */
  readonly #index: number[] = [0];
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** An object or array was opened or a comma read: the next value starts a member. */
  #memberDue = false;

  constructor(maxDepth: number, onMember?: MemberListener) {
    this.#maxDepth = maxDepth;
    this.#onMember = onMember;
  }

  scan(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (byte === BACKSLASH) this.#escaped = true;
        else if (byte === QUOTE) this.#inString = false;
        continue;
      }
      switch (byte) {
        case SPACE:
        case TAB:
        case LINE_FEED:
        case CARRIAGE_RETURN:
        case COLON:
          break;
        case COMMA:
          this.#index[this.#depth] = (this.#index[this.#depth] ?? 0) + 1;
          this.#memberDue = true;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.#valueStarts();
          this.#depth += 1;
          if (this.#depth > this.#maxDepth) {
            throw new JsonLimitError('depth', `nested deeper than ${this.#maxDepth} levels`);
          }
          this.#index[this.#depth] = 0;
          this.#memberDue = true;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.#depth = Math.max(0, this.#depth - 1);
          this.#memberDue = false;
          break;
        case QUOTE:
          this.#valueStarts();
          this.#inString = true;
          break;
        default:
          this.#valueStarts();
      }
    }
  }

  #valueStarts(): void {
    if (!this.#memberDue) return;
    this.#memberDue = false;
    if (this.#depth > 0) this.#onMember?.(this.#depth, this.#index[this.#depth] ?? 0);
  }
}
