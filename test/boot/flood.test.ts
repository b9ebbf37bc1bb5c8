/**
 * A guest that prints without end cannot take the host down (issue 13,
 * item 1): output streams to its sink as it is printed and what a boot
 * keeps is a bounded tail, so memory stays bounded — through the API, beside
 * a stock kernel whose transcript stays its own, and through `pvlab boot`
 * with several VMs (whose line-prefixed output streamed only at the end).
 * PVLAB_FLOOD_MIB sets how much the guest prints (default 256 MiB).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildKernel } from '@pvlab/guest-kernel';
import { Hypervisor, boot } from '@pvlab/hypervisor';
import { buildGuest } from '../../hypervisor/test/vmm/_guests/build.js';

const MIB = Number(process.env.PVLAB_FLOOD_MIB ?? 256);
const CALLS = MIB * 16; // 64 KiB each
const flood = buildGuest('flood', { CALLS });
const pv = buildKernel({ paravirt: true }).elf;
const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'hypervisor/dist/cli/main.js');
const rss = () => process.memoryUsage().rss / 2 ** 20;

/** The last `n` bytes flood.s prints: its 64 KiB buffer's tail (letters, a newline every 64th byte with LINES). */
function patternTail(n: number, lines = true): string {
  const chunk: number[] = [];
  for (let i = 0, c = 0; i < 65536; i++) {
    if (lines && (i & 63) === 63) chunk.push(10);
    else chunk.push(97 + (c++ % 26));
  }
  return Buffer.from(chunk).toString('latin1').slice(-n);
}

test(`boot(): a guest that prints ${MIB} MiB keeps the last MiB and a bounded resident set`, (t) => {
  const start = rss();
  let peak = start, seen = 0;
  const run = boot(flood, {
    mode: 'paravirt', maxInstructions: 1e9,
    onOutput: () => {
      if ((++seen & 0xffffff) === 0) peak = Math.max(peak, rss());
    },
  });
  peak = Math.max(peak, rss());
  t.is(run.stop, 'shutdown');
  t.is(seen, MIB * 2 ** 20, 'every byte reached the sink');
  t.is(run.outputBytes, MIB * 2 ** 20);
  t.is(run.transcript.length, 1 << 20, 'the default limit: the last MiB');
  t.is(run.transcript.slice(-4096), patternTail(4096));
  t.true(peak - start < 128, `the resident set grew by ${Math.round(peak - start)} MB while the guest printed ${MIB} MiB`);
});

test('boot(): transcriptLimit bounds what is kept; 0 keeps nothing, the sink still gets it all', (t) => {
  const small = buildGuest('flood', { CALLS: 2 });
  const r = boot(small, { mode: 'paravirt', transcriptLimit: 100, maxInstructions: 1e8 });
  t.is(r.outputBytes, 2 * 65536);
  t.is(r.transcript, patternTail(100));
  let n = 0;
  const none = boot(small, { mode: 'trap', transcriptLimit: 0, onOutput: () => n++, maxInstructions: 1e8 });
  t.is(none.transcript, '');
  t.is(n, 2 * 65536);
  t.is(none.outputBytes, n);
});

test(`beside a guest printing ${MIB} MiB, the paravirtual kernel prints exactly what it prints alone, in bounded memory`, (t) => {
  const script = 'echo beside a flood\nrun null 20\nrun fork 2\nhalt 5\n';
  const alone = boot(pv, { mode: 'paravirt', script, maxInstructions: 1e8 });
  const start = rss();
  let peak = start, flooded = 0;
  const out: number[] = [];
  const hv = new Hypervisor({
    mode: 'paravirt', kernels: [flood, pv],
    output: (vm, b) => {
      if (vm === 1) out.push(b);
      else if ((++flooded & 0xffffff) === 0) peak = Math.max(peak, rss());
    },
  });
  hv.feed(hv.vms[1], Buffer.from(script));
  hv.run(4e9);
  t.is(hv.vms[1].exitCode, 5);
  t.is(Buffer.from(out).toString('latin1'), alone.transcript);
  t.is(hv.vms[0].exitCode, 0, 'the flood ran to its end too');
  t.is(flooded, MIB * 2 ** 20);
  t.true(peak - start < 128, `the resident set grew by ${Math.round(peak - start)} MB`);
});

const time = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

test(`pvlab boot --vms 2 streams two floods of ${MIB / 4} MiB each in bounded memory, without newlines too`, (t) => {
  if (!time) return t.pass('no /usr/bin/time: the resident set cannot be measured');
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-flood-'));
  for (const lines of [1, 0]) {
    const elf = join(dir, `flood${lines}.elf`);
    writeFileSync(elf, buildGuest('flood', { CALLS: CALLS / 4, LINES: lines }));
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, 'boot', elf, '--mode', 'paravirt', '--vms', '2', '--script', '/dev/null'], {
      cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 20,
    });
    t.is(r.status, 0, r.stderr);
    const kb = Number(r.stderr.trim().split('\n').pop());
    t.true(kb < 300 * 1024, `lines ${lines}: the CLI's resident set peaked at ${Math.round(kb / 1024)} MB`);
  }
});
