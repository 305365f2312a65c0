/**
 * One command per operation of the broker's API. A table, so that a new route's command is
 * one entry: its name, method and path, and a flag per query parameter and body field.
 * The test `test/adapters/partner-client/commands/operation-coverage.test.ts` holds the
 * table against the broker's OpenAPI document: a route without a command fails it, and so
 * does a command whose route is gone.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a flag's text becomes a value: `text` as given; `list` split at commas; `list-or-all`
 * the same, with `all` for null (every category); `integer`; `set` the object
 * `{name: true|false}` over `values`, true for the names listed; `instant` an ISO instant,
 * `now` for the present.
 */
export type FlagKind = 'text' | 'list' | 'list-or-all' | 'integer' | 'set' | 'instant';

export interface BodyFlag {
  readonly flag: string;
  readonly field: string;
  readonly kind?: FlagKind;
  readonly required?: boolean;
  /** The value when the flag is not given. */
  readonly default?: string;
  /** For `set`: every name the object holds. */
  readonly values?: readonly string[];
  readonly help: string;
}

export interface QueryFlag {
  readonly flag: string;
  readonly name: string;
  readonly required?: boolean;
  readonly help: string;
}

export interface OperationCommand {
  readonly command: string;
  readonly summary: string;
  readonly method: HttpMethod;
  /** The route as the OpenAPI document writes it: `/v1/cases/{caseId}/transitions`. */
  readonly path: string;
  readonly query?: readonly QueryFlag[];
  /** Body fields from flags; a command with a body also takes `--data <file.json|->`. */
  readonly body?: readonly BodyFlag[];
  /**
   * The body field read from one line of standard input: a national identifier, which
   * never goes on a command line (where `ps` and the shell's history would keep it).
   */
  readonly stdinField?: string;
}

/**
 * The flag of each path parameter: `--case <id>` fills `{caseId}`. A route with a new path
 * parameter adds it here.
 */
export const PATH_PARAMETER_FLAGS: Readonly<Record<string, string>> = {
  caseId: 'case',
  personId: 'person',
  participantId: 'participant',
  statementId: 'statement',
  exceptionId: 'exception',
  requestId: 'request',
  actionId: 'action',
};

const CASE = '/v1/cases/{caseId}';
const PERSON = `${CASE}/persons/{personId}`;

const statementBody: readonly BodyFlag[] = [
  { flag: 'recipient', field: 'recipient', required: true, help: '<organisation>' },
  {
    flag: 'categories',
    field: 'categories',
    kind: 'list-or-all',
    default: 'all',
    help: '<a,b|all>, default all',
  },
  {
    flag: 'given-by',
    field: 'givenBy',
    default: 'person',
    help: 'person|legal_representative, default person',
  },
  {
    flag: 'obtained-how',
    field: 'obtainedHow',
    required: true,
    help: 'in_person|in_writing|by_phone|digital_form',
  },
  {
    flag: 'at',
    field: 'at',
    kind: 'instant',
    default: 'now',
    help: '<instant> when the person said it, default now',
  },
];

/** The commands that a generic call serves: flags to a path, a query and a JSON body. */
export const OPERATION_COMMANDS: readonly OperationCommand[] = [
  {
    command: 'case-register',
    summary: 'register a case',
    method: 'POST',
    path: '/v1/cases',
    body: [
      { flag: 'type', field: 'caseType', required: true, help: '<case type>' },
      { flag: 'domains', field: 'lifeDomains', kind: 'list', required: true, help: '<a,b>' },
      {
        flag: 'criteria',
        field: 'criteria',
        kind: 'set',
        default: '',
        values: [
          'multiple_life_domains',
          'cross_chain_cooperation',
          'impact_on_family_system',
          'serious_local_safety_problem',
        ],
        help: '<the criteria met, a,b>',
      },
    ],
  },
  {
    command: 'cases',
    summary: 'the cases you may see, newest first (the process director: every case)',
    method: 'GET',
    path: '/v1/cases',
    query: [
      { flag: 'phase', name: 'phase', help: '<phase>' },
      { flag: 'type', name: 'caseType', help: '<case type>' },
      { flag: 'registered-from', name: 'registeredFrom', help: '<instant>' },
      { flag: 'registered-to', name: 'registeredTo', help: '<instant>' },
      { flag: 'closed-from', name: 'closedFrom', help: '<instant>' },
      { flag: 'closed-to', name: 'closedTo', help: '<instant>' },
      { flag: 'review-due', name: 'reviewDue', help: 'true|false: shadow-list reviews due' },
      { flag: 'directed-by-me', name: 'directedByMe', help: 'true|false' },
      { flag: 'cursor', name: 'cursor', help: "<the previous page's next>" },
      { flag: 'limit', name: 'limit', help: '<n>, at most 100' },
    ],
  },
  { command: 'case-show', summary: 'read a case', method: 'GET', path: CASE },
  {
    command: 'progress',
    summary: "a case's timeline: phases, meetings, actions and their status",
    method: 'GET',
    path: `${CASE}/progress`,
  },
  {
    command: 'actions',
    summary: 'the joint plan of a case',
    method: 'GET',
    path: `${CASE}/actions`,
    query: [{ flag: 'overdue', name: 'overdue', help: 'true: only actions past their due date' }],
  },
  {
    command: 'action-add',
    summary: 'agree an action of the joint plan (case director, process director)',
    method: 'POST',
    path: `${CASE}/actions`,
    body: [
      { flag: 'organisation', field: 'organisation', required: true, help: '<who carries it>' },
      {
        flag: 'description',
        field: 'description',
        required: true,
        help: '<what, no personal data>',
      },
      { flag: 'due', field: 'dueOn', required: true, help: '<YYYY-MM-DD>' },
      { flag: 'meeting', field: 'meetingOn', help: '<YYYY-MM-DD>, default today' },
    ],
  },
  {
    command: 'action-update',
    summary:
      'change an action: its status (the carrying organisation), or anything (the directors)',
    method: 'PATCH',
    path: `${CASE}/actions/{actionId}`,
    body: [
      { flag: 'status', field: 'status', help: 'agreed|in_progress|done|dropped' },
      { flag: 'organisation', field: 'organisation', help: '<who carries it>' },
      { flag: 'description', field: 'description', help: '<what, no personal data>' },
      { flag: 'due', field: 'dueOn', help: '<YYYY-MM-DD>' },
    ],
  },
  {
    command: 'report',
    summary: 'the yearly case report, small counts hidden (process director, privacy officer)',
    method: 'GET',
    path: '/v1/reports/cases',
    query: [
      { flag: 'from', name: 'from', required: true, help: '<year>' },
      { flag: 'to', name: 'to', required: true, help: '<year>' },
      { flag: 'threshold', name: 'threshold', help: '<n>, default 10' },
      { flag: 'format', name: 'format', help: 'json|csv' },
    ],
  },
  {
    command: 'case-transition',
    summary: 'move a case to its next phase',
    method: 'POST',
    path: `${CASE}/transitions`,
    body: [
      {
        flag: 'action',
        field: 'action',
        required: true,
        help: 'start_triage|accept|advise_registrant|start_monitoring|move_to_shadow_list|return_to_case_meeting|close|reopen',
      },
      { flag: 'outcome', field: 'outcome', help: '<outcome> (close)' },
    ],
  },
  {
    command: 'participants',
    summary: 'list the participants of a case',
    method: 'GET',
    path: `${CASE}/participants`,
  },
  {
    command: 'participant-add',
    summary: 'add a participant (process director)',
    method: 'POST',
    path: `${CASE}/participants`,
    body: [
      { flag: 'organisation', field: 'organisation', required: true, help: '<organisation>' },
      { flag: 'employee', field: 'user', required: true, help: '<user id>' },
      {
        flag: 'as',
        field: 'role',
        default: 'case_participant',
        help: 'case_participant|privacy_officer, default case_participant',
      },
    ],
  },
  {
    command: 'participant-remove',
    summary: 'remove a participant (process director)',
    method: 'DELETE',
    path: `${CASE}/participants/{participantId}`,
  },
  {
    command: 'case-director',
    summary: 'appoint the case director (process director)',
    method: 'PUT',
    path: `${CASE}/case-director`,
    body: [
      { flag: 'organisation', field: 'organisation', required: true, help: '<organisation>' },
      { flag: 'employee', field: 'user', required: true, help: '<user id>' },
    ],
  },
  {
    command: 'person-add',
    summary: 'add a person, the national identifier on standard input (registering partner)',
    method: 'POST',
    path: `${CASE}/persons`,
    body: [
      {
        flag: 'age-band',
        field: 'ageBand',
        required: true,
        help: '0-3|4-12|13-17|18-23|24-54|55+',
      },
      {
        flag: 'turns-16-in',
        field: 'turns16In',
        required: false,
        help: 'YYYY-MM, age band 13-17 only: the month the person turns 16',
      },
      { flag: 'gender', field: 'gender', required: true, help: 'female|male|other|unknown' },
    ],
    stdinField: 'nationalId',
  },
  {
    command: 'persons',
    summary: 'list the persons of a case',
    method: 'GET',
    path: `${CASE}/persons`,
  },
  {
    command: 'consent-add',
    summary: "record a person's consent",
    method: 'POST',
    path: `${PERSON}/consents`,
    body: statementBody,
  },
  {
    command: 'objection-add',
    summary: "record a person's objection",
    method: 'POST',
    path: `${PERSON}/objections`,
    body: statementBody,
  },
  {
    command: 'consent-withdraw',
    summary: 'withdraw a consent',
    method: 'POST',
    path: `${CASE}/consents/{statementId}/withdrawal`,
  },
  {
    command: 'objection-withdraw',
    summary: 'withdraw an objection',
    method: 'POST',
    path: `${CASE}/objections/{statementId}/withdrawal`,
  },
  {
    command: 'consent-record',
    summary: "a person's consents and objections",
    method: 'GET',
    path: `${PERSON}/consent-record`,
  },
  {
    command: 'exception-add',
    summary: 'record an approved legal-ground exception (process director)',
    method: 'POST',
    path: `${PERSON}/exceptions`,
    body: [
      { flag: 'recipient', field: 'recipient', required: true, help: '<organisation>' },
      { flag: 'categories', field: 'categories', kind: 'list', required: true, help: '<a,b>' },
      {
        flag: 'reason',
        field: 'reason',
        required: true,
        help: 'danger_to_those_involved|person_unreachable|legal_obligation|vital_interest',
      },
      { flag: 'justification', field: 'justification', required: true, help: '<text>' },
      { flag: 'expires', field: 'expiresAt', kind: 'instant', required: true, help: '<instant>' },
    ],
  },
  {
    command: 'exceptions',
    summary: "a person's legal-ground exceptions",
    method: 'GET',
    path: `${PERSON}/exceptions`,
  },
  {
    command: 'exception-revoke',
    summary: 'revoke an exception (process director)',
    method: 'POST',
    path: `${CASE}/exceptions/{exceptionId}/revocation`,
  },
  {
    command: 'exception-provider-decide',
    summary: 'approve or refuse, as its provider, an exception for special categories',
    method: 'POST',
    path: `${CASE}/exceptions/{exceptionId}/provider-decision`,
    body: [
      { flag: 'decision', field: 'decision', required: true, help: 'approved|refused' },
      { flag: 'reason', field: 'reason', required: true, help: '<text>' },
    ],
  },
  {
    command: 'formal-request-add',
    summary: 'ask a provider to reuse data received from it for a new purpose',
    method: 'POST',
    path: `${PERSON}/formal-requests`,
    body: [
      { flag: 'provider', field: 'provider', required: true, help: '<organisation>' },
      { flag: 'purpose', field: 'purpose', required: true, help: '<purpose>' },
      { flag: 'categories', field: 'categories', kind: 'list', required: true, help: '<a,b>' },
      {
        flag: 'exchanges',
        field: 'exchangeIds',
        kind: 'list',
        required: true,
        help: '<exchange id,...> in which you received them',
      },
      { flag: 'justification', field: 'justification', required: true, help: '<text>' },
    ],
  },
  {
    command: 'formal-requests',
    summary: "the formal requests about a person's data",
    method: 'GET',
    path: `${PERSON}/formal-requests`,
  },
  {
    command: 'formal-request-decide',
    summary: 'approve or refuse a formal request (providing organisation)',
    method: 'POST',
    path: `${CASE}/formal-requests/{requestId}/decision`,
    body: [
      { flag: 'status', field: 'status', required: true, help: 'approved|refused' },
      { flag: 'reason', field: 'reason', required: true, help: '<text>' },
      { flag: 'expires', field: 'expiresAt', kind: 'instant', help: '<instant> (approved)' },
    ],
  },
];

/** The operations the CLI's own commands serve, each with its own options and output. */
export const OWN_COMMAND_OPERATIONS: readonly {
  readonly command: string;
  readonly method: HttpMethod;
  readonly path: string;
}[] = [
  { command: 'whoami', method: 'GET', path: '/v1/whoami' },
  { command: 'pull', method: 'POST', path: `${PERSON}/pull` },
  { command: 'push', method: 'POST', path: `${CASE}/push` },
  { command: 'audit search', method: 'GET', path: '/v1/audit/entries' },
  { command: 'audit search --person', method: 'POST', path: '/v1/audit/entries' },
  { command: 'audit entry', method: 'GET', path: '/v1/audit/entries/{seq}' },
  { command: 'audit subject', method: 'POST', path: '/v1/audit/subject-access' },
  { command: 'audit stats', method: 'GET', path: '/v1/audit/statistics' },
  { command: 'audit status', method: 'GET', path: '/v1/audit/status' },
  { command: 'audit export', method: 'GET', path: '/v1/audit/export' },
  { command: 'covenant show', method: 'GET', path: '/v1/covenant' },
  { command: 'covenant show <id>', method: 'GET', path: '/v1/covenant/versions/{versionId}' },
  { command: 'covenant propose', method: 'POST', path: '/v1/covenant/versions' },
  {
    command: 'covenant accept|reject|revoke',
    method: 'POST',
    path: '/v1/covenant/versions/{versionId}/decisions',
  },
];
