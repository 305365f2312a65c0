import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type PublishedTable,
  suppressCounts,
} from '../../../../broker/audit/statistics/cell-suppression.ts';
import {
  alternativeTable,
  gridOf,
  isConsistent,
  type Position,
  recoverByLinearAlgebra,
  trueGridOf,
} from './recover.ts';

function hiddenPositions(table: PublishedTable): Position[] {
  return gridOf(table).flatMap((line, row) =>
    line.flatMap((shown, column) => (typeof shown === 'string' ? [{ row, column }] : [])),
  );
}

/**
 * Holds that no hidden count can be recovered from the sums, and, with its marker's
 * bounds too, proves it with a second table for each, unless the small markers pin it
 * even when every count over 0 is hidden.
 */
function expectUnrecoverable(
  table: PublishedTable,
  counts: readonly (readonly number[])[],
  threshold = 10,
) {
  expect(recoverByLinearAlgebra(table)).toEqual([]);
  const truth = trueGridOf(counts);
  for (const position of hiddenPositions(table)) {
    if (pinnedWhateverIsHidden(counts, threshold, position)) continue;
    const other = alternativeTable(table, truth, position);
    expect(other, `another table for ${JSON.stringify(position)}`).not.toBeNull();
    expect(isConsistent(table, other!)).toBe(true);
    expect(other![position.row]![position.column]).not.toBe(truth[position.row]![position.column]);
  }
}

/** Whether the markers and the sums fix a count even with every count over 0 hidden. */
function pinnedWhateverIsHidden(
  counts: readonly (readonly number[])[],
  threshold: number,
  position: Position,
): boolean {
  const truth = trueGridOf(counts);
  const marked = truth.map((line) =>
    line.map((value) => (value === 0 ? 0 : value < threshold ? `<${threshold}` : `≥${threshold}`)),
  );
  const everything: PublishedTable = {
    cells: marked.slice(0, -1).map((line) => line.slice(0, -1)),
    rowTotals: marked.slice(0, -1).map((line) => line.at(-1)!),
    columnTotals: marked.at(-1)!.slice(0, -1),
    total: marked.at(-1)!.at(-1)!,
  };
  return alternativeTable(everything, truth, position) === null;
}

describe('small-cell suppression', () => {
  it('hides a single small count and one that would give it away, and keeps the totals', () => {
    const counts = [
      [3, 40, 25],
      [30, 22, 41],
    ];
    const table = suppressCounts(counts);

    expect(table.cells[0]![0]).toBe('<10');
    expect(table.rowTotals).toEqual([68, 93]);
    expect(table.columnTotals).toEqual([33, 62, 66]);
    expect(table.total).toBe(161);
    // The 22 is the cheapest partner: three more cells close the cycle around the 3.
    expect(table.cells).toEqual([
      ['<10', '≥10', 25],
      ['≥10', '≥10', 41],
    ]);
    expectUnrecoverable(table, counts);
  });

  it('recovers a single hidden count from its row total, so one hidden count is never enough', () => {
    const naive: PublishedTable = {
      cells: [
        ['<10', 40, 25],
        [30, 22, 41],
      ],
      rowTotals: [68, 93],
      columnTotals: [33, 62, 66],
      total: 161,
    };
    expect(recoverByLinearAlgebra(naive)).toEqual([{ row: 0, column: 0, value: 3n }]);
  });

  it('needs nothing more for a corner of four small counts that can each move', () => {
    const counts = [
      [4, 6, 50],
      [7, 3, 60],
      [40, 45, 80],
    ];
    const table = suppressCounts(counts);

    expect(table.cells).toEqual([
      ['<10', '<10', 50],
      ['<10', '<10', 60],
      [40, 45, 80],
    ]);
    expect(table.rowTotals).toEqual([60, 70, 165]);
    expectUnrecoverable(table, counts);
  });

  it('hides more around a corner of ones, which the totals and the markers would pin', () => {
    const counts = [
      [1, 1, 50],
      [1, 1, 60],
      [40, 45, 80],
    ];
    const corner: PublishedTable = {
      cells: [
        ['<10', '<10', 50],
        ['<10', '<10', 60],
        [40, 45, 80],
      ],
      rowTotals: [52, 62, 165],
      columnTotals: [42, 47, 190],
      total: 279,
    };
    // The hidden pair of each row adds up to 2, and a hidden count is at least 1.
    expect(alternativeTable(corner, trueGridOf(counts), { row: 0, column: 0 })).toBeNull();

    const table = suppressCounts(counts);
    expect(hiddenPositions(table).length).toBeGreaterThan(4);
    expectUnrecoverable(table, counts);
  });

  it('protects a bridge: two hidden counts in every line can still give one away', () => {
    const counts = [
      [5, 6, 40, 50],
      [7, 4, 3, 60],
      [30, 45, 8, 2],
      [55, 35, 6, 9],
    ];
    const twoInEveryLine: PublishedTable = {
      cells: [
        ['<10', '<10', 40, 50],
        ['<10', '<10', '<10', 60],
        [30, 45, '<10', '<10'],
        [55, 35, '<10', '<10'],
      ],
      rowTotals: [101, 74, 85, 105],
      columnTotals: [97, 90, 57, 121],
      total: 365,
    };
    // Columns 0 and 1 less row 0 give the two hidden counts of row 1 the 3 sits beside.
    expect(recoverByLinearAlgebra(twoInEveryLine)).toEqual([{ row: 1, column: 2, value: 3n }]);

    const table = suppressCounts(counts);
    expect(table.cells[1]![2]).toBe('<10');
    expectUnrecoverable(table, counts);
  });

  it('keeps a count its marker pins from the sums alone', () => {
    // Row 1 adds up to 2, shown as `<3`: both its counts are at least 1, so both are 1.
    const counts = [
      [0, 3],
      [1, 1],
      [5, 3],
      [0, 2],
    ];
    const table = suppressCounts(counts, 3);

    expect(table.cells[1]).toEqual(['<3', '<3']);
    expect(table.rowTotals[1]).toBe('<3');
    expect(pinnedWhateverIsHidden(counts, 3, { row: 1, column: 0 })).toBe(true);
    expectUnrecoverable(table, counts, 3);
  });

  it('hides a small total with the counts that make it up', () => {
    const counts = [[3, 12, 40]];
    const table = suppressCounts(counts);

    expect(table).toEqual({
      cells: [['<10', '≥10', 40]],
      rowTotals: [55],
      columnTotals: ['<10', '≥10', 40],
      total: 55,
    });
    expectUnrecoverable(table, counts);
  });

  it('hides a small grand total with everything', () => {
    const counts = [[2], [5]];
    const table = suppressCounts(counts);

    expect(table.total).toBe('<10');
    expect(table.cells).toEqual([['<10'], ['<10']]);
    expectUnrecoverable(table, counts);
  });

  it('publishes zeros and a table without small counts as they are', () => {
    const counts = [
      [0, 12],
      [0, 0],
    ];
    expect(suppressCounts(counts)).toEqual({
      cells: counts,
      rowTotals: [12, 0],
      columnTotals: [0, 12],
      total: 12,
    });
    expect(suppressCounts([])).toEqual({ cells: [], rowTotals: [], columnTotals: [], total: 0 });
  });

  it('uses the threshold it is given', () => {
    const table = suppressCounts(
      [
        [12, 30],
        [40, 50],
      ],
      15,
    );
    expect(table.cells[0]![0]).toBe('<15');
  });

  it('refuses a threshold a marker would give away, and counts that are not counts', () => {
    expect(() => suppressCounts([[1]], 2)).toThrow(TypeError);
    expect(() => suppressCounts([[-1]])).toThrow(TypeError);
    expect(() => suppressCounts([[1.5]])).toThrow(TypeError);
    expect(() => suppressCounts([[1, 2], [3]])).toThrow(TypeError);
  });

  it('suppresses a table of 60 periods by 50 values, many of them small, in well under a second', () => {
    const random = mulberry32(7);
    const counts = Array.from({ length: 60 }, () =>
      Array.from({ length: 50 }, () => {
        const draw = random();
        return draw < 0.3
          ? 0
          : draw < 0.6
            ? 1 + Math.floor(random() * 9)
            : Math.floor(random() * 200);
      }),
    );
    const started = performance.now();
    const table = suppressCounts(counts);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1000);
    expect(recoverByLinearAlgebra(table)).toEqual([]);
  });

  it('never lets a hidden count be recovered, and publishes every other number as it is', () => {
    const count = fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) },
      { weight: 3, arbitrary: fc.integer({ min: 13, max: 80 }) },
    );
    const tables = fc
      .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 6 }) })
      .chain(({ rows, columns }) =>
        fc.array(fc.array(count, { minLength: columns, maxLength: columns }), {
          minLength: rows,
          maxLength: rows,
        }),
      );
    fc.assert(
      fc.property(tables, fc.integer({ min: 3, max: 12 }), (counts, threshold) => {
        const table = suppressCounts(counts, threshold);
        const truth = trueGridOf(counts);
        for (const [row, line] of gridOf(table).entries()) {
          for (const [column, shown] of line.entries()) {
            const value = truth[row]![column]!;
            if (value > 0 && value < threshold) expect(shown).toBe(`<${threshold}`);
            else if (typeof shown === 'number') expect(shown).toBe(value);
            else expect(shown).toBe(`≥${threshold}`);
          }
        }
        expectUnrecoverable(table, counts, threshold);
      }),
      { numRuns: 400 },
    );
  });
});

/** A small seeded generator, so that the timed table is the same in every run. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
