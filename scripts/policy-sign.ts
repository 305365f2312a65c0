// Signs a built bundle directory in OPA's format: writes its .signatures.json with the
// policy-signing key (npm run keys -- policy-key), and with --tarball also packs it as the
// .tar.gz a bundle server serves. `npm run policy:build -- <dir> --signing-key <pem>` calls it.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packBundleTarball } from '../broker/policy/bundle-tarball.ts';
import { readBundleDirectory, SIGNATURES_FILE } from '../broker/policy/policy-bundle-files.ts';
import { signBundleFiles } from '../broker/policy/policy-bundle-signer.ts';

const USAGE = `Usage: node --import tsx scripts/policy-sign.ts --signing-key <pem> [--tarball <file>] <bundle-dir>`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'signing-key': { type: 'string' }, tarball: { type: 'string' } },
});
const [dir] = positionals;
const keyPath = values['signing-key'];
if (dir === undefined || keyPath === undefined || positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
// A signature left from an earlier build would otherwise be listed as a file of the bundle.
await rm(join(dir, SIGNATURES_FILE), { force: true });
const files = await readBundleDirectory(dir);
await writeFile(
  join(dir, SIGNATURES_FILE),
  await signBundleFiles(files, await readFile(keyPath, 'utf8')),
  {
    mode: 0o644,
  },
);
console.log(`policy-sign: ${join(dir, SIGNATURES_FILE)} lists ${files.size} files`);
if (values.tarball !== undefined) {
  await writeFile(values.tarball, packBundleTarball(await readBundleDirectory(dir)), {
    mode: 0o644,
  });
  console.log(`policy-sign: ${resolve(values.tarball)}`);
}
