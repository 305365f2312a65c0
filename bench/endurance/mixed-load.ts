import type { PartnerClient } from '../../adapters/partner-client/partner-client.ts';

/** Where the load goes: the case's pull and push paths and what they send. */
export interface LoadTarget {
  readonly pullPath: string;
  readonly pushPath: string;
  readonly personId: string;
  readonly pullCategories: readonly string[];
  readonly recipient: string;
}

export interface LoadOptions {
  /** Exchanges started per second, spread over the workers. */
  readonly ratePerSecond: number;
  /** Exchanges under way at most. */
  readonly concurrency: number;
  /** Every n-th exchange is a push, the others pulls. */
  readonly pushEvery: number;
}

/** What the load did since the last `take`. */
export interface LoadTally {
  readonly pulls: number;
  readonly pushes: number;
  /** A pull that released no data, a push neither delivered nor queued, or any error. */
  readonly failures: number;
  /** Latency of each exchange, in milliseconds. */
  readonly latenciesMs: readonly number[];
  /** The first failure's answer, to show what went wrong. */
  readonly firstFailure: string | undefined;
}

/**
 * Mixed pulls and pushes at a steady rate, as the partners' systems would send them: a
 * case director pulls, the police push. Each worker keeps its own pace, so a slow answer
 * delays that worker only; the tally is taken (and reset) once a minute.
 */
export class MixedLoad {
  readonly #puller: PartnerClient;
  readonly #pusher: PartnerClient;
  readonly #target: LoadTarget;
  readonly #options: LoadOptions;
  #running = false;
  #workers: Promise<void>[] = [];
  #next = 0;
  #tally = { pulls: 0, pushes: 0, failures: 0, latenciesMs: [] as number[] };
  #firstFailure: string | undefined;

  constructor(
    puller: PartnerClient,
    pusher: PartnerClient,
    target: LoadTarget,
    options: LoadOptions,
  ) {
    this.#puller = puller;
    this.#pusher = pusher;
    this.#target = target;
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    const intervalMs = (1000 * this.#options.concurrency) / this.#options.ratePerSecond;
    this.#workers = Array.from({ length: this.#options.concurrency }, (_, worker) =>
      this.#work(intervalMs, (worker * intervalMs) / this.#options.concurrency),
    );
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#workers);
  }

  take(): LoadTally {
    const tally = { ...this.#tally, firstFailure: this.#firstFailure };
    this.#tally = { pulls: 0, pushes: 0, failures: 0, latenciesMs: [] };
    this.#firstFailure = undefined;
    return tally;
  }

  async #work(intervalMs: number, offsetMs: number): Promise<void> {
    let due = performance.now() + offsetMs;
    while (this.#running) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      due += intervalMs;
      const n = this.#next++;
      const started = performance.now();
      const failure = await (n % this.#options.pushEvery === 0
        ? this.#push(n)
        : this.#pull()
      ).catch((error: unknown) => String(error));
      this.#tally.latenciesMs.push(performance.now() - started);
      if (failure !== undefined) {
        this.#tally.failures += 1;
        this.#firstFailure ??= failure;
      }
    }
  }

  /** Undefined when the pull released data; otherwise what it answered. */
  async #pull(): Promise<string | undefined> {
    this.#tally.pulls += 1;
    const answer = await this.#puller.request('POST', this.#target.pullPath, {
      purpose: 'case_meeting',
      categories: this.#target.pullCategories,
    });
    const released =
      answer.status === 200 &&
      (JSON.parse(answer.body) as { status: string }[]).every((r) => r.status === 'data');
    return released ? undefined : `pull ${answer.status}: ${answer.body.slice(0, 300)}`;
  }

  async #push(n: number): Promise<string | undefined> {
    this.#tally.pushes += 1;
    const answer = await this.#pusher.request('POST', this.#target.pushPath, {
      purpose: 'case_meeting',
      personId: this.#target.personId,
      recipients: [this.#target.recipient],
      categories: {
        signal: { signal_date: '2026-11-20', signal_type: 'school', description: `signal ${n}` },
      },
    });
    const accepted =
      answer.status === 200 &&
      (JSON.parse(answer.body) as { results: { status: string }[] }).results.every(
        (r) => r.status === 'delivered' || r.status === 'queued',
      );
    return accepted ? undefined : `push ${answer.status}: ${answer.body.slice(0, 300)}`;
  }
}
