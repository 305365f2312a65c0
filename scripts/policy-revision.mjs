// Prints the policy revision: a SHA-256 over every policy source and data file that goes
// into the bundle. The build stamps it into the bundle manifest; the freshness test
// recomputes it, so a changed source with a stale bundle fails without needing OPA.
import { policyRevision } from '../broker/policy/policy-revision.ts';

process.stdout.write(`${await policyRevision(process.argv[2] ?? 'policies')}\n`);
