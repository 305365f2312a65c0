import { relative } from 'node:path';
import type { TlsMaterialPaths } from '../keys/tls/tls-material.ts';

/** A path as short as the developer can type it: relative to the cwd when inside it. */
export function displayPath(file: string): string {
  const near = relative(process.cwd(), file);
  return near.startsWith('..') ? file : near;
}

/** The partner CLI's certificate options for a partner's key material. */
export function keyOptions(partner: TlsMaterialPaths): string {
  return `--cert ${displayPath(partner.certificate)} --key ${displayPath(partner.privateKey)}`;
}

/** curl's options for mutual TLS with a partner's key material. */
export function curlTlsOptions(partner: TlsMaterialPaths): string {
  return `--cert ${displayPath(partner.certificate)} --key ${displayPath(partner.privateKey)} --cacert ${displayPath(partner.ca)}`;
}

/**
 * For the developer at the terminal: the two ways to prove identity works, as the demo
 * partner with the partner CLI and with curl.
 *
 * @example
 * console.error(howToCall(keys.demoPartner, 'urn:zvh-broker:bonaire', 8443));
 */
export function howToCall(partner: TlsMaterialPaths, audience: string, port: number): string {
  const url = `https://localhost:${port}`;
  const user = `--user u123 --name 'Demo User' --role case_participant --audience ${audience}`;
  return `
Call the broker as the demo partner:
  npm run -s partner -- whoami --broker ${url} ${keyOptions(partner)} --ca ${displayPath(partner.ca)} \\
    ${user}
or with curl (the assertion comes from the partner CLI):
  curl ${curlTlsOptions(partner)} \\
    -H "ZVH-Assertion: $(npm run -s partner -- assertion ${keyOptions(partner)} ${user})" \\
    ${url}/v1/whoami
`;
}
