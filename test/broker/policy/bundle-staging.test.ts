import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { laterStart } from '../../../broker/policy/bundle-start.ts';
import type { BundleFiles } from '../../../broker/policy/policy-bundle-files.ts';
import type {
  BundleFetch,
  PolicyBundleSource,
} from '../../../broker/policy/policy-bundle-source.ts';
import {
  type PolicyBundleWatcher,
  startPolicyBundleWatcher,
} from '../../../broker/policy/policy-bundle-watcher.ts';
import { TestClock } from '../../support/clock.ts';
import { allowedPull } from '../../support/exchange-request.ts';
import { capturingLogger } from '../../support/logger.ts';
import { bundleAtRevision } from '../../support/policy-bundles.ts';

/** The running covenant of 2020 ends here; its renewals start here or later. */
const NOW = '2027-12-31T23:00:00.000Z';
const RENEWAL_STARTS = '2028-01-01T00:00:00.000Z';
const LATER_RENEWAL_STARTS = '2028-02-01T00:00:00.000Z';

/** A bundle of the committed policy whose bonaire covenant runs `from`..`until`. */
function bundleRunning(revision: string, from: string, until = '2032-01-01T00:00:00.000Z') {
  return bundleAtRevision(revision, (data) => {
    const bonaire = (data.zvh as { covenants: { bonaire: Record<string, unknown> } }).covenants
      .bonaire;
    bonaire.not_before = from;
    bonaire.not_after = until;
  });
}

let running: BundleFiles;
let renewal: BundleFiles;
let laterRenewal: BundleFiles;
let correction: BundleFiles;

beforeAll(async () => {
  running = await bundleRunning('running', '2020-01-20T00:00:00.000Z', RENEWAL_STARTS);
  renewal = await bundleRunning('renewal', RENEWAL_STARTS);
  laterRenewal = await bundleRunning('later-renewal', LATER_RENEWAL_STARTS);
  correction = await bundleRunning('correction', '2020-01-20T00:00:00.000Z', RENEWAL_STARTS);
});

/** A bundle location the test fills by hand: each placed bundle is delivered once. */
function handFilledLocation() {
  let placed: BundleFiles | null = null;
  const source: PolicyBundleSource = {
    async fetch(): Promise<BundleFetch> {
      const files = placed;
      placed = null;
      return files === null ? { changed: false } : { changed: true, files };
    },
  };
  return { source, place: (files: BundleFiles) => (placed = files) };
}

let watcher: PolicyBundleWatcher | undefined;

afterEach(async () => {
  await watcher?.stop();
  watcher = undefined;
});

async function watching(first: BundleFiles) {
  const clock = new TestClock(NOW);
  const { logger, lines } = capturingLogger();
  const location = handFilledLocation();
  location.place(first);
  watcher = await startPolicyBundleWatcher({
    source: location.source,
    verificationKey: null,
    pollMs: 60_000,
    logger,
    clock,
  });
  const w = watcher;
  return {
    clock,
    watcher: w,
    logged: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async place(files: BundleFiles) {
      location.place(files);
      await w.pollNow();
    },
    decidedBy: (at: string) => w.policy.decide(allowedPull({ at })).revision,
  };
}

describe('a policy bundle whose covenants start later', () => {
  it('is staged, not activated: decisions stay on the running bundle until its start', async () => {
    const broker = await watching(running);
    await broker.place(renewal);

    expect(broker.watcher.status()).toMatchObject({
      activatedAt: NOW,
      staged: { revision: 'renewal', from: RENEWAL_STARTS },
    });
    expect(broker.watcher.policy.revision).toBe('running');
    expect(broker.decidedBy('2027-12-31T23:59:59.999Z')).toBe('running');
    expect(broker.logged()).toContainEqual(
      expect.objectContaining({
        msg: `policy bundle staged until ${RENEWAL_STARTS}`,
        policyRevision: 'running',
        stagedRevision: 'renewal',
      }),
    );
  });

  it('takes over at its start: the first decision at that moment is its, and the log says so', async () => {
    const broker = await watching(running);
    await broker.place(renewal);

    const first = broker.watcher.policy.decide(allowedPull({ at: RENEWAL_STARTS }));
    expect(first.revision).toBe('renewal');
    // The renewal's own covenant decides: in force from its start.
    expect(first.reasons.map((reason) => reason.code)).not.toContain('COVENANT_NOT_IN_FORCE');
    expect(broker.watcher.status()).toMatchObject({
      activatedAt: RENEWAL_STARTS,
      staged: null,
    });
    expect(broker.logged()).toContainEqual(
      expect.objectContaining({
        msg: 'policy bundle activated',
        policyRevision: 'renewal',
        previousRevision: 'running',
        from: RENEWAL_STARTS,
      }),
    );
  });

  it('takes over by the clock when no decision comes: /health and the next look show it', async () => {
    const broker = await watching(running);
    await broker.place(renewal);
    broker.clock.set(RENEWAL_STARTS);
    await broker.watcher.pollNow();
    expect(broker.logged().filter((line) => line.msg === 'policy bundle activated')).toEqual([
      expect.objectContaining({ policyRevision: 'running', previousRevision: 'unavailable' }),
      expect.objectContaining({ policyRevision: 'renewal', previousRevision: 'running' }),
    ]);
    expect(broker.watcher.status().staged).toBeNull();
    expect(broker.watcher.policy.revision).toBe('renewal');
  });

  it('is replaced by a bundle staged after it', async () => {
    const broker = await watching(running);
    await broker.place(renewal);
    await broker.place(laterRenewal);

    expect(broker.watcher.status().staged).toEqual({
      revision: 'later-renewal',
      from: LATER_RENEWAL_STARTS,
    });
    expect(broker.decidedBy(RENEWAL_STARTS)).toBe('running');
    expect(broker.decidedBy(LATER_RENEWAL_STARTS)).toBe('later-renewal');
  });

  it('is dropped by a bundle in force now, which is activated at once', async () => {
    const broker = await watching(running);
    await broker.place(renewal);
    await broker.place(correction);

    expect(broker.watcher.status()).toMatchObject({ staged: null });
    expect(broker.watcher.policy.revision).toBe('correction');
    expect(broker.decidedBy(RENEWAL_STARTS)).toBe('correction');
    expect(broker.logged()).toContainEqual(
      expect.objectContaining({
        msg: 'policy bundle activated',
        policyRevision: 'correction',
        droppedStagedRevision: 'renewal',
      }),
    );
  });

  it('is withdrawn when the running bundle is placed back', async () => {
    const broker = await watching(running);
    await broker.place(renewal);
    await broker.place(running);

    expect(broker.watcher.status().staged).toBeNull();
    expect(broker.decidedBy(RENEWAL_STARTS)).toBe('running');
  });

  it('is activated at once when it is the first bundle: staging needs a bundle in force', async () => {
    const broker = await watching(renewal);
    expect(broker.watcher.policy.revision).toBe('renewal');
    expect(broker.watcher.status()).toMatchObject({ activatedAt: NOW, staged: null });
  });
});

describe('when a bundle takes over', () => {
  const now = new Date(NOW);
  const bundleOf = (covenants: Record<string, unknown>) => ({ zvh: { covenants } });

  it('is the latest start among its covenants when every one starts later', () => {
    expect(
      laterStart(
        bundleOf({
          bonaire: { not_before: RENEWAL_STARTS },
          curacao: { not_before: LATER_RENEWAL_STARTS },
        }),
        now,
      ),
    ).toEqual(new Date(LATER_RENEWAL_STARTS));
  });

  it('is now when one covenant has begun, states no start, or there is none', () => {
    expect(
      laterStart(
        bundleOf({ bonaire: { not_before: RENEWAL_STARTS }, curacao: { not_before: NOW } }),
        now,
      ),
    ).toBeNull();
    expect(laterStart(bundleOf({ bonaire: { not_before: 'soon' } }), now)).toBeNull();
    expect(laterStart(bundleOf({}), now)).toBeNull();
    expect(laterStart({}, now)).toBeNull();
  });
});
