import { createPrivateKey, createPublicKey } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, exportJWK } from 'jose';
import { opaFileHash } from './opa-file-hash.ts';
import { type BundleFiles, SIGNATURES_FILE } from './policy-bundle-files.ts';
import { signatureAlgorithmOf } from './policy-bundle-signature.ts';

/**
 * The `.signatures.json` of a bundle in OPA's format: one JWT, signed with the
 * policy-signing key, whose payload lists every other file with OPA's SHA-256 of it.
 * `kid` is the RFC 7638 thumbprint of the key, so a refusal can say which key signed.
 *
 * @example
 * const json = await signBundleFiles(await readBundleDirectory(dir), privateKeyPem);
 * await writeFile(join(dir, '.signatures.json'), json);
 */
export async function signBundleFiles(files: BundleFiles, privateKeyPem: string): Promise<string> {
  const privateKey = createPrivateKey(privateKeyPem);
  const alg = signatureAlgorithmOf(privateKey);
  if (alg === null) throw new TypeError('the policy-signing key must be EC P-256, P-384 or RSA');
  const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(privateKey)));
  const listed = [...files.keys()]
    .filter((name) => name !== SIGNATURES_FILE)
    .sort()
    .map((name) => ({
      name,
      hash: opaFileHash(name, files.get(name) as Uint8Array),
      algorithm: 'SHA-256',
    }));
  const payload = { files: listed, iat: Math.floor(Date.now() / 1000) };
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .sign(privateKey);
  return `${JSON.stringify({ signatures: [token] }, null, 1)}\n`;
}
