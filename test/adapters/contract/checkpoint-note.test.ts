import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseCheckpointNote,
  signCheckpointNote,
  verifyCheckpointNote,
} from '../../../adapters/contract/checkpoint-note.ts';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const statement = {
  origin: 'zvh-broker/bonaire/audit',
  size: 1234,
  hash: createHash('sha256').update('head').digest('hex'),
  at: '2026-03-02T09:00:00.000Z',
};

describe('audit checkpoints as C2SP signed notes', () => {
  it('writes origin, size, base64 head, time, a blank line and one signature line', () => {
    const note = signCheckpointNote(statement, ec.privateKey);
    const lines = note.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'zvh-broker/bonaire/audit',
      '1234',
      Buffer.from(statement.hash, 'hex').toString('base64'),
      'time 2026-03-02T09:00:00.000Z',
      '',
    ]);
    expect(lines[5]).toMatch(/^\u2014 zvh-broker\/bonaire\/audit [A-Za-z0-9+/]+=*$/);
    expect(lines.slice(6)).toEqual(['']);
    // signed-note type 0x02: the key ID is the first four bytes of SHA-256 over the SPKI.
    const signature = Buffer.from(lines[5]!.split(' ')[2]!, 'base64');
    const spki = ec.publicKey.export({ type: 'spki', format: 'der' });
    expect(signature.subarray(0, 4)).toEqual(
      createHash('sha256').update(spki).digest().subarray(0, 4),
    );
  });

  it('reads back what it signed, verified with the public key alone', () => {
    const note = parseCheckpointNote(signCheckpointNote(statement, ec.privateKey));
    expect(note).toMatchObject(statement);
    expect(verifyCheckpointNote(note, ec.publicKey)).toBe(true);
  });

  it('signs and verifies with an RSA checkpoint key too', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const note = parseCheckpointNote(signCheckpointNote(statement, rsa.privateKey));
    expect(verifyCheckpointNote(note, rsa.publicKey)).toBe(true);
    expect(verifyCheckpointNote(note, ec.publicKey)).toBe(false);
  });

  it('refuses a changed statement, another key, and a signature under another name', () => {
    const note = signCheckpointNote(statement, ec.privateKey);
    const larger = note.replace('\n1234\n', '\n1235\n');
    expect(verifyCheckpointNote(parseCheckpointNote(larger), ec.publicKey)).toBe(false);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyCheckpointNote(parseCheckpointNote(note), other.publicKey)).toBe(false);
    const renamed = note.replace('\u2014 zvh-broker/bonaire/audit', '\u2014 someone-else');
    expect(verifyCheckpointNote(parseCheckpointNote(renamed), ec.publicKey)).toBe(false);
  });

  it('ignores a signature of an unknown key beside a valid one, as C2SP asks', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const foreign = signCheckpointNote(statement, other.privateKey).split('\n\n')[1]!;
    const cosigned = `${signCheckpointNote(statement, ec.privateKey)}${foreign}`;
    const note = parseCheckpointNote(cosigned);
    expect(note.signatures).toHaveLength(2);
    expect(verifyCheckpointNote(note, ec.publicKey)).toBe(true);
  });

  it.each([
    ['no signature block', 'zvh-broker/bonaire/audit\n1\nAAAA\n'],
    [
      'a size with a leading zero',
      signCheckpointNote(statement, ec.privateKey).replace('\n1234\n', '\n01234\n'),
    ],
    [
      'a hash that is not 32 bytes',
      signCheckpointNote(statement, ec.privateKey).replace(/\n[A-Za-z0-9+/=]{44}\n/, '\nAAAA\n'),
    ],
    ['no time line', signCheckpointNote(statement, ec.privateKey).replace(/time [^\n]+\n/, '')],
    [
      'a control character',
      signCheckpointNote(statement, ec.privateKey).replace('bonaire', 'bon\taire'),
    ],
    [
      'a malformed signature line',
      signCheckpointNote(statement, ec.privateKey).replace('\u2014 ', '- '),
    ],
  ])('refuses a note with %s as REQUEST_INVALID', (_, note) => {
    expect(() => parseCheckpointNote(note)).toThrow(
      expect.objectContaining({ code: 'REQUEST_INVALID' }),
    );
  });
});
