import { UserAssertionSigner } from '../../adapters/partner-client/user-assertion-signer.ts';
import { type Clock, systemClock } from '../../keys/clock.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { Holder } from './certificates.ts';
import { type HttpsResponse, httpsRequest } from './https-request.ts';
import { AUDIENCE } from './test-broker.ts';

export interface ApiResponse extends HttpsResponse {
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
  readonly body: any;
}

/** An employee of a partner: the certificate of the organisation, the user of the assertion. */
export interface Caller {
  readonly organisation: string;
  readonly holder: Holder;
  readonly user: string;
  readonly role: CaseRole;
}

/** The broker as a partner's system calls it: over mutual TLS, a fresh assertion per call. */
export class ApiClient {
  readonly #url: string;
  readonly #clock: Clock;
  readonly #signers = new Map<Holder, UserAssertionSigner>();

  /** `clock`: the time the partner's system signs its assertions at. */
  constructor(url: string, clock: Clock = systemClock) {
    this.#url = url;
    this.#clock = clock;
  }

  async call(
    caller: Caller | Holder,
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...extraHeaders };
    const holder = 'holder' in caller ? caller.holder : caller;
    if ('holder' in caller) {
      headers['ZVH-Assertion'] = await this.#signer(holder).sign(
        { id: caller.user, name: caller.user, role: caller.role },
        this.#clock.now(),
      );
    }
    const response = await httpsRequest(`${this.#url}${path}`, {
      method,
      tls: holder,
      headers,
      body,
    });
    const json = /^application\/(problem\+)?json(;|$)/.test(
      response.contentType ?? 'application/json',
    );
    return {
      ...response,
      body: response.text === '' || !json ? undefined : JSON.parse(response.text),
    };
  }

  #signer(holder: Holder): UserAssertionSigner {
    let signer = this.#signers.get(holder);
    if (signer === undefined) {
      signer = UserAssertionSigner.create({
        certificatePem: holder.cert,
        privateKeyPem: holder.key,
        audience: AUDIENCE,
      });
      this.#signers.set(holder, signer);
    }
    return signer;
  }
}
