import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../../broker/audit/trail/audit-record.ts';
import { TrailVocabulary } from '../../../../broker/audit/trail/trail-vocabulary.ts';
import { NO_WORDS } from '../../../../broker/policy/covenant-vocabulary.ts';
import { pullRecord } from '../../../support/audit.ts';
import { COVENANT_VOCABULARY } from '../../../support/databases.ts';

const secret = randomBytes(32);
const vocabulary = new TrailVocabulary(COVENANT_VOCABULARY, secret);

const withNames = (names: Partial<AuditRecord>): AuditRecord => ({ ...pullRecord(1), ...names });

describe("the trail's vocabulary", () => {
  it('leaves a record of covenant words as it is', () => {
    const record = withNames({
      categories: ['police_incidents', 'school_attendance'],
      fields: ['police_incidents.incident_date'],
      droppedFields: ['police_incidents.summary', 'school_attendance.absence_hours_term'],
    });
    expect(vocabulary.restrict(record)).toEqual(record);
  });

  it('keeps the words and only counts and digests every other name', () => {
    const kept = vocabulary.restrict(
      withNames({
        categories: ['police_incidents', 'bsn_123456782'],
        fields: ['police_incidents.incident_date', 'police_incidents.123456782'],
        droppedFields: [
          'police_incidents.summary',
          'police_incidents.name_jansen',
          'bsn_123456782.x',
          // A field of another category is no word of this one.
          'police_incidents.school',
        ],
        details: { recipient: 'sgb' },
      }),
    );
    expect(kept).toMatchObject({
      categories: ['police_incidents'],
      fields: ['police_incidents.incident_date'],
      droppedFields: ['police_incidents.summary'],
      details: {
        recipient: 'sgb',
        unknown_categories: 1,
        unknown_categories_digest: vocabulary.digestOf(['bsn_123456782']),
        unknown_fields: 1,
        unknown_fields_digest: vocabulary.digestOf(['police_incidents.123456782']),
        unknown_dropped_fields: 3,
        unknown_dropped_fields_digest: vocabulary.digestOf([
          'police_incidents.school',
          'bsn_123456782.x',
          'police_incidents.name_jansen',
        ]),
      },
    });
    expect(JSON.stringify(kept)).not.toMatch(/123456782|jansen/);
  });

  it('writes no name verbatim for a network whose covenant it does not know', () => {
    const kept = new TrailVocabulary(() => NO_WORDS, secret).restrict(
      withNames({ categories: ['police_incidents'], fields: ['police_incidents.incident_date'] }),
    );
    expect(kept).toMatchObject({ categories: [], fields: [], details: { unknown_fields: 1 } });
  });

  it('digests a set of names the same in any order, and differently under another secret', () => {
    const names = ['police_incidents.a', 'police_incidents.b'];
    expect(vocabulary.digestOf(names)).toBe(vocabulary.digestOf([...names].reverse()));
    expect(vocabulary.digestOf(names)).toMatch(/^[0-9a-f]{64}$/);
    expect(new TrailVocabulary(COVENANT_VOCABULARY, randomBytes(32)).digestOf(names)).not.toBe(
      vocabulary.digestOf(names),
    );
  });
});
