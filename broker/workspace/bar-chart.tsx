import type { PublishedCount } from '../audit/statistics/cell-suppression.ts';

export interface Bar {
  readonly label: string;
  /** A count, or the marker (`<10`, `≥10`) of one hidden by small-cell suppression. */
  readonly value: PublishedCount;
}

export interface BarChartProps {
  /** Unique on the page: names the chart's title and description for assistive technology. */
  readonly id: string;
  readonly title: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const VALUE_WIDTH = 56;
const ROW = 26;
const BAR = 18;
/** A hidden count gets an outlined stub of this width: it has a size, just not one to read. */
const HIDDEN_STUB = 24;
/** What fits left of the axis at the labels' 14px (about 7.3px a character). */
const MAX_LABEL = 25;

/**
 * A horizontal bar chart drawn on the server as SVG: no script, no canvas, no inline
 * style (classes from the stylesheet). Its title and a description that reads every
 * value out are its text alternative; the page shows the same numbers as a table.
 */
export function BarChart({ id, title, bars }: BarChartProps) {
  const numbers = bars.map((bar) => (typeof bar.value === 'number' ? bar.value : 0));
  const max = Math.max(1, ...numbers);
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(ROW, bars.length * ROW) + 8;
  const description = bars.map((bar) => `${bar.label}: ${bar.value}`).join('; ');
  if (bars.length === 0) {
    return (
      <figure class="chart">
        <figcaption>{title}</figcaption>
        <p class="notice">—</p>
      </figure>
    );
  }
  return (
    <figure class="chart">
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description === '' ? '—' : description}</desc>
        <line class="axis" x1={LABEL_WIDTH} y1={0} x2={LABEL_WIDTH} y2={height} />
        {bars.map((bar, index) => {
          const y = index * ROW + 4;
          const hidden = typeof bar.value !== 'number';
          const width = hidden ? HIDDEN_STUB : Math.round(((bar.value as number) / max) * span);
          const label =
            bar.label.length > MAX_LABEL ? `${bar.label.slice(0, MAX_LABEL - 1)}…` : bar.label;
          return (
            <g>
              <text class="chart-label" x={LABEL_WIDTH - 6} y={y + BAR - 4} text-anchor="end">
                {label}
              </text>
              <rect
                class={hidden ? 'bar-hidden' : 'bar'}
                x={LABEL_WIDTH}
                y={y}
                width={Math.max(width, hidden ? HIDDEN_STUB : 1)}
                height={BAR}
              />
              <text class="chart-label" x={LABEL_WIDTH + Math.max(width, 1) + 6} y={y + BAR - 4}>
                {String(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
