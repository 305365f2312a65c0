import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) spent by each party of an exchange. */
export interface CpuShares {
  readonly broker: number;
  readonly adapters: number;
  readonly client: number;
}

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of a process from /proc (Linux): fields 14 and 15, counted after the name. */
function processSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The name in parentheses may contain spaces; the fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * Reads how much CPU the broker, the adapters and this process (the client) have used.
 * CPU time per exchange moves less than latency when other work shares the machine, so
 * it is the better guide to whether a change made the broker cheaper.
 */
export class CpuMeter {
  readonly #broker: number;
  readonly #adapters: readonly number[];

  constructor(brokerPid: number, adapterPids: readonly number[]) {
    this.#broker = brokerPid;
    this.#adapters = adapterPids;
  }

  read(): CpuShares {
    const client = process.cpuUsage();
    return {
      broker: processSeconds(this.#broker),
      adapters: this.#adapters.reduce((sum, pid) => sum + processSeconds(pid), 0),
      client: (client.user + client.system) / 1e6,
    };
  }
}

export function spent(from: CpuShares, to: CpuShares): CpuShares {
  return {
    broker: to.broker - from.broker,
    adapters: to.adapters - from.adapters,
    client: to.client - from.client,
  };
}
