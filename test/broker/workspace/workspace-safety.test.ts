import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { NATIONAL_ID } from '../../support/case-fixtures.ts';
import { ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import { issuePerson, type PersonHolder } from '../../support/persons.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const network = useTestNetwork({ partners: ORGANISATIONS });
let officer: PersonHolder;

beforeAll(async () => {
  officer = await issuePerson(network, 'zvh-bonaire', {
    userId: 'privacy-1',
    displayName: 'Anaïs Martina',
    role: 'privacy_officer',
  });
});

const tlsOf = (holder: { cert: string; key: string }) => ({
  ca: network.ca,
  cert: holder.cert,
  key: holder.key,
});

/** A form as a browser posts it, from `origin`. */
async function postForm(
  target: string,
  body: string,
  origin: string,
): Promise<{ status: number; headers: IncomingMessage['headers'] }> {
  const outgoing = request(target, {
    method: 'POST',
    ...tlsOf(officer),
    agent: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  });
  outgoing.end(body);
  const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
  incoming.resume();
  return { status: incoming.statusCode ?? 0, headers: incoming.headers };
}

/** The form token of a page: the hidden field every form of it carries. */
function formToken(html: string): string {
  return /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

describeOnEveryDatabase('the workspace over mutual TLS', (ctx) => {
  let broker: TestBroker;

  afterEach(async () => {
    await broker?.running.close();
  });

  async function start(): Promise<TestBroker> {
    broker = await network.startBroker({ store: ctx.store });
    return broker;
  }

  it('answers every page with the security headers, and pages with no-store', async () => {
    const { url } = await start();
    for (const path of [
      '/workspace',
      '/workspace/audit',
      '/workspace/covenant',
      '/workspace/covenant/impact',
      '/workspace/no-such-page',
    ]) {
      const page = await httpsRequest(`${url}${path}`, { tls: tlsOf(officer) });
      expect(page.contentType, path).toContain('text/html');
      const csp = String(page.headers['content-security-policy']);
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("form-action 'self'");
      expect(page.headers['cache-control'], path).toBe('no-store');
      expect(page.headers['referrer-policy'], path).toBe('no-referrer');
      expect(page.headers['x-frame-options'], path).toBe('DENY');
      expect(page.headers['x-content-type-options'], path).toBe('nosniff');
      expect(page.text, path).not.toMatch(/<script|style="/);
    }
  });

  it('gives a partner system no workspace, and a personal certificate no /v1', async () => {
    const { url } = await start();
    const partner = await httpsRequest(`${url}/workspace`, {
      tls: tlsOf(network.holders['zvh-bonaire']),
    });
    expect(partner.status).toBe(403);
    expect(partner.text).toContain('CLIENT_CERT_INVALID');
    const person = await httpsRequest(`${url}/v1/whoami`, { tls: tlsOf(officer) });
    expect(person.status).toBe(403);
    expect(JSON.parse(person.text)).toMatchObject({ code: 'CLIENT_CERT_INVALID' });
  });

  it('refuses a form without the token of this certificate or from another origin, and reads nothing', async () => {
    const { url } = await start();
    const page = await httpsRequest(`${url}/workspace/audit/person`, { tls: tlsOf(officer) });
    const token = formToken(page.text);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const send = (body: string, origin: string) =>
      postForm(`${url}/workspace/audit/person`, body, origin);
    const search = `nationalId=${NATIONAL_ID}`;
    expect((await send(search, url)).status).toBe(400);
    expect((await send(`${search}&formToken=${'x'.repeat(43)}`, url)).status).toBe(400);
    expect((await send(`${search}&formToken=${token}`, 'https://elsewhere.example')).status).toBe(
      400,
    );
    const before = await ctx.store.auditQueries.search({
      network: 'bonaire',
      scope: { kind: 'network' },
      type: 'audit.search',
    });
    expect(before.entries).toEqual([]);
    const accepted = await send(`${search}&formToken=${token}`, url);
    expect(accepted.status).toBe(200);
    expect(accepted.headers['cache-control']).toBe('no-store');
    const after = await ctx.store.auditQueries.search({
      network: 'bonaire',
      scope: { kind: 'network' },
      type: 'audit.search',
    });
    expect(after.entries).toHaveLength(1);
    expect(after.entries[0]?.details).toMatchObject({ action: 'search', via: 'workspace' });
    expect(JSON.stringify(after.entries[0])).not.toContain(NATIONAL_ID);
    expect(broker.logLines.join('\n')).not.toContain(NATIONAL_ID);
  });
});
