import { JsonLimitError, JsonShapeScanner } from '../../adapters/contract/json-shape.ts';
import type { AdapterAnswerLimits } from '../config/config.ts';

/** In a pull answer `{exchangeId, categories: {category: [record]}}`, the category lists. */
const RECORD_LISTS_DEPTH = 3;

const FIRST_CAPACITY = 16 * 1024;

/**
 * An adapter's answer to a pull, taken in piece by piece as it streams and refused the
 * moment it crosses a bound: its bytes, the pieces they come in, its records, the fields
 * of a record (or entries of any other object or array) and its nesting. The bytes are
 * copied into one buffer, so a trickle of tiny pieces holds no more memory than the text.
 * Throws a JsonLimitError naming the bound; the caller stops reading.
 *
 * @example
 * const answer = new BoundedAnswer(limits);
 * incoming.on('data', (chunk) => answer.push(chunk));
 * incoming.on('end', () => JSON.parse(answer.text()));
 */
export class BoundedAnswer {
  readonly #limits: AdapterAnswerLimits;
  readonly #shape: JsonShapeScanner;
  #buffer = Buffer.allocUnsafe(0);
  #size = 0;
  #reads = 0;
  #records = 0;

  constructor(limits: AdapterAnswerLimits) {
    this.#limits = limits;
    this.#shape = new JsonShapeScanner(limits.depth, (depth, index) => {
      if (depth === RECORD_LISTS_DEPTH) {
        this.#records += 1;
        if (this.#records > limits.records) {
          throw new JsonLimitError('records', `more than ${limits.records} records`);
        }
      } else if (index >= limits.fields) {
        throw new JsonLimitError('fields', `more than ${limits.fields} fields in one record`);
      }
    });
  }

  push(chunk: Uint8Array): void {
    this.#reads += 1;
    if (this.#reads > this.#limits.reads) {
      throw new JsonLimitError('reads', `arrived in more than ${this.#limits.reads} pieces`);
    }
    const size = this.#size + chunk.length;
    if (size > this.#limits.bytes) {
      throw new JsonLimitError('bytes', `longer than ${this.#limits.bytes} bytes`);
    }
    this.#shape.scan(chunk);
    if (size > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.#limits.bytes, Math.max(size, this.#buffer.length * 2, FIRST_CAPACITY)),
      );
      this.#buffer.copy(grown, 0, 0, this.#size);
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#size);
    this.#size = size;
  }

  text(): string {
    return this.#buffer.toString('utf8', 0, this.#size);
  }
}
