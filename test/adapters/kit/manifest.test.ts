import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdapterConfig } from '../../../adapters/kit/adapter-config.ts';
import { ConfigInvalidError, ManifestInvalidError } from '../../../adapters/kit/adapter-error.ts';
import {
  BONAIRE_COVENANT,
  readCovenantVocabulary,
} from '../../../adapters/kit/covenant-vocabulary.ts';
import { parseExposureManifest } from '../../../adapters/kit/exposure-manifest.ts';
import { HttpJsonDataSource } from '../../../adapters/kit/http-json-data-source.ts';
import { startAdapter } from '../../../adapters/kit/start-adapter.ts';
import { leafTlsPaths, type TlsMaterial } from '../../../keys/tls/tls-material.ts';
import { createNetwork, type Network } from '../../support/certificates.ts';
import { capturingLogger } from '../../support/logger.ts';

const run = promisify(execFile);

let network: Network;
let tls: TlsMaterial;

beforeAll(async () => {
  network = await createNetwork();
  tls = await network.issue('adapter', 'mhc');
});

afterAll(() => network?.remove());

const source = () =>
  new HttpJsonDataSource({
    categories: {
      mental_health_treatment: {
        url: 'http://127.0.0.1:1/patients/{nationalId}',
        fields: { in_treatment: 'active', contact_person: 'practitioner.name' },
      },
    },
  });

/** A configuration file of the mhc adapter in the network's directory, with its TLS files. */
async function writeConfig(
  name: string,
  settings: {
    stateDir: string;
    manifest: unknown;
    source: unknown;
    checkpointKey?: string;
    limits?: unknown;
  },
): Promise<string> {
  const config = join(network.dir, name);
  await writeFile(
    config,
    JSON.stringify({
      organisation: 'mhc',
      port: 0,
      revocations: network.authority.layout.revocations,
      tls: leafTlsPaths(network.authority.layout, 'adapter', 'mhc'),
      ...settings,
    }),
  );
  return config;
}

describe('the exposure manifest is checked against the covenant at start', () => {
  it.each([
    [
      { mental_health_treatment: ['in_treatment', 'diagnosis'] },
      /mental_health_treatment: field diagnosis is not a field/,
    ],
    [
      { medical_records: ['diagnosis'] },
      /medical_records: category medical_records is not in the covenant/,
    ],
    [{ mental_health_treatment: [] }, /mental_health_treatment: declares no fields/],
    [{}, /declares no categories/],
    [{ mental_health_treatment: ['in_treatment', 'in_treatment'] }, /declared twice/],
    [['in_treatment'], /expected record/],
  ])('refuses %j with a one-line error', async (manifest, message) => {
    const vocabulary = await readCovenantVocabulary(BONAIRE_COVENANT);
    expect(() => parseExposureManifest(manifest, vocabulary)).toThrow(ManifestInvalidError);
    expect(() => parseExposureManifest(manifest, vocabulary)).toThrow(message);
    try {
      parseExposureManifest(manifest, vocabulary);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).toMatch(/^exposure manifest: /);
    }
  });

  it('fails startAdapter before anything listens', async () => {
    const { logger, lines } = capturingLogger();
    await expect(
      startAdapter({
        organisation: 'mhc',
        manifest: { mental_health_treatment: ['in_treatment', 'diagnosis'] },
        source: source(),
        tls,
        revocations: network.authority.layout.revocations,
        stateDir: network.stateDir('bad-manifest'),
        port: 0,
        logger,
      }),
    ).rejects.toThrow(ManifestInvalidError);
    expect(lines.join('')).not.toContain('adapter listening');
  });

  it('fails start when the source has no mapping for a declared field', async () => {
    await expect(
      startAdapter({
        organisation: 'mhc',
        manifest: { case_involvement: ['involved'] },
        source: source(),
        tls,
        revocations: network.authority.layout.revocations,
        stateDir: network.stateDir('unmapped'),
        port: 0,
      }),
    ).rejects.toThrow(
      new ConfigInvalidError('the data source has no mapping for case_involvement: involved'),
    );
  });

  it('the runnable server prints the one-line error and exits 1', async () => {
    const config = await writeConfig('adapter.json', {
      stateDir: 'state/cli',
      manifest: { mental_health_treatment: ['in_treatment', 'diagnosis'] },
      source: {
        kind: 'http-json',
        categories: {
          mental_health_treatment: {
            url: 'http://127.0.0.1:1/patients/{nationalId}',
            fields: { in_treatment: 'active', diagnosis: 'diagnosis' },
          },
        },
      },
    });
    const loaded = await loadAdapterConfig(config);
    expect(loaded.stateDir).toBe(join(network.dir, 'state/cli'));
    const failed = await run('npx', ['tsx', 'adapters/kit/main.ts', config]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1 });
    const stderr = (failed as { stderr: string }).stderr
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('npm warn'));
    expect(stderr).toEqual([
      'exposure manifest: mental_health_treatment: field diagnosis is not a field of mental_health_treatment in the covenant',
    ]);
  });

  it('reads the request limits a configuration file sets, leaving the others unset', async () => {
    const settings = {
      stateDir: 'state/limits',
      manifest: {},
      source: { kind: 'http-json', categories: {} },
    };
    const config = await writeConfig('limits.json', { ...settings, limits: { bodyBytes: 65_536 } });
    expect((await loadAdapterConfig(config)).limits).toEqual({ bodyBytes: 65_536 });
    const wrong = await writeConfig('wrong-limits.json', { ...settings, limits: { bodyBytes: 0 } });
    await expect(loadAdapterConfig(wrong)).rejects.toThrow(/limits\.bodyBytes/);
  });

  it('starts from a configuration file with a SQL source, paths relative to the file', async () => {
    const database = new SqliteDatabase(join(network.dir, 'ehr.sqlite'));
    database.exec(
      'create table behandeling (bsn text, actief integer, behandelaar text, diagnose text);',
    );
    database.close();
    const config = await writeConfig('sql-adapter.json', {
      stateDir: 'state/sql',
      manifest: { mental_health_treatment: ['in_treatment', 'contact_person'] },
      source: {
        kind: 'sql',
        file: 'ehr.sqlite',
        categories: {
          mental_health_treatment: {
            table: 'behandeling',
            personColumn: 'bsn',
            columns: { in_treatment: 'actief', contact_person: 'behandelaar' },
            booleans: ['in_treatment'],
          },
        },
      },
    });
    const adapter = await startAdapter({
      ...(await loadAdapterConfig(config)),
      logger: capturingLogger().logger,
    });
    try {
      expect([...adapter.manifest.keys()]).toEqual(['mental_health_treatment']);
      expect((await fetch(`${adapter.localUrl}/v1/inbox`)).status).toBe(200);
    } finally {
      await adapter.close();
    }
  });

  it("reads the broker's checkpoint key for the witness, and refuses one it cannot read", async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(
      join(network.dir, 'checkpoint-key.pub.pem'),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
    const settings = {
      stateDir: 'state/witness',
      manifest: { mental_health_treatment: ['in_treatment'] },
      source: { kind: 'http-json', categories: {} },
    };
    const loaded = await loadAdapterConfig(
      await writeConfig('witness.json', { ...settings, checkpointKey: 'checkpoint-key.pub.pem' }),
    );
    expect(loaded.checkpointKey?.equals(publicKey)).toBe(true);
    const missing = await writeConfig('no-key.json', { ...settings, checkpointKey: 'none.pem' });
    await expect(loadAdapterConfig(missing)).rejects.toThrow(
      /adapter configuration: checkpointKey: .*none\.pem is not a readable public key/,
    );
  });

  it('refuses a configuration file with a missing setting, naming it', async () => {
    const config = join(network.dir, 'incomplete.json');
    await writeFile(config, JSON.stringify({ organisation: 'mhc', port: 0 }));
    await expect(loadAdapterConfig(config)).rejects.toThrow(/adapter configuration: stateDir: /);
  });
});
