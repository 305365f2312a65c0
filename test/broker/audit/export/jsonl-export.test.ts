import { expect, it } from 'vitest';
import { entriesAsJsonLines } from '../../../../broker/audit/export/jsonl-export.ts';
import { periodEntries } from '../../../../broker/audit/export/period-entries.ts';
import { withDatabase } from '../../../support/audit.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';
import { appendScript, PERIOD } from '../../../support/scripted-audit-trail.ts';

describeOnEveryDatabase('the JSON Lines export', (ctx) => {
  it('writes each entry of the period on a line of its own that parses back to it', async () => {
    const appended = await appendScript(ctx);
    const text = await withDatabase(ctx.url, async (db) => {
      let out = '';
      for await (const line of entriesAsJsonLines(periodEntries(db, PERIOD, 3))) out += line;
      return out;
    });

    const inPeriod = appended.filter(
      ({ entry }) => !entry.before && entry.record.network === 'bonaire',
    );
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(inPeriod.length);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map((e) => [e.seq, e.hash, e.type])).toEqual(
      inPeriod.map(({ seq, hash, entry }) => [seq, hash, entry.record.type]),
    );
    expect(parsed[1]).toMatchObject({
      type: 'exchange.pull',
      provider: 'mhc',
      recipient: 'jeugdzorg-cn',
      decision: 'deny',
      outcomes: [
        { category: 'mental_health_treatment', outcome: 'withheld', codes: ['CONSENT_MISSING'] },
      ],
    });
  });
});
