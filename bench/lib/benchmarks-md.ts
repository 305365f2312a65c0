import { readFile, writeFile } from 'node:fs/promises';

const TITLE = '# Benchmarks\n';

function markers(id: string): { start: string; end: string } {
  return { start: `<!-- ${id}:start -->`, end: `<!-- ${id}:end -->` };
}

/**
 * Puts `body` between the markers of section `id` in a benchmarks file, replacing what
 * was there and leaving every other section alone, so each benchmark owns one section.
 * A new section goes at the end; a missing file is created.
 */
export async function writeSection(file: string, id: string, body: string): Promise<void> {
  const { start, end } = markers(id);
  const section = `${start}\n${body.trim()}\n${end}`;
  let current: string;
  try {
    current = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    current = TITLE;
  }
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  let next: string;
  if (from === -1 && to === -1) {
    next = `${current.trimEnd()}\n\n${section}\n`;
  } else if (from !== -1 && to > from && current.indexOf(start, from + 1) === -1) {
    next = current.slice(0, from) + section + current.slice(to + end.length);
  } else {
    // Guessing where a damaged section ends could delete another benchmark's figures.
    throw new Error(`${file}: the markers of section ${id} are unpaired or repeated`);
  }
  await writeFile(file, next);
}
