import { createHash } from 'node:crypto';
import type { Clock } from '../../keys/clock.ts';
import {
  BrokerError,
  PolicyBundleRefusedError,
  PolicyUnavailableError,
} from '../errors/broker-error.ts';
import type { Logger } from '../log/logger.ts';
import { laterStart } from './bundle-start.ts';
import {
  type PolicyBundle,
  policyBundleFromFiles,
  readSignedPolicyBundle,
} from './policy-bundle.ts';
import { type BundleFiles, SIGNATURES_FILE } from './policy-bundle-files.ts';
import type { PolicyVerificationKey } from './policy-bundle-signature.ts';
import type { PolicyBundleSource } from './policy-bundle-source.ts';
import { PolicyEngineHolder } from './policy-engine-holder.ts';
import {
  UnavailablePolicyEngine,
  WasmPolicyEngine,
  type WasmPolicyEngineOptions,
} from './wasm-policy-engine.ts';

/** The last bundle the broker would not activate, for /health and the operator. */
export interface RefusedBundle {
  readonly code: string;
  readonly message: string;
  readonly at: string;
  /** The revision its manifest claims; null when the manifest is unreadable. */
  readonly revision: string | null;
}

/** What /health says about the policy bundle besides the active revision. */
export interface PolicyBundleStatus {
  /** True when bundles must carry a signature by the configured key. */
  readonly signatureRequired: boolean;
  /** When the active bundle was activated; null while none is. */
  readonly activatedAt: string | null;
  readonly refused: RefusedBundle | null;
  /** The verified bundle waiting for its covenants' term, and when it takes over; null while none is. */
  readonly staged: { readonly revision: string; readonly from: string } | null;
  /** Since when the location cannot be read, and why; null while it can. */
  readonly unreachable: {
    readonly code: string;
    readonly message: string;
    readonly since: string;
  } | null;
}

export interface PolicyBundleWatcherOptions {
  readonly source: PolicyBundleSource;
  /** Null: bundles are taken unsigned (a local directory only; the config enforces it). */
  readonly verificationKey: PolicyVerificationKey | null;
  readonly pollMs: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly engine?: WasmPolicyEngineOptions;
}

export interface PolicyBundleWatcher {
  /** The broker's policy: always the active bundle's engine. */
  readonly policy: PolicyEngineHolder;
  status(): PolicyBundleStatus;
  /** Looks at the location now (the schedule does this every `pollMs`). */
  pollNow(): Promise<void>;
  stop(): Promise<void>;
}

/** A digest of the files, the signature file included or not. */
function digestOf(files: BundleFiles, withSignature: boolean): string {
  const hash = createHash('sha256');
  for (const name of [...files.keys()].sort()) {
    if (name === SIGNATURES_FILE && !withSignature) continue;
    const content = files.get(name) as Uint8Array;
    hash.update(`${name}\0${content.byteLength}\0`).update(content);
  }
  return hash.digest('hex');
}

function claimedRevision(files: BundleFiles): string | null {
  try {
    return policyBundleFromFiles(files).revision;
  } catch {
    return null;
  }
}

/** Reading or loading failed on the bundle itself: a refusal of that bundle. */
function asRefusal(error: unknown): PolicyBundleRefusedError {
  if (error instanceof PolicyBundleRefusedError) return error;
  if (error instanceof PolicyUnavailableError) {
    return new PolicyBundleRefusedError('POLICY_BUNDLE_INVALID', error.message, { cause: error });
  }
  throw error;
}

/**
 * Takes the policy from a bundle location, and keeps taking it: every `pollMs` it looks
 * for a new bundle, verifies it (signature and every file, when a key is configured),
 * loads it into a new engine, and only then swaps it in, in one step. A bundle that fails
 * any of that is refused and logged, and the broker keeps deciding with the one it has;
 * before any bundle was activated, it denies everything (UnavailablePolicyEngine).
 *
 * A bundle whose covenants all begin later (a renewal placed ahead of its term) is staged
 * instead, once a bundle is active: the holder takes it over at its start, so that no
 * operator has to swap bundles at midnight. A later staged bundle replaces it; a bundle in
 * force now (the active one placed back included) is activated at once and drops it.
 *
 * @example
 * const watcher = await startPolicyBundleWatcher({ source, verificationKey, pollMs: 5000, logger, clock });
 * createApp({ policy: watcher.policy, policyBundles: watcher, ... });
 */
export async function startPolicyBundleWatcher(
  options: PolicyBundleWatcherOptions,
): Promise<PolicyBundleWatcher> {
  const { logger, clock } = options;
  let active: { digest: string; activatedAt: string } | null = null;
  let staged: { digest: string; revision: string; from: string } | null = null;
  const policy = new PolicyEngineHolder(
    new UnavailablePolicyEngine(new PolicyUnavailableError('no policy bundle activated yet')),
    {
      clock,
      onPromoted: (promoted, previous) => {
        // The watcher stages every engine the holder holds staged, so `staged` describes it.
        if (staged !== null) active = { digest: staged.digest, activatedAt: staged.from };
        staged = null;
        logger.info(
          {
            policyRevision: promoted.engine.revision,
            previousRevision: previous.revision,
            from: promoted.from.toISOString(),
            verified: options.verificationKey !== null,
          },
          'policy bundle activated',
        );
      },
    },
  );
  let refused: (RefusedBundle & { digest: string }) | null = null;
  let unreachable: PolicyBundleStatus['unreachable'] = null;

  const refuse = (files: BundleFiles, digest: string, error: PolicyBundleRefusedError): void => {
    refused = {
      code: error.code,
      message: error.message,
      at: clock.now().toISOString(),
      revision: claimedRevision(files),
      digest,
    };
    logger.error(
      {
        code: error.code,
        err: error,
        bundleRevision: refused.revision,
        policyRevision: policy.revision,
      },
      'policy bundle refused: keeping the active policy',
    );
    if (active === null) {
      policy.swap(
        new UnavailablePolicyEngine(new PolicyUnavailableError(error.message, { cause: error })),
      );
    }
  };

  const activate = async (files: BundleFiles): Promise<void> => {
    // The active bundle is known by its content (signing it again changes nothing); a refused
    // one by every byte, so that the same content signed after all is taken.
    const digest = digestOf(files, false);
    const whole = digestOf(files, true);
    if (digest === active?.digest) {
      if (staged !== null) withdrawStaged();
      return;
    }
    if (digest === staged?.digest || whole === refused?.digest) return;
    let bundle: PolicyBundle;
    let engine: WasmPolicyEngine;
    try {
      bundle =
        options.verificationKey === null
          ? policyBundleFromFiles(files)
          : await readSignedPolicyBundle(files, options.verificationKey);
      if (active !== null && bundle.revision === policy.revision) {
        throw new PolicyBundleRefusedError(
          'POLICY_BUNDLE_REVISION_REUSED',
          `the bundle has other content under the active revision ${bundle.revision}`,
        );
      }
      if (bundle.revision === staged?.revision) {
        throw new PolicyBundleRefusedError(
          'POLICY_BUNDLE_REVISION_REUSED',
          `the bundle has other content under the staged revision ${bundle.revision}`,
        );
      }
      engine = await WasmPolicyEngine.fromBundle(bundle, options.engine);
    } catch (error) {
      refuse(files, whole, asRefusal(error));
      return;
    }
    const now = clock.now();
    const start = active === null ? null : laterStart(bundle.data, now);
    if (start !== null) {
      const replaced = staged?.revision ?? null;
      policy.stage(engine, start);
      staged = { digest, revision: engine.revision, from: start.toISOString() };
      logger.info(
        {
          policyRevision: policy.revision,
          stagedRevision: engine.revision,
          replacedStagedRevision: replaced,
          verified: options.verificationKey !== null,
        },
        `policy bundle staged until ${staged.from}`,
      );
      return;
    }
    const previous = policy.revision;
    const dropped = staged?.revision ?? null;
    policy.swap(engine);
    staged = null;
    active = { digest, activatedAt: now.toISOString() };
    logger.info(
      {
        policyRevision: engine.revision,
        previousRevision: previous,
        droppedStagedRevision: dropped,
        verified: options.verificationKey !== null,
      },
      'policy bundle activated',
    );
  };

  /** The active bundle is back in the location: what was staged is no longer to come. */
  const withdrawStaged = (): void => {
    logger.info(
      { policyRevision: policy.revision, droppedStagedRevision: staged?.revision },
      'policy bundle staging withdrawn: the active bundle is in the location again',
    );
    policy.unstage();
    staged = null;
  };

  const poll = async (): Promise<void> => {
    // A staged bundle whose term began takes over here too, so an idle broker logs it on time.
    void policy.current;
    let fetched: Awaited<ReturnType<PolicyBundleSource['fetch']>>;
    try {
      fetched = await options.source.fetch();
    } catch (error) {
      if (error instanceof PolicyBundleRefusedError) {
        refuse(new Map(), `refused:${error.message}`, error);
        return;
      }
      if (!(error instanceof BrokerError)) throw error;
      if (unreachable === null) {
        logger.warn(
          { code: error.code, err: error },
          'policy bundle location unreadable: keeping the active policy',
        );
      }
      unreachable = {
        code: error.code,
        message: error.message,
        since: unreachable?.since ?? clock.now().toISOString(),
      };
      return;
    }
    if (unreachable !== null) {
      logger.info({ since: unreachable.since }, 'policy bundle location readable again');
      unreachable = null;
    }
    if (fetched.changed) await activate(fetched.files);
  };

  // Looks never overlap: a look started while another runs waits for it.
  let running: Promise<void> = Promise.resolve();
  const pollInTurn = (): Promise<void> => {
    const next = running.then(poll);
    running = next.catch((error: unknown) => {
      logger.error({ err: error }, 'policy bundle poll failed');
    });
    return next;
  };
  await pollInTurn();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    timer = setTimeout(() => {
      void pollInTurn()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, options.pollMs);
    timer.unref();
  };
  schedule();

  return {
    policy,
    status() {
      // A staged bundle whose term began takes over before this answers.
      void policy.current;
      return {
        signatureRequired: options.verificationKey !== null,
        activatedAt: active?.activatedAt ?? null,
        staged: staged === null ? null : { revision: staged.revision, from: staged.from },
        refused:
          refused === null
            ? null
            : {
                code: refused.code,
                message: refused.message,
                at: refused.at,
                revision: refused.revision,
              },
        unreachable,
      };
    },
    pollNow: pollInTurn,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
