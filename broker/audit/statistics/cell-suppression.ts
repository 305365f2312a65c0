import { z } from 'zod';
/**
 * Small-cell suppression of a table of counts, with secondary suppression, so that a
 * published table of exchanges cannot be undone into the small counts it hides.
 *
 * The table is read together with its margins as one grid of (rows + 1) x (columns + 1)
 * numbers: the last row holds the column totals, the last column the row totals, and its
 * corner the grand total. Every line of that grid states one equation (its cells add up to
 * its total), and a hidden number is only safe if those equations, the published numbers
 * and what the markers say about the hidden ones (`<10`: between 1 and 9; `≥10`: at least
 * 10; hidden numbers are never 0, because zeros are published) still allow another value.
 *
 * Why that is a question about cycles: negate the margins and every line of the grid adds
 * up to 0. The changes to the hidden numbers that keep every line at 0 are exactly the
 * alternating +1/-1 walks around cycles of the bipartite graph whose vertices are the
 * grid's lines and whose edges are its hidden cells. A hidden cell on no cycle (a bridge)
 * is fixed by the equations alone, even when every line holds two hidden cells. With the
 * markers' bounds a cell at a bound may move one way only, so the cycle must be a
 * directed one, each cell an arc in each direction it may still move.
 *
 * So every hidden cell is put on a directed cycle, hiding further cells (the fewest counted
 * exchanges first) where none closes yet. Where the small markers themselves pin a count
 * whatever else is hidden (see `protectAll`), it is put on a cycle of the equations: it
 * cannot be computed from the published numbers and the sums, only from those together
 * with its marker's own bounds, which no choice of hidden cells could prevent.
 */

/** A count as it is published: the number itself, or the marker that hides it. */
export type PublishedCount = number | string;

export interface PublishedTable {
  /** Row by row, in the order of the counts given. */
  readonly cells: readonly (readonly PublishedCount[])[];
  readonly rowTotals: readonly PublishedCount[];
  readonly columnTotals: readonly PublishedCount[];
  readonly total: PublishedCount;
}

export const DEFAULT_THRESHOLD = 10;
/**
 * Below 3 a small count would be pinned by its own marker: with zeros published, `<2`
 * can only mean 1.
 */
export const MIN_THRESHOLD = 3;

/** Above it a count would rarely be hidden at all: a threshold that high is a mistake. */
export const MAX_THRESHOLD = 1000;

/** A threshold as a query parameter or a flag gives it: text of a whole number in bounds. */
export const thresholdSchema = z.coerce.number().int().min(MIN_THRESHOLD).max(MAX_THRESHOLD);

/** The marker of a count under the threshold (and over 0). */
export function smallCountMarker(threshold: number): string {
  return `<${threshold}`;
}

/**
 * The marker of a count hidden only so that a small one cannot be computed from it. It is
 * not `<10`, which would misstate it to the reader; and the method is public, so an
 * attacker knows the bound it states anyway (the protection allows for it).
 */
export function protectingMarker(threshold: number): string {
  return `≥${threshold}`;
}

/**
 * The table as it may be published: each count, row total, column total and the grand
 * total either as its number or hidden. A count under `threshold` and over 0 is hidden
 * (0 is published: it is about no exchange, and hiding zeros would hide the absence of a
 * kind of exchange, which the steering group needs to see). Further counts are hidden,
 * the smallest first, until no hidden count can be computed from the published numbers
 * and the sums, nor (where the small markers do not pin it themselves) with the markers'
 * bounds as well. The margins are the sums of the counts: the protection rests on them.
 *
 * @example
 * suppressCounts([[3, 40], [25, 31]]).cells; // [['<10', '≥10'], ['≥10', '≥10']]
 */
export function suppressCounts(
  counts: readonly (readonly number[])[],
  threshold: number = DEFAULT_THRESHOLD,
): PublishedTable {
  checkCounts(counts, threshold);
  const grid = gridOf(counts);
  const marks = primaryMarks(grid, threshold);
  protectAll(grid, marks, threshold);
  return publish(grid, marks, threshold);
}

const OPEN = 0;
const SMALL = 1;
const PROTECTING = 2;
type Mark = typeof OPEN | typeof SMALL | typeof PROTECTING;

/** The counts with their margins, row-major; the last row and column are the totals. */
interface Grid {
  readonly rows: number;
  readonly columns: number;
  readonly values: readonly number[];
}

function checkCounts(counts: readonly (readonly number[])[], threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD) {
    throw new TypeError(`the threshold must be an integer of at least ${MIN_THRESHOLD}`);
  }
  const width = counts[0]?.length ?? 0;
  for (const row of counts) {
    if (row.length !== width) throw new TypeError('every row must have as many counts');
    for (const count of row) {
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new TypeError('a count must be a non-negative integer');
      }
    }
  }
}

function gridOf(counts: readonly (readonly number[])[]): Grid {
  const rows = counts.length + 1;
  const columns = (counts[0]?.length ?? 0) + 1;
  const values = new Array<number>(rows * columns).fill(0);
  counts.forEach((row, r) => {
    row.forEach((count, c) => {
      values[r * columns + c] = count;
      values[r * columns + columns - 1] = (values[r * columns + columns - 1] ?? 0) + count;
      values[(rows - 1) * columns + c] = (values[(rows - 1) * columns + c] ?? 0) + count;
      values[rows * columns - 1] = (values[rows * columns - 1] ?? 0) + count;
    });
  });
  return { rows, columns, values };
}

function primaryMarks(grid: Grid, threshold: number): Mark[] {
  return grid.values.map((value) => (value > 0 && value < threshold ? SMALL : OPEN));
}

/**
 * What the search runs over: the grid, which cells are hidden so far, and whether it heeds
 * the markers' bounds (`directed`) or the line equations alone.
 */
interface Search {
  readonly grid: Grid;
  readonly marks: readonly Mark[];
  readonly threshold: number;
  readonly directed: boolean;
}

/**
 * Every hidden cell in turn, and every cell hidden to protect one: hiding more cells only
 * adds arcs, so a cell found safe stays safe. The markers' bounds cannot always be met: in
 * a row `[1, 1]` under threshold 3 the total `<3` and two counts of at least 1 pin both
 * counts, whatever else is hidden. Such a cell is made safe from the equations alone, which
 * always can be: every count over 0 lies on the 4-cycle through its row total, its column
 * total and the grand total, all over 0 too.
 */
function protectAll(grid: Grid, marks: Mark[], threshold: number): void {
  const pending = marks.flatMap((mark, cell) => (mark === OPEN ? [] : [cell]));
  for (let cell = pending.pop(); cell !== undefined; cell = pending.pop()) {
    const path =
      repair({ grid, marks, threshold, directed: true }, cell) ??
      repair({ grid, marks, threshold, directed: false }, cell);
    if (path === null) throw new Error('a count over 0 was found on no cycle');
    for (const added of path) {
      if (marks[added] !== OPEN) continue;
      marks[added] = PROTECTING;
      pending.push(added);
    }
  }
}

/** The cells to hide so that `cell` is safe (none if it is), or null if none would do. */
function repair(search: Search, cell: number): number[] | null {
  if (isSafe(search, cell)) return [];
  const own = arcs(search, cell);
  const row = rowOf(search.grid, cell);
  const column = columnVertexOf(search.grid, cell);
  const options = [
    own.forward ? cheapestPath(search, cell, column, row) : null,
    own.backward ? cheapestPath(search, cell, row, column) : null,
  ].filter((option) => option !== null);
  options.sort((a, b) => a.cost - b.cost);
  return options[0]?.cells ?? null;
}

/** Vertices: the grid's rows first, then its columns. */
function rowOf(grid: Grid, cell: number): number {
  return Math.floor(cell / grid.columns);
}

function columnVertexOf(grid: Grid, cell: number): number {
  return grid.rows + (cell % grid.columns);
}

/**
 * In which directions a cell may move while its marker stays true: `forward` is the arc
 * from its row to its column (its entry in the zero-sum grid grows), `backward` the other.
 * An open cell is asked as if it were hidden to protect.
 */
function arcs({ grid, marks, threshold, directed }: Search, cell: number) {
  if (!directed) return { forward: true, backward: true };
  const value = grid.values[cell] ?? 0;
  const small = marks[cell] === SMALL;
  const up = small ? value < threshold - 1 : true;
  const down = small ? value > 1 : value > threshold;
  const rowTotal = cell % grid.columns === grid.columns - 1;
  const columnTotal = rowOf(grid, cell) === grid.rows - 1;
  // A margin stands negated in the zero-sum grid; the grand total twice, so not at all.
  return rowTotal !== columnTotal
    ? { forward: down, backward: up }
    : { forward: up, backward: down };
}

/** Whether the hidden cells alone already close a cycle through `cell`. */
function isSafe(search: Search, cell: number): boolean {
  const own = arcs(search, cell);
  const row = rowOf(search.grid, cell);
  const column = columnVertexOf(search.grid, cell);
  return (
    (own.forward && reaches(search, cell, column, row)) ||
    (own.backward && reaches(search, cell, row, column))
  );
}

function reaches(search: Search, excluded: number, from: number, to: number): boolean {
  const { grid, marks } = search;
  const seen = new Uint8Array(grid.rows + grid.columns);
  const stack = [from];
  seen[from] = 1;
  while (stack.length > 0) {
    const vertex = stack.pop() as number;
    if (vertex === to) return true;
    for (const [cell, next] of neighbours(grid, vertex)) {
      if (seen[next] === 1 || cell === excluded || marks[cell] === OPEN) continue;
      if (!leaves(search, cell, vertex)) continue;
      seen[next] = 1;
      stack.push(next);
    }
  }
  return false;
}

/** The cells at a vertex, each with the vertex at its other end. */
function* neighbours(grid: Grid, vertex: number): Generator<[number, number]> {
  if (vertex < grid.rows) {
    for (let c = 0; c < grid.columns; c += 1) yield [vertex * grid.columns + c, grid.rows + c];
  } else {
    const c = vertex - grid.rows;
    for (let r = 0; r < grid.rows; r += 1) yield [r * grid.columns + c, r];
  }
}

/** Whether `cell` has an arc out of `vertex`, one of its two ends. */
function leaves(search: Search, cell: number, vertex: number): boolean {
  const { forward, backward } = arcs(search, cell);
  return vertex < search.grid.rows ? forward : backward;
}

/**
 * The cheapest way to close a cycle through `excluded`: the cells of a path from one end
 * of it to the other. A hidden cell costs nothing, an open one the exchanges it counts
 * (and, between equal sums, one more for each cell); a zero is never hidden, so is no way.
 * Dijkstra over the dense bipartite graph of the grid's lines: O(V^2), no heap needed.
 */
function cheapestPath(
  search: Search,
  excluded: number,
  from: number,
  to: number,
): { cost: number; cells: number[] } | null {
  const { grid, marks } = search;
  const vertices = grid.rows + grid.columns;
  const perCell = grid.values.length + 1;
  const cost = new Array<number>(vertices).fill(Number.POSITIVE_INFINITY);
  const via = new Array<number>(vertices).fill(-1);
  const done = new Uint8Array(vertices);
  cost[from] = 0;
  for (;;) {
    let vertex = -1;
    for (let v = 0; v < vertices; v += 1) {
      if (done[v] === 0 && (cost[v] ?? Infinity) < (cost[vertex] ?? Infinity)) vertex = v;
    }
    if (vertex === -1) return null;
    if (vertex === to) break;
    done[vertex] = 1;
    for (const [cell, next] of neighbours(grid, vertex)) {
      if (done[next] === 1 || cell === excluded) continue;
      const value = grid.values[cell] ?? 0;
      if (marks[cell] === OPEN && value === 0) continue;
      if (!leaves(search, cell, vertex)) continue;
      const reached = (cost[vertex] ?? 0) + (marks[cell] === OPEN ? value * perCell + 1 : 0);
      if (reached < (cost[next] ?? Infinity)) {
        cost[next] = reached;
        via[next] = cell;
      }
    }
  }
  const cells: number[] = [];
  for (let vertex = to; vertex !== from; ) {
    const cell = via[vertex] as number;
    cells.push(cell);
    const row = rowOf(grid, cell);
    vertex = vertex === row ? columnVertexOf(grid, cell) : row;
  }
  return { cost: cost[to] ?? 0, cells };
}

function publish(grid: Grid, marks: readonly Mark[], threshold: number): PublishedTable {
  const shown = grid.values.map((value, cell) =>
    marks[cell] === SMALL
      ? smallCountMarker(threshold)
      : marks[cell] === PROTECTING
        ? protectingMarker(threshold)
        : value,
  );
  const line = (r: number) => shown.slice(r * grid.columns, (r + 1) * grid.columns);
  const lines = Array.from({ length: grid.rows }, (_, r) => line(r));
  const body = lines.slice(0, -1);
  const margin = lines.at(-1) ?? [];
  return {
    cells: body.map((row) => row.slice(0, -1)),
    rowTotals: body.map((row) => row.at(-1) ?? 0),
    columnTotals: margin.slice(0, -1),
    total: margin.at(-1) ?? 0,
  };
}
