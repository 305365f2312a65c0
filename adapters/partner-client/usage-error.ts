/** The command line is wrong: the CLI says so in one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function required(value: string | undefined, option: string): string {
  if (value === undefined || value.length === 0) throw new UsageError(`missing --${option}`);
  return value;
}

/** A comma-separated option: `--categories a,b`. */
export function list(value: string, option: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new UsageError(`--${option} needs at least one value`);
  return items;
}
