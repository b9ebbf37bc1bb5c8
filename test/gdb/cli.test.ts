/**
 * `--gdb` and `--gdb-wait` on the command line: only the loopback interface,
 * clear one-line errors, the help that teaches them, a run that no debugger
 * joins is the run without the flag, and gdb's `target remote | …` (stdio).
 */
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CLI, FIXTURES, ROOT, kernelImages } from './_helpers/gdb.js';

const pvlab = (args: readonly string[], input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });

test('only the loopback interface: anything else is refused in one line, exit code 2', (t) => {
  for (const [address, why] of [
    ['0.0.0.0:1234', /loopback interface only .* not '0\.0\.0\.0'/],
    ['192.168.1.7:1234', /loopback interface only/],
    ['tcp::1234', /not 'every interface'/],
    ['[::]:1234', /loopback interface only/],
    ['example.com:1234', /loopback interface only/],
    ['127.0.0.1:99999', /port 99999 is out of range/],
    ['127.0.0.1', /needs HOST:PORT on the loopback interface/],
    ['', /needs HOST:PORT/],
  ] as const) {
    for (const cmd of [['run', '--bare', 'x.elf'], ['boot', '--mode', 'trap']]) {
      const r = pvlab([...cmd, '--gdb', address]);
      t.is(r.status, 2, `${cmd[0]} --gdb ${address}: ${r.stderr}`);
      t.regex(r.stderr, new RegExp(`^pvlab: ${cmd[0]}: --gdb .*${why.source}`), address);
      t.is(r.stderr.trim().split('\n').length, 1);
    }
  }
  const r = pvlab(['boot', '--gdb-wait']);
  t.is(r.status, 2);
  t.is(r.stderr, 'pvlab: boot: --gdb-wait holds the program for a debugger: give --gdb ADDR too\n');
});

test('a port in use is a one-line error', async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const port = (server.address() as { port: number }).port;
  const { kernel } = kernelImages();
  const r = pvlab(['boot', kernel, '--mode', 'trap', '--gdb', `127.0.0.1:${port}`], 'halt\n');
  t.is(r.status, 2);
  t.is(r.stderr, `pvlab: cannot serve gdb on 127.0.0.1:${port}: the port is in use\n`);
});

test('the help of run and boot teaches the flags', (t) => {
  for (const cmd of ['run', 'boot']) {
    const help = pvlab([cmd, '--help']).stdout;
    t.regex(help, /--gdb ADDR .*loopback interface/s);
    t.regex(help, /--gdb-wait .*hold/s);
    t.regex(help, /gdb-multiarch -ex 'target remote 127\.0\.0\.1:/);
  }
});

test('with --gdb and no debugger the run is the run without it', (t) => {
  const { kernel } = kernelImages();
  const script = join(FIXTURES, 'kernel-session.txt');
  const a = pvlab(['boot', kernel, '--mode', 'trap', '--script', script, '--json']);
  const b = pvlab(['boot', kernel, '--mode', 'trap', '--script', script, '--json', '--gdb', '127.0.0.1:0']);
  t.is(b.status, a.status);
  t.regex(b.stderr, /^pvlab: gdb server on 127\.0\.0\.1:\d+ \(gdb-multiarch -ex 'target remote 127\.0\.0\.1:\d+' .*kernel\.elf\)\n$/);
  const counts = (s: string) => {
    const j = JSON.parse(s);
    return [j.instructions, j.cycles, j.transcript, j.exitsByReason];
  };
  t.deepEqual(counts(b.stdout), counts(a.stdout));
});

test("--gdb stdio: the protocol on stdin and stdout (gdb's `target remote | pvlab …`), the console on stderr", async (t) => {
  const { kernel } = kernelImages();
  const child = spawn(process.execPath, [CLI, 'boot', kernel, '--mode', 'native', '--firmware', kernelImages().firmware, '--gdb', 'stdio', '--gdb-wait', '--script', join(FIXTURES, 'kernel-session.txt')], { cwd: ROOT });
  t.teardown(() => child.kill('SIGKILL'));
  // The ack of the last reply (W00) can reach a pipe whose reader just exited: EPIPE there is no failure (a child that died early still fails below, with no reply).
  child.stdin.on('error', () => {});
  let out = '';
  let err = '';
  child.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const sum = (s: string) => [...s].reduce((n, c) => (n + c.charCodeAt(0)) & 0xff, 0);
  const frame = (s: string) => `$${s}#${sum(s).toString(16).padStart(2, '0')}`;
  const reply = async () => {
    for (let i = 0; i < 200; i++) {
      const m = /\$([^#]*)#[0-9a-f]{2}/.exec(out);
      if (m) {
        out = out.slice(m.index + m[0].length);
        child.stdin.write('+');
        return m[1];
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no reply; stdout ${JSON.stringify(out)}, stderr ${err}`);
  };
  child.stdin.write(frame('?'));
  t.is(await reply(), 'T05thread:1;');
  child.stdin.write(frame('vCont;c'));
  t.is(await reply(), 'W00', 'the kernel ran to its halt');
  const code = child.exitCode ?? (await new Promise((r) => child.once('exit', r)));
  t.is(code, 0);
  t.regex(err, /pvlab kernel \(native\)[\s\S]*init exited with status 0: shutting down/);
  t.notRegex(err, /gdb server on/, 'nothing to say about where it listens');
});
