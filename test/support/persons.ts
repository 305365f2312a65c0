import { readFile } from 'node:fs/promises';
import type { PersonSubject } from '../../keys/certificates/person-subject.ts';
import type { Network } from './certificates.ts';

/** A personal certificate as a browser and a TLS client take it. */
export interface PersonHolder {
  readonly organisation: string;
  readonly person: PersonSubject;
  readonly serial: string;
  /** The PKCS#12 file, as a browser imports it. */
  readonly pfxPath: string;
  readonly passphrase: string;
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

const PASSPHRASE = 'test passphrase of the workspace';

/** Issues an employee's personal certificate on the test network, as `keys issue-person` does. */
export async function issuePerson(
  network: Network,
  organisation: string,
  person: PersonSubject,
): Promise<PersonHolder> {
  const issued = await network.authority.issuePerson(
    { organisation, person, days: 30 },
    PASSPHRASE,
    new Date(),
  );
  return {
    organisation,
    person,
    serial: issued.serial,
    pfxPath: issued.pkcs12,
    passphrase: PASSPHRASE,
    cert: await readFile(issued.certificate, 'utf8'),
    key: await readFile(issued.privateKey, 'utf8'),
    ca: network.ca,
  };
}
