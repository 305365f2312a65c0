import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { recordOutages } from '../../../broker/audit/trail/outage-recorder.ts';
import type { PushDelivery } from '../../../broker/exchange/push-delivery.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';
import { useCheckpointKey, verifyAt, withDatabase } from '../../support/audit.ts';
import { giveConsent, monitoredCase } from '../../support/case-setup.ts';
import { cast, ORGANISATIONS } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { httpsRequest } from '../../support/https-request.ts';
import { useTestNetwork } from '../../support/network.ts';
import { drain, inbox, releases } from '../../support/partner-side.ts';
import { CAN_MOUNT, postgresSuperuser, useSmallDisk } from '../../support/small-disk.ts';
import type { TestBroker } from '../../support/test-broker.ts';

const TIMEOUT_MS = 5000;
/** Short, so recovery without traffic shows within the test. */
const PROBE_EVERY_MS = 100;
/** What SQLite and PostgreSQL say when the disk is full. */
const DISK_FULL = /database or disk is full \(SQLITE_FULL\)|No space left on device \(53100\)/;

const network = useTestNetwork({ partners: ORGANISATIONS });
const checkpointKey = useCheckpointKey();

describe.skipIf(!CAN_MOUNT)(
  CAN_MOUNT ? 'a full disk' : 'a full disk [skipped: needs root to mount a tmpfs]',
  () => {
    const disk = useSmallDisk(16);
    let policy: PolicyEngine;
    let police: RunningReferenceAdapter;
    let youthCare: RunningReferenceAdapter;

    beforeAll(async () => {
      policy = await openPolicyEngine('policies/bundle');
      police = await network.startAdapter('politie-cn');
      youthCare = await network.startAdapter('jeugdzorg-cn');
    });

    describeOnEveryDatabase(
      'exchanges and /health',
      (ctx, dialect) => {
        let broker: TestBroker | undefined;
        let delivery: PushDelivery | undefined;
        let stopOutages: (() => void) | undefined;
        let superuser: pg.Client | null = null;
        const tablespace = `zvh_full_${process.pid}`;

        if (dialect === 'postgres') {
          // The audit trail of the test's schema moves onto the small disk.
          beforeAll(async () => {
            superuser = await postgresSuperuser(process.env.ZVH_TEST_POSTGRES_URL ?? '');
            // The server writes a tablespace as its own user.
            const location = disk.directory('postgres', 'postgres');
            await superuser?.query(`CREATE TABLESPACE ${tablespace} LOCATION '${location}'`);
            await superuser?.query(`GRANT CREATE ON TABLESPACE ${tablespace} TO zvh`);
          });
          beforeEach(async () => {
            // A new row never fits a page already a tenth full: every append needs a new block.
            await ctx.execute(
              `ALTER TABLE audit_entries SET TABLESPACE ${tablespace}; ALTER TABLE audit_entries SET (fillfactor = 10)`,
            );
          });
          afterEach(async () => {
            // Test schemas outlive their test (the run drops them at its end); the trail
            // moves back, so that the tablespace is empty when it is dropped.
            await ctx.execute('ALTER TABLE audit_entries SET TABLESPACE pg_default');
          });
          afterAll(async () => {
            await superuser?.query(`DROP TABLESPACE IF EXISTS ${tablespace}`);
            await superuser?.end();
          });
        }

        afterEach(async () => {
          stopOutages?.();
          await broker?.running.close();
          await delivery?.stop();
          disk.free();
          await drain(youthCare);
        });

        async function setUp() {
          ctx.clock.set(new Date().toISOString());
          const directory = { 'politie-cn': police.url, 'jeugdzorg-cn': youthCare.url };
          ({ broker, delivery } = await network.startExchangingBroker({
            store: ctx.store,
            policy,
            urls: directory,
            timeoutMs: TIMEOUT_MS,
          }));
          stopOutages = recordOutages(ctx.store.audit, {
            network: 'bonaire',
            probeEveryMs: PROBE_EVERY_MS,
            logger: broker.logger,
          });
          const api = new ApiClient(broker.url);
          const people = cast(network.holders);
          const theCase = await monitoredCase(api, people, DOMESTIC_VIOLENCE.father.nationalId);
          await giveConsent(api, people, theCase, 'jeugdzorg-cn');
          const { caseId, personId } = theCase;
          const health = async () => {
            const response = await httpsRequest(`${broker?.url}/health`, {
              tls: network.holders['politie-cn'],
            });
            return { status: response.status, body: JSON.parse(response.text) };
          };
          // Youth care's case director pulls police incidents; the police push to youth care.
          const pulling = () =>
            api.call(people.caseDirector, 'POST', `/v1/cases/${caseId}/persons/${personId}/pull`, {
              purpose: 'case_meeting',
              categories: ['police_incidents'],
            });
          const pushing = () =>
            api.call(people.registrant, 'POST', `/v1/cases/${caseId}/push`, {
              purpose: 'case_meeting',
              personId,
              categories: { signal: { signal_date: '2026-11-20', signal_type: 'police_report' } },
            });
          const pull = async () => {
            const response = await pulling();
            expect(response.status, response.text).toBe(200);
            return { text: response.text, result: response.body[0] };
          };
          const push = async () => {
            const response = await pushing();
            expect(response.status, response.text).toBe(200);
            return response.body.results[0];
          };
          // On SQLite the whole database is on the full disk, so not even the assertion's
          // claim commits: the request is refused before any exchange. On PostgreSQL only
          // the trail's table is there: the exchange is decided and denied.
          const refusedOrDenied = async (answer: Promise<ApiResponse>, denied: object) => {
            const response = await answer;
            if (dialect === 'sqlite') {
              expect(response.status, response.text).toBe(503);
              expect(response.body).toMatchObject({ code: 'REPLAY_CACHE_UNAVAILABLE' });
            } else {
              expect(response.status, response.text).toBe(200);
              expect(response.body.results?.[0] ?? response.body[0]).toMatchObject(denied);
            }
            expect(response.text).not.toContain('incident_date');
          };
          return { health, pull, push, pulling, pushing, refusedOrDenied };
        }

        it('denies every exchange, answers 503 naming the audit write and logs the disk, then recovers by itself once space is freed', async () => {
          const { health, pull, push, pulling, pushing, refusedOrDenied } = await setUp();
          expect((await pull()).result).toMatchObject({ status: 'data' });
          expect(await push()).toMatchObject({ status: 'delivered' });
          expect(await health()).toMatchObject({ status: 200, body: { status: 'ok' } });
          await drain(youthCare);

          // SQLite writes into a log file it has already grown; from an empty one, the next
          // commit needs a new block.
          if (dialect === 'sqlite') await ctx.execute('PRAGMA wal_checkpoint(TRUNCATE)');
          disk.fill();

          await refusedOrDenied(pulling(), {
            provider: 'politie-cn',
            status: 'denied',
            reasons: ['AUDIT_WRITE_FAILED'],
          });
          const failing = await health();
          expect(failing.status).toBe(503);
          expect(failing.body).toMatchObject({
            status: 'audit_write_failed',
            audit: { writable: false, failedAppends: dialect === 'sqlite' ? 0 : 1 },
          });
          expect(failing.body.audit.error).toMatch(DISK_FULL);

          // While appends fail, no national identifier goes out: the adapter is not asked.
          const released = (await releases(police)).length;
          await refusedOrDenied(pulling(), { status: 'denied', reasons: ['AUDIT_WRITE_FAILED'] });
          expect(await releases(police)).toHaveLength(released);
          await refusedOrDenied(pushing(), { status: 'denied', reasons: ['AUDIT_WRITE_FAILED'] });
          expect(await inbox(youthCare)).toEqual([]);
          const outbox = await withDatabase(ctx.url, (db) =>
            db.selectFrom('push_outbox').select('message_id').execute(),
          );
          expect(outbox).toEqual([]);

          const logged = broker?.logLines.join('\n') ?? '';
          expect(logged).toMatch(DISK_FULL);
          expect(logged).toContain('audit appends failing');
          expect(logged).not.toContain('cannot rollback');

          disk.free();
          // No exchange in between: the broker finds out by itself.
          await vi.waitFor(async () => expect((await health()).status).toBe(200), {
            timeout: 10_000,
            interval: 50,
          });
          const [outage, ...more] = await withDatabase(ctx.url, (db) =>
            db
              .selectFrom('audit_entries')
              .selectAll()
              .where('event_type', '=', 'audit.outage')
              .execute(),
          );
          expect(more).toEqual([]);
          expect(JSON.parse(outage?.details ?? '{}')).toMatchObject({
            failed_appends: dialect === 'sqlite' ? 0 : 3,
            cause: dialect === 'sqlite' ? 'SQLITE_FULL' : '53100',
          });
          expect(broker?.logLines.join('\n')).toContain('audit appends commit again');

          expect((await pull()).result).toMatchObject({ status: 'data' });
          expect(await push()).toMatchObject({ status: 'delivered' });
          expect(await health()).toMatchObject({
            status: 200,
            body: { audit: { writable: true } },
          });
          expect((await verifyAt(ctx.url, checkpointKey.key)).intact).toBe(true);
        });
      },
      { sqliteParent: () => disk.path },
    );
  },
);
