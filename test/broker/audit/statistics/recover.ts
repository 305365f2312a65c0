import type {
  PublishedCount,
  PublishedTable,
} from '../../../../broker/audit/statistics/cell-suppression.ts';

/**
 * An attacker of a published table of counts, written apart from the suppression it
 * attacks. Positions are in the grid of the table with its margins: row `rows` holds the
 * column totals, column `columns` the row totals, and their corner the grand total.
 */
export interface Position {
  readonly row: number;
  readonly column: number;
}

export interface Recovered extends Position {
  readonly value: bigint;
}

/** The published table as a grid, the margins in its last row and column. */
export function gridOf(table: PublishedTable): PublishedCount[][] {
  return [
    ...table.cells.map((row, r) => [...row, table.rowTotals[r] as PublishedCount]),
    [...table.columnTotals, table.total],
  ];
}

/** The same grid of true numbers, for an attacker's result to be held against. */
export function trueGridOf(counts: readonly (readonly number[])[]): number[][] {
  const columns = counts[0]?.length ?? 0;
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: columns }, (_, c) =>
    counts.reduce((sum, row) => sum + (row[c] ?? 0), 0),
  );
  return [
    ...counts.map((row, r) => [...row, rowTotals[r] ?? 0]),
    [...columnTotals, rowTotals.reduce((a, b) => a + b, 0)],
  ];
}

/**
 * Every hidden number that the line equations (each line's cells add up to its total)
 * and the published numbers fix, with its value: exact linear algebra over the rationals.
 * A hidden number is fixed exactly when its unit vector lies in the row space of the
 * equations restricted to the hidden numbers, which the reduced row echelon form shows as
 * a row with a single nonzero coefficient.
 */
export function recoverByLinearAlgebra(table: PublishedTable): Recovered[] {
  const grid = gridOf(table);
  const rows = grid.length;
  const columns = grid[0]?.length ?? 0;
  const hidden: Position[] = [];
  const index = new Map<string, number>();
  for (const [r, line] of grid.entries()) {
    for (const [c, shown] of line.entries()) {
      if (typeof shown !== 'string') continue;
      index.set(`${r},${c}`, hidden.length);
      hidden.push({ row: r, column: c });
    }
  }
  const equations: Fraction[][] = [];
  const equation = (cells: { position: Position; sign: bigint }[]) => {
    const coefficients = Array.from({ length: hidden.length + 1 }, () => ZERO);
    let rhs = 0n;
    for (const { position, sign } of cells) {
      const shown = grid[position.row]?.[position.column];
      const unknown = index.get(`${position.row},${position.column}`);
      if (unknown === undefined) rhs -= sign * BigInt(shown as number);
      else coefficients[unknown] = add(coefficients[unknown] as Fraction, [sign, 1n]);
    }
    coefficients[hidden.length] = [rhs, 1n];
    equations.push(coefficients);
  };
  for (let r = 0; r < rows; r += 1) {
    equation([
      ...Array.from({ length: columns - 1 }, (_, c) => ({
        position: { row: r, column: c },
        sign: 1n,
      })),
      { position: { row: r, column: columns - 1 }, sign: -1n },
    ]);
  }
  for (let c = 0; c < columns; c += 1) {
    equation([
      ...Array.from({ length: rows - 1 }, (_, r) => ({
        position: { row: r, column: c },
        sign: 1n,
      })),
      { position: { row: rows - 1, column: c }, sign: -1n },
    ]);
  }
  const reduced = reducedRowEchelon(equations, hidden.length);
  const recovered: Recovered[] = [];
  for (const line of reduced) {
    const nonzero = line.slice(0, hidden.length).flatMap((f, i) => (f[0] === 0n ? [] : [i]));
    if (nonzero.length === 0) {
      if ((line[hidden.length] as Fraction)[0] !== 0n) throw new Error('inconsistent table');
      continue;
    }
    if (nonzero.length === 1) {
      const [num, den] = line[hidden.length] as Fraction;
      if (den !== 1n) throw new Error('a hidden count would be a fraction');
      recovered.push({ ...(hidden[nonzero[0] as number] as Position), value: num });
    }
  }
  return recovered;
}

/**
 * What each marker tells the attacker: `<t` a count from 1 to t - 1 (zeros are
 * published), `≥t` one of at least t.
 */
function boundsOf(shown: PublishedCount): { low: number; high: number } {
  if (typeof shown === 'number') return { low: shown, high: shown };
  const small = /^<(\d+)$/.exec(shown);
  if (small !== null) return { low: 1, high: Number(small[1]) - 1 };
  const protecting = /^≥(\d+)$/.exec(shown);
  if (protecting !== null) return { low: Number(protecting[1]), high: Number.POSITIVE_INFINITY };
  throw new Error(`unknown marker ${shown}`);
}

/**
 * Whether `candidate` is a table the attacker cannot rule out: every published number
 * as published, every hidden one in its marker's range, every line adding up.
 */
export function isConsistent(table: PublishedTable, candidate: readonly (readonly number[])[]) {
  const grid = gridOf(table);
  const rows = grid.length;
  const columns = grid[0]?.length ?? 0;
  const at = (r: number, c: number) => candidate[r]?.[c] as number;
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < columns; c += 1) {
      const { low, high } = boundsOf(grid[r]?.[c] as PublishedCount);
      const value = at(r, c);
      if (!Number.isInteger(value) || value < low || value > high) return false;
    }
    let sum = 0;
    for (let c = 0; c < columns - 1; c += 1) sum += at(r, c);
    if (sum !== at(r, columns - 1)) return false;
  }
  for (let c = 0; c < columns; c += 1) {
    let sum = 0;
    for (let r = 0; r < rows - 1; r += 1) sum += at(r, c);
    if (sum !== at(rows - 1, c)) return false;
  }
  return true;
}

/**
 * Another table the attacker cannot rule out in which the hidden number at `target`
 * differs from the truth, or null if there is none that moves along one cycle. It walks
 * alternately along rows and columns through hidden numbers, each moved by 1 in the
 * direction its marker still allows, back to where it started.
 */
export function alternativeTable(
  table: PublishedTable,
  truth: readonly (readonly number[])[],
  target: Position,
): number[][] | null {
  const grid = gridOf(table);
  const rows = grid.length;
  const columns = grid[0]?.length ?? 0;
  const hidden = (r: number, c: number) => typeof grid[r]?.[c] === 'string';
  const canMove = (r: number, c: number, delta: number) => {
    const { low, high } = boundsOf(grid[r]?.[c] as PublishedCount);
    const value = (truth[r]?.[c] as number) + delta;
    return value >= low && value <= high;
  };
  // A margin enters its line's equation negated, so the walk keeps every line's balance by
  // moving cells of a line in opposite directions, a cell and its line's total the same way.
  const sign = (r: number, c: number) => ((r === rows - 1) !== (c === columns - 1) ? -1 : 1);
  for (const delta of [1, -1]) {
    if (!canMove(target.row, target.column, delta)) continue;
    const path = walkBack(
      rows,
      columns,
      target,
      delta * sign(target.row, target.column),
      (r, c, step) => hidden(r, c) && canMove(r, c, step * sign(r, c)),
    );
    if (path === null) continue;
    const candidate = truth.map((line) => [...line]);
    for (const { row, column, step } of [
      ...path,
      { ...target, step: delta * sign(target.row, target.column) },
    ]) {
      (candidate[row] as number[])[column] =
        (truth[row]?.[column] as number) + step * sign(row, column);
    }
    return candidate;
  }
  return null;
}

/**
 * A path from the target's column back to its row, through other hidden cells, each
 * stepping opposite to the one before in the zero-sum grid (breadth first).
 */
function walkBack(
  rows: number,
  columns: number,
  target: Position,
  targetStep: number,
  usable: (r: number, c: number, step: number) => boolean,
): { row: number; column: number; step: number }[] | null {
  type Vertex = { kind: 'row' | 'column'; index: number };
  const key = (v: Vertex) => `${v.kind}${v.index}`;
  const start: Vertex = { kind: 'column', index: target.column };
  const goal = key({ kind: 'row', index: target.row });
  const back = new Map<string, { from: Vertex; row: number; column: number; step: number }>();
  const seen = new Set([key(start)]);
  let frontier = [start];
  // Leaving the target's column, a cell steps opposite to the target; leaving a row, opposite
  // to the step that entered it: along the walk the steps alternate.
  let step = -targetStep;
  while (frontier.length > 0) {
    const next: Vertex[] = [];
    for (const vertex of frontier) {
      const ends =
        vertex.kind === 'column'
          ? Array.from({ length: rows }, (_, r) => ({
              row: r,
              column: vertex.index,
              to: { kind: 'row' as const, index: r },
            }))
          : Array.from({ length: columns }, (_, c) => ({
              row: vertex.index,
              column: c,
              to: { kind: 'column' as const, index: c },
            }));
      for (const { row, column, to } of ends) {
        if (row === target.row && column === target.column) continue;
        if (seen.has(key(to)) || !usable(row, column, step)) continue;
        seen.add(key(to));
        back.set(key(to), { from: vertex, row, column, step });
        if (key(to) === goal) {
          const path = [];
          for (let at = goal; at !== key(start); ) {
            const link = back.get(at)!;
            path.push({ row: link.row, column: link.column, step: link.step });
            at = key(link.from);
          }
          return path;
        }
        next.push(to);
      }
    }
    frontier = next;
    step = -step;
  }
  return null;
}

type Fraction = readonly [bigint, bigint];
const ZERO: Fraction = [0n, 1n];

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function normal(num: bigint, den: bigint): Fraction {
  if (num === 0n) return ZERO;
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den);
  return [(sign * num) / divisor, (sign * den) / divisor];
}

function add(a: Fraction, b: Fraction): Fraction {
  return normal(a[0] * b[1] + b[0] * a[1], a[1] * b[1]);
}

function multiply(a: Fraction, b: Fraction): Fraction {
  return normal(a[0] * b[0], a[1] * b[1]);
}

function divide(a: Fraction, b: Fraction): Fraction {
  return normal(a[0] * b[1], a[1] * b[0]);
}

/** Gauss-Jordan elimination over the first `unknowns` columns; the last is the right side. */
function reducedRowEchelon(matrix: Fraction[][], unknowns: number): Fraction[][] {
  const rows = matrix.map((row) => [...row]);
  let pivotRow = 0;
  for (let column = 0; column < unknowns && pivotRow < rows.length; column += 1) {
    const found = rows.findIndex((row, r) => r >= pivotRow && (row[column] as Fraction)[0] !== 0n);
    if (found === -1) continue;
    [rows[pivotRow], rows[found]] = [rows[found] as Fraction[], rows[pivotRow] as Fraction[]];
    const pivot = rows[pivotRow] as Fraction[];
    const lead = pivot[column] as Fraction;
    for (let c = 0; c < pivot.length; c += 1) pivot[c] = divide(pivot[c] as Fraction, lead);
    rows.forEach((row, r) => {
      const factor = row[column] as Fraction;
      if (r === pivotRow || factor[0] === 0n) return;
      for (let c = 0; c < row.length; c += 1) {
        row[c] = add(row[c] as Fraction, multiply([-factor[0], factor[1]], pivot[c] as Fraction));
      }
    });
    pivotRow += 1;
  }
  return rows;
}
