import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningReferenceAdapter } from '../../../../adapters/reference/start-reference-adapter.ts';
import {
  checkpointKeyPaths,
  ensureCheckpointKey,
} from '../../../../broker/audit/checkpoints/checkpoint-key.ts';
import { verifyAuditTrail } from '../../../../broker/audit/verification/chain-verifier.ts';
import { DOMESTIC_VIOLENCE } from '../../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../../support/api-client.ts';
import { type BrokerProcess, startBrokerProcess } from '../../../support/broker-process.ts';
import { giveConsent, monitoredCase } from '../../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../../support/cast.ts';
import { acceptCovenantOverApi } from '../../../support/covenant.ts';
import { httpsRequest } from '../../../support/https-request.ts';
import { useTestNetwork } from '../../../support/network.ts';
import { inbox, releases } from '../../../support/partner-side.ts';
import { available, requireTool, run } from '../../../support/tools.ts';

/** libfiu (Debian's fiu-utils): fails chosen POSIX calls of a running process on command. */
const FIU = requireTool(
  available('sh', ['-c', 'command -v fiu-run && command -v fiu-ctrl']),
  'fiu-utils',
);
const SYNC_CALLS = ['posix/io/sync/fsync', 'posix/io/sync/fdatasync'];

const network = useTestNetwork({ name: 'bonaire', partners: ORGANISATIONS });

// PostgreSQL syncs its own files; a failed fsync there stops the server by design, so only
// the broker's embedded SQLite is the broker's to survive.
describe.skipIf(!FIU)(
  FIU ? 'a failing fsync under the embedded SQLite' : 'a failing fsync [skipped: needs fiu-utils]',
  () => {
    let police: RunningReferenceAdapter;
    let youthCare: RunningReferenceAdapter;
    let broker: BrokerProcess | undefined;
    let dir: string;

    beforeAll(async () => {
      police = await network.startAdapter('politie-cn');
      youthCare = await network.startAdapter('jeugdzorg-cn');
      dir = mkdtempSync(join(tmpdir(), 'zvh-fsync-'));
    });
    afterEach(async () => {
      await broker?.stop('SIGKILL');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Fails (or no longer fails) every fsync and fdatasync of the broker's process. */
    async function syncFails(fails: boolean, pid: number) {
      const commands = SYNC_CALLS.flatMap((name) => [
        '-c',
        `${fails ? 'enable' : 'disable'} name=${name}`,
      ]);
      const result = await run('fiu-ctrl', [...commands, String(pid)]);
      expect(result.code, result.err).toBe(0);
    }

    it('denies exchanges while commits cannot be synced, says so on /health and in the log, and recovers by itself', async () => {
      const databaseUrl = `sqlite:${join(dir, 'broker.sqlite')}`;
      broker = await startBrokerProcess({
        network,
        databaseUrl,
        identifierSecret: new Uint8Array(32),
        adapters: { 'politie-cn': police.url, 'jeugdzorg-cn': youthCare.url },
        adapterTimeoutMs: 5000,
        wrapper: ['fiu-run', '-x'],
      });
      const running = broker;
      await acceptCovenantOverApi(running.url, network.holders);
      const api = new ApiClient(running.url);
      const people = cast(network.holders);
      const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
      await giveConsent(api, people, theCase, 'jeugdzorg-cn');
      const pulling = () =>
        api.call(
          people.caseDirector,
          'POST',
          `/v1/cases/${theCase.caseId}/persons/${theCase.personId}/pull`,
          { purpose: 'case_meeting', categories: ['police_incidents'] },
        );
      const pull = async () => {
        const response = await pulling();
        expect(response.status, response.text).toBe(200);
        return { text: response.text, result: response.body[0] };
      };
      const pushing = () =>
        api.call(people.registrant, 'POST', `/v1/cases/${theCase.caseId}/push`, {
          purpose: 'case_meeting',
          personId: theCase.personId,
          categories: { signal: { signal_date: '2026-11-20', signal_type: 'school' } },
        });
      const push = async () => {
        const response = await pushing();
        expect(response.status, response.text).toBe(200);
        return response.body.results[0];
      };
      const health = async () => {
        const response = await httpsRequest(`${running.url}/health`, {
          tls: network.holders['politie-cn'],
        });
        return { status: response.status, body: JSON.parse(response.text) };
      };
      expect((await pull()).result).toMatchObject({ status: 'data' });

      await syncFails(true, running.pid);
      // Not even the assertion's claim commits: every request is refused before an exchange.
      const refused = async (answer: Promise<ApiResponse>) => {
        const response = await answer;
        expect(response.status, response.text).toBe(503);
        expect(response.body).toMatchObject({ code: 'REPLAY_CACHE_UNAVAILABLE' });
        expect(response.text).not.toContain('incident_date');
      };
      await refused(pulling());
      const failing = await health();
      expect(failing.status).toBe(503);
      expect(failing.body).toMatchObject({ status: 'audit_write_failed' });
      expect(failing.body.audit.error).toContain('disk I/O error (SQLITE_IOERR_FSYNC)');
      const released = (await releases(police)).length;
      await refused(pulling());
      expect(await releases(police)).toHaveLength(released);
      await refused(pushing());
      expect(await inbox(youthCare)).toEqual([]);
      const logged = running.lines.join('\n');
      expect(logged).toContain('SQLITE_IOERR_FSYNC');
      expect(logged).not.toContain('cannot rollback');

      await syncFails(false, running.pid);
      await vi.waitFor(async () => expect((await health()).status).toBe(200), {
        timeout: 15_000,
        interval: 200,
      });
      expect((await pull()).result).toMatchObject({ status: 'data' });
      expect(await push()).toMatchObject({ status: 'delivered' });

      await running.stop('SIGTERM');
      broker = undefined;
      const key = await ensureCheckpointKey(checkpointKeyPaths(network.dir, 'bonaire'));
      expect((await verifyAuditTrail(databaseUrl, key.publicKey, { threads: 1 })).intact).toBe(
        true,
      );
    });
  },
);
