import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../../../broker/audit/checkpoints/checkpointer.ts';
import { entryView } from '../../../../broker/audit/search/audit-entry-view.ts';
import { appendToChain } from '../../../../broker/audit/trail/chain-append.ts';
import { openDatabase } from '../../../../broker/store/open-database.ts';
import {
  type CheckpointKeyFixture,
  checkpointKeyFixture,
  verifyAt,
} from '../../../support/audit.ts';
import {
  emptyDatabase,
  MIGRATION_DIALECTS,
  openDatabaseAt,
  removeDatabase,
} from '../../../support/migrating-database.ts';

describe.each(MIGRATION_DIALECTS)('the audit entry detail migration (0006) [%s]', (dialect) => {
  let keys: CheckpointKeyFixture | undefined;
  afterEach(() => keys?.cleanUp());

  it('adds the columns without rewriting history: old entries verify and read as they meant', async () => {
    keys = await checkpointKeyFixture();
    const url = await emptyDatabase(dialect);
    // The release before the columns: migrate only that far, and write entries as it did.
    const before = await openDatabaseAt(url, '0005-push-idempotency');
    await appendToChain(
      before,
      [
        {
          type: 'exchange.pull',
          network: 'bonaire',
          requester: { organisation: 'sgb', user: 'mentor-2' },
          provider: 'politie-cn',
          categories: ['police_incidents'],
          decision: 'deny',
          reasons: ['DOMAIN_NOT_PERMITTED'],
        },
        {
          type: 'exchange.push',
          network: 'bonaire',
          requester: { organisation: 'politie-cn', user: 'agent-17' },
          provider: 'politie-cn',
          categories: ['police_incidents'],
          decision: 'allow',
          details: { recipient: 'jeugdzorg-cn', message_id: 'm1' },
        },
      ],
      new Date('2026-01-05T10:00:00Z'),
      { subjectApart: false },
    );
    await new Checkpointer(before).checkpoint(keys.key);
    await before.destroy();

    const { db } = await openDatabase(url);
    try {
      expect((await verifyAt(url, keys.key)).intact).toBe(true);
      const rows = await db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
      const [denied, pushed] = rows.slice(-2).map(entryView);
      expect(denied).toMatchObject({
        requestedCategories: ['police_incidents'],
        releasedCategories: [],
        recipient: 'sgb',
        reasons: [{ code: 'DOMAIN_NOT_PERMITTED' }],
      });
      expect(pushed).toMatchObject({
        requestedCategories: null,
        releasedCategories: ['police_incidents'],
        recipient: 'jeugdzorg-cn',
      });
      await appendToChain(
        db,
        [
          {
            type: 'exchange.pull',
            network: 'bonaire',
            requester: { organisation: 'jeugdzorg-cn', user: 'jw-4', role: 'case_director' },
            provider: 'politie-cn',
            recipient: 'jeugdzorg-cn',
            requestedCategories: ['police_incidents', 'income_and_debts'],
            categories: ['police_incidents'],
            decision: 'allow',
            categoryReasons: [{ category: 'income_and_debts', code: 'DOMAIN_NOT_PERMITTED' }],
          },
        ],
        new Date(),
      );
      expect((await verifyAt(url, keys.key)).intact).toBe(true);
    } finally {
      await db.destroy();
      removeDatabase(url);
    }
  });
});
