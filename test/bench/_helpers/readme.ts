/**
 * The README's benchmark block: the output of the default benchmark as
 * `npm start` runs it, between `<!-- bench:begin -->` and `<!-- bench:end -->`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');
export const README_BENCH = join(ROOT, 'README.md');

/** The root package.json's `start` script. */
export const START = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

/** What `npm start` runs after `npm run build`. */
export const START_AFTER_BUILD = START.replace(/^npm run build && /, '');

/** The benchmark command of the `start` script, as arguments. */
export const START_BENCH_ARGS: readonly string[] = (() => {
  const m = /node hypervisor\/dist\/cli\/main\.js (bench[^&|;]*)/.exec(START);
  if (!m) throw new Error('the start script runs no pvlab bench');
  return m[1].trim().split(/\s+/);
})();

/** Where the block's content is (after the begin line, up to the end line). */
export function readmeBenchBlock(readme: string): { start: number; end: number; text: string } {
  const begin = readme.indexOf('<!-- bench:begin -->\n');
  const end = readme.indexOf('<!-- bench:end -->');
  if (begin < 0 || end < begin) throw new Error('README.md has no <!-- bench:begin --> ... <!-- bench:end --> block');
  const start = begin + '<!-- bench:begin -->\n'.length;
  return { start, end, text: readme.slice(start, end) };
}
