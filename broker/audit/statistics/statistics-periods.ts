export const STATISTICS_PERIODS = ['month', 'quarter', 'year'] as const;
export type StatisticsPeriod = (typeof STATISTICS_PERIODS)[number];

/** One period of a statistics table, in UTC: the trail's times are. */
export interface Period {
  /** `2026-11`, `2026-Q4`, `2026`. */
  readonly key: string;
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
}

const MONTHS: Record<StatisticsPeriod, number> = { month: 1, quarter: 3, year: 12 };

/**
 * The whole periods that cover [from, to): the first starts at or before `from`, the last
 * ends at or after `to`. Null if there would be more than `max`, found without making them.
 */
export function periodsOf(
  from: Date,
  to: Date,
  period: StatisticsPeriod,
  max: number,
): Period[] | null {
  const months = MONTHS[period];
  const first = Math.floor(monthIndex(from) / months);
  const lastMonth = monthIndex(to) - (startOfMonth(to).getTime() === to.getTime() ? 1 : 0);
  const last = Math.floor(lastMonth / months);
  if (last - first + 1 > max) return null;
  return Array.from({ length: last - first + 1 }, (_, i) => {
    const month = (first + i) * months;
    return {
      key: keyOf(month, period),
      start: dateOf(month),
      end: dateOf(month + months),
    };
  });
}

/** The key of the period a trail time (`toISOString()`) falls in. */
export function periodKeyOf(at: string, period: StatisticsPeriod): string {
  return keyOf(monthIndex(new Date(at)), period);
}

function keyOf(month: number, period: StatisticsPeriod): string {
  const year = String(Math.floor(month / 12)).padStart(4, '0');
  const inYear = month % 12;
  if (period === 'year') return year;
  if (period === 'quarter') return `${year}-Q${Math.floor(inYear / 3) + 1}`;
  return `${year}-${String(inYear + 1).padStart(2, '0')}`;
}

/** Months since the start of year 0, so that periods are plain integer ranges. */
function monthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

function startOfMonth(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

function dateOf(month: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(Math.floor(month / 12), month % 12, 1);
  date.setUTCHours(0, 0, 0, 0);
  return date;
}
