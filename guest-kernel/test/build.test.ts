/**
 * Building the kernel and the firmware with pvlab's assembler: where they
 * land, that the build is reproducible, the PARAVIRT build, and that a build
 * that does not assemble stops with GNU-style errors.
 */
import test from 'ava';
import { FIRMWARE_KERNEL_ENTRY, FIRMWARE_SOURCES, KERNEL_SOURCES, KernelBuildError, buildFirmware, buildKernel } from '../src/index.js';

const kernel = buildKernel();
const sym = (name: string) => kernel.program.symbols.find((s) => s.name === name)?.value;

test('kernel.elf is entered at _start = 0x80200000, where the firmware enters it; its free memory starts page-aligned after it', (t) => {
  t.is(kernel.program.entry, 0x8020_0000);
  t.is(sym('_start'), 0x8020_0000);
  t.is(FIRMWARE_KERNEL_ENTRY, 0x8020_0000, 'link.ld and the firmware contract agree');
  const end = sym('kernel_end')!;
  t.is(end % 0x1000, 0);
  t.true(end < 0x8100_0000);
});

test('firmware.elf starts at 0x80000000 and stays below the kernel', (t) => {
  const fw = buildFirmware();
  t.is(fw.program.entry, 0x8000_0000);
  for (const s of fw.program.sections) if (s.flags.alloc) t.true(s.addr + s.size <= 0x8020_0000, s.name);
});

test('the build is reproducible: the same loadable bytes every time', (t) => {
  t.deepEqual(buildKernel().program.binary(), kernel.program.binary());
});

test('the user image is page-aligned, in two parts of code before data, and every built-in program is in its part', (t) => {
  const start = sym('user_image_start')!, data = sym('user_data_start')!, end = sym('user_image_end')!;
  const io = sym('user_io_start')!, ioData = sym('user_io_data_start')!, ioEnd = sym('user_io_end')!;
  for (const a of [start, data, end, io, ioData, ioEnd]) t.is(a % 0x1000, 0);
  t.true(start < data && data < end && end <= io && io < ioData && ioData <= ioEnd);
  t.true(0x10000 + (ioEnd - start) <= 0x100000, 'the second part, mapped at its distance from the first, stays below the heap limit');
  for (const name of ['init', 'null', 'ctxsw', 'pgfault', 'fork', 'console', 'timer', 'compute', 'fault', 'attack']) {
    const entry = sym(`${name}_main`);
    t.truthy(entry, name);
    t.true(entry! >= start && entry! < data, `${name}_main is user code of the first part`);
  }
  for (const name of ['sh', 'disk', 'dd', 'disk_read', 'disk_write', 'ping', 'udpecho', 'udpechod', 'netstat', 'net_rr', 'net_stream']) {
    const entry = sym(`${name}_main`);
    t.truthy(entry, name);
    t.true(entry! >= io && entry! < ioData, `${name}_main is user code of the second part`);
  }
});

test('the exec table names each program, its entry, and whether it maps the second part of the image', (t) => {
  const table = sym('programs')!;
  const word = (a: number) => new DataView(kernel.program.read(a, 4).slice().buffer).getUint32(0, true);
  const rows: Record<string, number> = {};
  const cstr = (a: number) => String.fromCharCode(...kernel.program.read(a, 16)).split('\0')[0];
  for (let row = table; word(row) !== 0; row += 12) rows[cstr(word(row))] = word(row + 8);
  for (const name of ['init', 'null', 'fork', 'attack']) t.is(rows[name], 0, name);
  for (const name of ['sh', 'disk', 'dd', 'disk-read', 'disk-write', 'ping', 'udpecho', 'udpechod', 'netstat', 'net-rr', 'net-stream']) t.is(rows[name], 1, name);
});

test('the system call table has one entry per SYSCALLS row', (t) => {
  const n = kernel.program.symbols.find((s) => s.name === 'NSYSCALL')!.value;
  t.is(n - 1, 25);
  for (const name of ['exit', 'fork', 'wait', 'getpid', 'yield', 'sleep', 'uptime', 'write', 'read', 'sbrk', 'exec', 'kill', 'mark', 'ps', 'bread', 'bwrite', 'bsync', 'bsize',
    'ping', 'udp_open', 'udp_close', 'udp_send', 'udp_recv', 'netaddr', 'netstat']) {
    t.truthy(sym(`sys_${name}`) ?? kernel.program.symbols.find((s) => s.name === `sys_${name}`), name);
    t.truthy(kernel.program.symbols.find((s) => s.name === `SYS_${name}`), `SYS_${name}`);
  }
});

test('the listing and the symbol map come with the build', (t) => {
  t.regex(kernel.listing, /^80200000  [0-9a-f]+ +guest-kernel\/src\/entry\.s:\d+\tla sp, boot_stack_top/m);
  t.regex(kernel.symbolMap, /^80200000 +\d+ +\w+ +global +\.text +_start$/m);
  t.true(KERNEL_SOURCES.length > 10 && FIRMWARE_SOURCES.length === 1);
});

test('the PARAVIRT build is kernel-pv.elf: same entry, banner naming the build, the seam\'s routines linked in', (t) => {
  const pv = buildKernel({ paravirt: true });
  const has = (name: string) => pv.program.symbols.some((s) => s.name === name);
  t.is(pv.program.entry, 0x8020_0000);
  t.true(has('pvhc_queue_pte') && has('pvhc_switch_as'));
  t.false(kernel.program.symbols.some((s) => s.name === 'pvhc_queue_pte'), 'the native build has no paravirtual routine');
  const text = Buffer.from(pv.elf).toString('latin1');
  t.true(text.includes('paravirt\0') && !text.includes('native\0'));
});

test('a build that does not assemble stops with GNU-style errors and a caret; PV_BATCH can be set', (t) => {
  const e = t.throws(() => buildKernel({ paravirt: true, defsym: { PV_BATCH: 0 } }), { instanceOf: KernelBuildError });
  t.is(e?.image, 'kernel-pv.elf');
  t.regex(e!.diagnostics, /^\S*pvcalls\.s:\d+:\d+: error: PV_BATCH must be 1\.\.512: the queue of PTE writes lives in \.bss$/m);
  t.regex(e!.diagnostics, /\n +\^/);
  // A smaller batch is a legitimate experiment: more mmu_update exits for the same work.
  t.notThrows(() => buildKernel({ paravirt: true, defsym: { PV_BATCH: 8 } }));
});
