// Checks covenant version content files against the schema and the protocol's invariants
// (broker/covenant/covenant-content-check.ts): one line per problem, exit 1 on any.
//   tsx scripts/covenant-check.ts [file ...]   (default: policies/zvh/covenants/*/data.json)
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { checkCovenantContent } from '../broker/covenant/covenant-content-check.ts';

const COVENANTS_DIR = join(import.meta.dirname, '..', 'policies', 'zvh', 'covenants');

async function defaultFiles(): Promise<string[]> {
  const networks = await readdir(COVENANTS_DIR, { withFileTypes: true });
  return networks
    .filter((entry) => entry.isDirectory())
    .map((entry) => relative(process.cwd(), join(COVENANTS_DIR, entry.name, 'data.json')))
    .sort();
}

async function problemsOf(file: string): Promise<string[]> {
  let content: unknown;
  try {
    content = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return [`${file}: ${error instanceof Error ? error.message : String(error)}`];
  }
  return checkCovenantContent(content).map(
    (problem) => `${file}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`,
  );
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : await defaultFiles();
const problems = (await Promise.all(files.map(problemsOf))).flat();
for (const line of problems) console.error(line);
if (problems.length > 0) {
  console.error(`covenant-check: ${problems.length} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`covenant-check: ${files.join(', ')} valid`);
