/**
 * readStdin (cli/files.ts), the one way `run`, `run --mode trap` and `boot`
 * take a piped script: everything up to the end, however late the writer
 * writes; nothing when there is no stdin.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const FILES = join(import.meta.dirname, '../../src/cli/files.ts');
const child = `import { readStdin } from ${JSON.stringify(FILES)}; process.stdout.write(String(readStdin().length));`;

function run(stdin: 'pipe' | 'ignore', write?: (w: NodeJS.WritableStream) => void): Promise<string> {
  const c = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', child], { stdio: [stdin, 'pipe', 'inherit'] });
  let out = '';
  c.stdout!.on('data', (d) => (out += d));
  if (write) write(c.stdin!);
  return new Promise((resolve) => c.on('close', () => resolve(out)));
}

test('a script written late, in pieces, is read whole', async (t) => {
  const got = await run('pipe', (w) => {
    setTimeout(() => w.write('x'.repeat(100_000)), 300);
    setTimeout(() => w.end('y'.repeat(70_000)), 700);
  });
  t.is(got, '170000');
});

test('no stdin (/dev/null, or closed at once) is an empty script', async (t) => {
  t.is(await run('ignore'), '0');
  t.is(await run('pipe', (w) => w.end()), '0');
});
