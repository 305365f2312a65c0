import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { auditSections } from './audit-sections.ts';
import { officerScope } from './officer-access.ts';

const WORDS = {
  title: { nl: 'De keten van het auditlog', en: 'The chain of the audit trail' },
  entries: { nl: 'Vermeldingen', en: 'Entries' },
  head: { nl: 'Laatste vermelding (kop)', en: 'Last entry (head)' },
  checkpoint: { nl: 'Laatste ondertekende controlepunt', en: 'Last signed checkpoint' },
  none: { nl: 'nog geen', en: 'none yet' },
  since: {
    nl: 'vermeldingen sindsdien, nog niet ondertekend',
    en: 'entries since, not yet signed',
  },
  verification: { nl: 'Laatste volledige controle', en: 'Last full verification' },
  notYet: {
    nl: 'Nog geen volledige controle afgerond sinds de broker startte.',
    en: 'No full verification has finished since the broker started.',
  },
  result: {
    intact: { nl: 'intact', en: 'intact' },
    broken: { nl: 'GEBROKEN', en: 'BROKEN' },
    failed: { nl: 'niet gelukt', en: 'failed' },
  },
  seconds: { nl: 'seconden geleden', en: 'seconds ago' },
} as const;

/** GET /audit/status: the chain's head, the last checkpoint and the last full verification. */
export function registerChainStatusPage(
  routes: WorkspaceRoutes,
  deps: WorkspaceDependencies,
): void {
  routes.get('/status', async (c) => {
    const ctx = pageContext(c);
    await officerScope(deps, c, 'the status of the audit trail');
    const status = await deps.store.auditQueries.status(
      deps.clock.now(),
      deps.verification.latest(),
    );
    const { say } = ctx;
    const verification = status.lastVerification;
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={auditSections(ctx)}>
        <dl class="record">
          <dt>{say(WORDS.entries)}</dt>
          <dd>{status.entries}</dd>
          <dt>{say(WORDS.head)}</dt>
          <dd>
            #{status.head.seq} <span class="hash">{status.head.hash}</span>
          </dd>
          <dt>{say(WORDS.checkpoint)}</dt>
          <dd>
            {status.lastCheckpoint === null ? (
              say(WORDS.none)
            ) : (
              <>
                #{status.lastCheckpoint.seq}, {status.lastCheckpoint.at} (
                {status.lastCheckpoint.ageSeconds} {say(WORDS.seconds)});{' '}
                {status.lastCheckpoint.entriesSince} {say(WORDS.since)}
                <br />
                <span class="hash">{status.lastCheckpoint.hash}</span>
              </>
            )}
          </dd>
          <dt>{say(WORDS.verification)}</dt>
          <dd>
            {verification === null ? (
              say(WORDS.notYet)
            ) : (
              <>
                <span class={`badge ${verification.result === 'intact' ? 'intact' : 'deny'}`}>
                  {say(WORDS.result[verification.result])}
                </span>{' '}
                {verification.at} ({verification.durationMs} ms): {verification.summary}
              </>
            )}
          </dd>
        </dl>
      </Page>,
    );
  });
}
