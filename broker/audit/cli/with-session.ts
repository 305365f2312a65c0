import { type AuditSession, openAuditSession, type SessionOptions } from './audit-session.ts';
import type { CliIo } from './cli-io.ts';

/** Runs `work` on a session of its own, closed (its entries committed) whatever happens. */
export async function withSession(
  options: SessionOptions,
  io: CliIo,
  work: (session: AuditSession) => Promise<number>,
): Promise<number> {
  const session = await openAuditSession(options, io.env);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
