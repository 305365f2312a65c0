import { describe, expect, it } from 'vitest';
import { keepPermitted } from '../../../broker/exchange/permitted-fields.ts';

describe('keepPermitted', () => {
  it('keeps only permitted fields and names every field it dropped', () => {
    const released = keepPermitted(
      {
        police_incidents: [
          { incident_date: '2026-05-01', summary: 'not for release' },
          { incident_date: '2026-06-01', incident_type: 'theft' },
        ],
        police_reports: [{ report_date: '2026-04-01' }],
      },
      { police_incidents: ['incident_date', 'incident_type'] },
    );
    expect(released.data).toEqual({
      police_incidents: [
        { incident_date: '2026-05-01' },
        { incident_date: '2026-06-01', incident_type: 'theft' },
      ],
    });
    expect(released.fields).toEqual([
      'police_incidents.incident_date',
      'police_incidents.incident_type',
    ]);
    expect(released.dropped).toEqual(['police_incidents.summary', 'police_reports.report_date']);
  });

  it('never reads a permission off the prototype of the decision', () => {
    const released = keepPermitted({ constructor: [{ name: 'x' }] }, {});
    expect(released.data).toEqual({});
    expect(released.dropped).toEqual(['constructor.name']);
  });
});
