import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import { RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import type { WorkspaceEnv } from './workspace-context.ts';

/** The hidden field every workspace form carries. */
export const FORM_TOKEN_FIELD = 'formToken';

/**
 * Tokens that bind a form to the personal certificate it was served to: an HMAC of the
 * certificate's thumbprint under a key of this broker process. Another site cannot read
 * one (same-origin policy), another certificate's is different, and a restart voids them
 * all (the page is simply loaded again). There is no session to bind to: the certificate
 * is the session.
 */
export class FormTokens {
  readonly #key = randomBytes(32);

  tokenFor(thumbprint: string): string {
    return createHmac('sha256', this.#key)
      .update(`workspace-form\n${thumbprint}`)
      .digest('base64url');
  }

  matches(thumbprint: string, token: unknown): boolean {
    if (typeof token !== 'string' || token.length > 64) return false;
    const expected = Buffer.from(this.tokenFor(thumbprint));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

const sameOrigin = csrf();

/**
 * Sets the page's form token, and refuses a POST whose Origin (or Sec-Fetch-Site) is not
 * this workspace (hono/csrf) or whose form lacks the token of this certificate. Mount it
 * after requirePerson.
 *
 * @example
 * workspace.use('*', requirePerson(identity), protectForms(new FormTokens()));
 */
export function protectForms(tokens: FormTokens) {
  return createMiddleware<WorkspaceEnv>(async (c, next) => {
    const thumbprint = c.get('partner').thumbprint;
    c.set('formToken', tokens.tokenFor(thumbprint));
    if (c.req.method !== 'POST') return next();
    return sameOrigin(c, async () => {
      const form = await c.req.parseBody();
      if (!tokens.matches(thumbprint, form[FORM_TOKEN_FIELD])) {
        throw new RequestInvalidError('the form is not one this workspace gave this certificate');
      }
      await next();
    });
  });
}
