import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditRecord } from '../../broker/audit/trail/audit-record.ts';
import { appendToChain } from '../../broker/audit/trail/chain-append.ts';
import type { Database } from '../../broker/store/database.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { ReasonCode } from '../../policies/vocabulary/reason-codes.ts';

export const NETWORK = 'bonaire';
/** The coordinating organisation: its privacy officer sees the whole network. */
export const COORDINATOR = 'zvh-bonaire';
export const CASES = 20_000;
export const PERSONS = 60_000;
const TWO_YEARS_MS = 2 * 365 * 86_400_000;
const START = Date.parse('2024-11-27T00:00:00Z');
const FILL_BATCH = 5_000;

/** The covenant's partners; the first few take part in most cases, as in a real network. */
const ORGANISATIONS = [
  'politie-cn',
  'jeugdzorg-cn',
  'om-bes',
  'cjg-bonaire',
  'reclassering-cn',
  'voogdijraad-cn',
  'mhc',
  'sgb',
  'szw',
  'forma',
  'krusada',
  'olb',
  'eoz',
  'ji-cn',
] as const;
const PURPOSES = ['case_meeting', 'triage', 'monitoring', 'evaluation', 'own_file'] as const;
const CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  police_incidents: ['incident_date', 'incident_type', 'role_in_incident', 'summary'],
  police_reports: ['report_date', 'report_number', 'summary'],
  judicial_status: ['status', 'since'],
  school_attendance: ['school_year', 'absence_days'],
  housing: ['situation', 'since'],
  income_and_debts: ['debt_assistance', 'income_source'],
  youth_care_involvement: ['involved', 'since', 'contact'],
  probation_supervision: ['supervised', 'until'],
};
const DENIAL_CODES: readonly ReasonCode[] = [
  'CONSENT_MISSING',
  'CATEGORY_DISPROPORTIONATE',
  'DOMAIN_NOT_PERMITTED',
  'SPECIAL_CATEGORY_NO_BASIS',
];
const REFUSAL_CODES = ['NOT_FOUND', 'CASE_ROLE_REQUIRED', 'HTTP_409', 'INPUT_INVALID'] as const;
const DOMAIN_EVENTS = [
  'domain.case.registered',
  'domain.case.transitioned',
  'domain.participant.added',
  'domain.person.registered',
  'domain.consent.recorded',
] as const;
const ROLES: readonly CaseRole[] = ['case_director', 'case_participant', 'process_director'];

/** A small, fast, seeded generator (mulberry32): the same trail on every run and database. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Stable ids shaped as the broker's: UUIDs for cases, keyed digests for pseudonyms. */
function uuidOf(kind: string, n: number): string {
  const hex = createHash('sha256').update(`${kind}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const caseIds = Array.from({ length: CASES }, (_, n) => uuidOf('case', n));
const pseudonyms = Array.from({ length: PERSONS }, (_, n) =>
  createHash('sha256').update(`person:${n}`).digest('base64url'),
);

/** The organisations taking part in a case: three to six, skewed toward the first few. */
function participants(caseNo: number): string[] {
  const random = seededRandom(caseNo + 1);
  const count = 3 + Math.floor(random() * 4);
  const chosen = new Set<string>();
  while (chosen.size < count) {
    chosen.add(ORGANISATIONS[Math.floor(random() ** 2 * ORGANISATIONS.length)] as string);
  }
  return [...chosen];
}

/**
 * The entries around one moment of the two years: cases open and close over time, so
 * the case of an entry lies near the moment's place in the list of cases; one entry in
 * fifty belongs to one of twenty long-running cases with far more entries than most.
 */
function caseAt(random: () => number, progress: number): number {
  if (random() < 0.02) return Math.floor(random() * 20) * 997;
  const spread = (random() + random() + random() - 1.5) * 400;
  return Math.min(CASES - 1, Math.max(0, Math.round(progress * CASES + spread)));
}

/** Persons belong to cases, three per case. */
function personOf(random: () => number, caseNo: number): string {
  return pseudonyms[(caseNo * 3 + Math.floor(random() * 3)) % PERSONS] as string;
}

function user(random: () => number, organisation: string): string {
  return `${organisation}-medewerker-${Math.floor(random() * 25)}`;
}

function released(categories: readonly string[]): string[] {
  return categories.flatMap((c) => (CATEGORIES[c] ?? []).map((f) => `${c}.${f}`));
}

/**
 * The records of one event as the broker writes them: a pull is one entry per provider
 * under one exchange id, allowed, partly allowed or denied; a push one entry and usually
 * a delivery; refusals name a case (mostly one that does not exist, as a probe would).
 */
function event(random: () => number, at: Date, progress: number, n: number): AuditRecord[] {
  const caseNo = caseAt(random, progress);
  const caseId = caseIds[caseNo] as string;
  const personPseudonym = personOf(random, caseNo);
  const orgs = participants(caseNo);
  const requester = pick(random, orgs);
  const who = {
    organisation: requester,
    user: user(random, requester),
    role: pick(random, ROLES),
  };
  const common = {
    network: NETWORK,
    at,
    requestId: uuidOf('request', n),
    traceparent: `00-${createHash('md5').update(`t${n}`).digest('hex')}-b7ad6b7169203331-01`,
    policyRevision: 'sha256:0ce05d803b6284f560b99c47b6b914df8279cd62a32332e6d8771bb2d0db135a',
  };
  const kind = random();
  if (kind < 0.55) {
    const providers = orgs.filter((o) => o !== requester).slice(0, 1 + Math.floor(random() * 3));
    const exchangeId = uuidOf('exchange', n);
    const purpose = pick(random, PURPOSES);
    const requested = Object.keys(CATEGORIES).filter(() => random() < 0.3);
    if (requested.length === 0) requested.push('police_incidents');
    return providers.map((provider): AuditRecord => {
      const outcome = random();
      const withheld = outcome < 0.7 ? [] : outcome < 0.85 ? requested.slice(1) : requested;
      const categories = requested.filter((c) => !withheld.includes(c));
      return {
        ...common,
        type: 'exchange.pull',
        requester: who,
        provider,
        recipient: requester,
        caseId,
        personPseudonym,
        purpose,
        exchangeId,
        requestedCategories: requested,
        categories,
        fields: released(categories),
        grounds: Object.fromEntries(
          categories.map((c) => [c, { type: 'consent', id: `consent-${caseNo}` }]),
        ),
        decision: categories.length > 0 ? 'allow' : 'deny',
        categoryReasons: withheld.map((category) => ({
          category,
          code: pick(random, DENIAL_CODES),
        })),
        ...(categories.length > 0 ? { payloadSha256: 'ab'.repeat(32) } : {}),
      };
    });
  }
  if (kind < 0.67) {
    const recipient = pick(
      random,
      orgs.filter((o) => o !== requester),
    );
    const exchangeId = uuidOf('exchange', n);
    const categories = [pick(random, Object.keys(CATEGORIES))];
    const push: AuditRecord = {
      ...common,
      type: 'exchange.push',
      requester: who,
      provider: requester,
      recipient,
      caseId,
      personPseudonym,
      purpose: 'case_meeting',
      exchangeId,
      requestedCategories: categories,
      categories,
      fields: released(categories),
      decision: 'allow',
      payloadSha256: 'cd'.repeat(32),
    };
    return random() < 0.9
      ? [push, { ...push, type: 'exchange.push.delivered', at: new Date(at.getTime() + 1500) }]
      : [push];
  }
  if (kind < 0.8) {
    const probe = random() < 0.7;
    const prober = probe ? pick(random, ORGANISATIONS) : requester;
    return [
      {
        ...common,
        type: 'access.refused',
        requester: { organisation: prober, user: user(random, prober) },
        caseId: probe ? uuidOf('probe', n) : caseId,
        decision: 'deny',
        details: {
          method: 'GET',
          route: '/v1/cases/:caseId',
          status: 404,
          code: pick(random, REFUSAL_CODES),
        },
      },
    ];
  }
  if (kind < 0.83) {
    const officer = random() < 0.5 ? COORDINATOR : pick(random, ORGANISATIONS);
    return [
      {
        ...common,
        type: 'audit.search',
        requester: {
          organisation: officer,
          user: `${officer}-fg`,
          role: 'privacy_officer',
        },
        ...(random() < 0.5 ? { caseId } : { personPseudonym }),
        details: { action: 'search', limit: 25 },
      },
    ];
  }
  return [
    {
      ...common,
      type: pick(random, DOMAIN_EVENTS),
      requester: who,
      caseId,
      ...(random() < 0.5 ? { personPseudonym } : {}),
      details: { phase: 'monitoring' },
    },
  ];
}

/**
 * Appends `count` entries to an empty trail, in time order over two years, through the
 * broker's own chain append (so they hash and verify as real ones), in large
 * transactions: filling is not what is measured.
 */
export async function fillTrail(
  db: Kysely<Database>,
  count: number,
  progress: (done: number) => void,
): Promise<void> {
  const random = seededRandom(42);
  let done = 0;
  let n = 0;
  let batch: AuditRecord[] = [];
  while (done < count) {
    const progressShare = done / count;
    const at = new Date(START + progressShare * TWO_YEARS_MS);
    for (const record of event(random, at, progressShare, n++)) {
      if (done + batch.length < count) batch.push(record);
    }
    if (batch.length >= FILL_BATCH || done + batch.length >= count) {
      const records = batch;
      await db.transaction().execute((trx) => appendToChain(trx, records, new Date()));
      done += records.length;
      batch = [];
      progress(done);
    }
  }
}
