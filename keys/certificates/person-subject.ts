import type { X509Certificate } from 'node:crypto';
import { type CaseRole, caseRoleSchema } from '../../policies/vocabulary/case-roles.ts';
import { single, subjectAttributes } from './certificate-identity.ts';

/**
 * Who a personal certificate names: an employee of a partner (or of the ZVH itself) who
 * works in the browser. The organisation is in the subject's serialNumber as in every
 * certificate of the network; the employee's id in `UID` (RFC 4519 userid), the role in
 * `title` (X.520) and the name in `CN`. Nothing else names the person: the workspace has
 * no passwords and no sign-in form.
 */
export interface PersonSubject {
  readonly userId: string;
  readonly displayName: string;
  readonly role: CaseRole;
}

/** Narrow, so an id never needs escaping in a subject, a log line or an audit entry. */
export const PERSON_USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/** A name as it is printed: no control characters, which node:crypto would escape anyway. */
export const PERSON_NAME_PATTERN = /^[^\p{Cc}]{1,128}$/u;

/** The subject's person attributes, or undefined unless each is there exactly once and well-formed. */
export function personSubject(certificate: X509Certificate): PersonSubject | undefined {
  const attributes = subjectAttributes(certificate);
  const userId = single(attributes, 'UID');
  const displayName = single(attributes, 'CN');
  const role = caseRoleSchema.safeParse(single(attributes, 'title'));
  if (userId === undefined || !PERSON_USER_ID_PATTERN.test(userId)) return undefined;
  if (displayName === undefined || !PERSON_NAME_PATTERN.test(displayName)) return undefined;
  if (!role.success) return undefined;
  return Object.freeze({ userId, displayName, role: role.data });
}
