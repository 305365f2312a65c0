import { z } from 'zod';
import { ConfigInvalidError } from '../broker/errors/broker-error.ts';

/** The reference adapters hold sample data of ZVH Bonaire's partners only. */
export const DEMO_NETWORK = 'bonaire';

/** The broker-facing ports of the four adapters follow each other; their local ports 100 up. */
const LOCAL_PORT_OFFSET = 100;

const demoEnvironmentSchema = z.object({
  /** 0: every adapter listener on a free port, as the tests run it. */
  DEMO_ADAPTER_FIRST_PORT: z.coerce.number().int().min(0).max(65_000).default(9101),
});

export interface DemoConfig {
  /** The broker-facing port of the nth reference adapter (0: a free one). */
  adapterPort(index: number): number;
  /** Its loopback port for the partner's own systems (0: a free one). */
  localPort(index: number): number;
}

/**
 * The demo network's own settings, beside the broker's: where the reference adapters
 * listen. Read once at start; a malformed value stops the demo with one line.
 *
 * @example
 * const demo = loadDemoConfig(process.env); // adapters on 9101-9104, local 9201-9204
 */
export function loadDemoConfig(environment: NodeJS.ProcessEnv): DemoConfig {
  const parsed = demoEnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigInvalidError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  const first = parsed.data.DEMO_ADAPTER_FIRST_PORT;
  return Object.freeze({
    adapterPort: (index: number) => (first === 0 ? 0 : first + index),
    localPort: (index: number) => (first === 0 ? 0 : first + LOCAL_PORT_OFFSET + index),
  });
}
