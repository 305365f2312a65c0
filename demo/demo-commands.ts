import { curlTlsOptions, displayPath, keyOptions } from '../broker/how-to-call.ts';
import type { TlsMaterialPaths } from '../keys/tls/tls-material.ts';
import type { CastMember } from './demo-cast.ts';

/** One example request: who sends it, where, and with which JSON body. */
export interface ExampleRequest {
  readonly as: CastMember;
  readonly role: string;
  readonly keys: TlsMaterialPaths;
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ExampleCommands {
  readonly brokerUrl: string;
  readonly audience: string;
}

/** Quotes for a POSIX shell, leaving plain words (ids, paths, slugs) readable. */
export function shellQuote(value: string): string {
  return /^[\w./:,@=+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function userOptions(request: ExampleRequest, audience: string): string {
  return [
    `--user ${shellQuote(request.as.actor.user)}`,
    `--name ${shellQuote(request.as.name)}`,
    `--role ${request.role}`,
    `--audience ${audience}`,
  ].join(' ');
}

/**
 * A partner CLI command for the request: the options every call needs, then the
 * command's own options on the last line.
 *
 * @example
 * cliCommand(env, request, 'pull', '--case 1 --person 2 --purpose case_meeting --categories signal');
 */
export function cliCommand(
  env: ExampleCommands,
  request: ExampleRequest,
  command: string,
  options: string,
): string {
  const connection = `--broker ${env.brokerUrl} ${keyOptions(request.keys)} --ca ${displayPath(request.keys.ca)}`;
  return [
    `npm run -s partner -- ${command} ${connection} \\`,
    `    ${userOptions(request, env.audience)} \\`,
    `    ${options}`,
  ].join('\n');
}

/** The same request with curl; the assertion comes from the partner CLI. */
export function curlCommand(env: ExampleCommands, request: ExampleRequest): string {
  const assertion = `npm run -s partner -- assertion ${keyOptions(request.keys)} ${userOptions(request, env.audience)}`;
  return [
    `curl -sS ${curlTlsOptions(request.keys)} \\`,
    `    -H "ZVH-Assertion: $(${assertion})" \\`,
    `    -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(request.body))} \\`,
    `    ${env.brokerUrl}${request.path}`,
  ].join('\n');
}
