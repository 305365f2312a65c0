/**
 * A problem answer as one line: `the broker answered 403 CASE_ROLE_REQUIRED: <detail>`,
 * with the schema's issues in brackets. A body that is no problem document (a proxy's
 * page, say) leaves the status to say what there is to say.
 *
 * @example
 * output.err(`partner: ${problemLine(response.status, response.body)}`);
 */
export function problemLine(status: number, body: string): string {
  let problem: { code?: unknown; detail?: unknown; issues?: unknown } = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) problem = parsed as typeof problem;
  } catch {
    // Not JSON: the status alone.
  }
  const code = typeof problem.code === 'string' ? ` ${problem.code}` : '';
  const detail = typeof problem.detail === 'string' ? `: ${problem.detail}` : '';
  const issues =
    Array.isArray(problem.issues) && problem.issues.length > 0
      ? ` (${problem.issues.filter((i) => typeof i === 'string').join('; ')})`
      : '';
  return `the broker answered ${status}${code}${detail}${issues}`.replace(/\s+/g, ' ');
}
