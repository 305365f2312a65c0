import type { Context } from 'hono';
import type { UserAssertion } from '../../keys/assertion/user-assertion.ts';
import type { Clock } from '../../keys/clock.ts';
import type { VerificationOutcome } from '../audit/status/verification-schedule.ts';
import type { CandidateDirectory } from '../covenant/impact/candidate-directory.ts';
import type { RequestIdVariables } from '../http/request-id.ts';
import type { TraceVariables } from '../http/trace-context.ts';
import type { IdentityVariables } from '../identity/identity-middleware.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { BrokerStore } from '../store/broker-store.ts';
import type { Language, LanguageChoice, Words } from './language.ts';

/** What every page of the workspace may use; createApp hands it over. */
export interface WorkspaceDependencies {
  readonly store: BrokerStore;
  /** The ZVH network this broker serves. */
  readonly network: string;
  /** The covenant's purpose titles, for the subject access report. */
  readonly policy: PolicyEngine;
  readonly clock: Clock;
  /** The outcome of the last scheduled verification of the whole trail. */
  readonly verification: { latest(): VerificationOutcome | null };
  /** Where the operator places candidate bundles for the impact report; null: nowhere. */
  readonly candidates: CandidateDirectory | null;
}

export type WorkspaceVariables = IdentityVariables &
  RequestIdVariables &
  TraceVariables & {
    language: LanguageChoice;
    /** The token every form of this page carries (form-token.ts). */
    formToken: string;
    /** The modules the navigation offers this user. */
    navigation: readonly NavigationItem[];
  };

export interface NavigationItem {
  readonly path: string;
  readonly title: Words;
}

export type WorkspaceEnv = { Variables: WorkspaceVariables };
export type WorkspaceContext = Context<WorkspaceEnv>;

/** What a page renders with: who is signed in, in which language, and how to link. */
export interface PageContext {
  readonly user: UserAssertion;
  readonly language: Language;
  readonly path: string;
  readonly formToken: string;
  readonly navigation: readonly NavigationItem[];
  /** The words in the page's language. */
  say(words: Words): string;
  /** A workspace link that keeps an explicitly chosen language. */
  link(path: string, query?: Readonly<Record<string, string | undefined>>): string;
}

export const WORKSPACE_ROOT = '/workspace';

export function pageContext(c: WorkspaceContext): PageContext {
  const { language, explicit } = c.get('language');
  return {
    user: c.get('user'),
    language,
    path: c.req.path,
    formToken: c.get('formToken'),
    navigation: c.get('navigation'),
    say: (words) => words[language],
    link: (path, query = {}) => {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) {
        if (value !== undefined && value !== '') search.set(name, value);
      }
      if (explicit) search.set('lang', language);
      const text = search.toString();
      return `${WORKSPACE_ROOT}${path === '/' ? '' : path}${text === '' ? '' : `?${text}`}`;
    },
  };
}
