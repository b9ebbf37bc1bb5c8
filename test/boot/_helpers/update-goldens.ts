/**
 * Regenerate the boot goldens after a deliberate change to the kernel:
 *   npx tsx --conditions=source test/boot/_helpers/update-goldens.ts
 * writes session.native.golden (pvlab's board) and, when QEMU is installed,
 * session.qemu.golden, disk-session.qemu.golden (QEMU with a fresh disk),
 * net-session.qemu.golden (QEMU with the echo peer on a dgram socket) and
 * io-session.qemu.golden (a disk and the echo peer together) and
 * net-pair-{a,b}.qemu.golden (two QEMU guests on one dgram wire).
 * Review the diff before committing it.
 */
import { writeFileSync } from 'node:fs';
import { DISK_BYTES, DISK_GOLDEN, DISK_SCRIPT, IO_GOLDEN, IO_SCRIPT, NATIVE_GOLDEN, NET_GOLDEN, NET_SCRIPT, PAIR, QEMU_GOLDEN, SESSION_SCRIPT, bootQemu, bootScript, qemuAvailable } from './kernel.js';
import { bootQemuIo, freshDisk } from './qemu-io.js';
import { bootEchoPeerQemu, bootPair } from './net-runs.js';

const native = bootScript(SESSION_SCRIPT);
writeFileSync(NATIVE_GOLDEN, native.transcript);
console.log(`${NATIVE_GOLDEN}: ${native.stop}, exit code ${native.exitCode}, ${native.instructions} instructions`);
if (qemuAvailable()) {
  const q = bootQemu(SESSION_SCRIPT);
  writeFileSync(QEMU_GOLDEN, q.transcript);
  console.log(`${QEMU_GOLDEN}: exit status ${q.status}`);
  const d = await bootQemuIo({ script: DISK_SCRIPT, disk: freshDisk(DISK_BYTES) });
  writeFileSync(DISK_GOLDEN, d.transcript);
  console.log(`${DISK_GOLDEN}: exit status ${d.status}`);
  const n = await bootEchoPeerQemu({ script: NET_SCRIPT });
  writeFileSync(NET_GOLDEN, n.transcript);
  console.log(`${NET_GOLDEN}: exit status ${n.status}`);
  const io = await bootEchoPeerQemu({ script: IO_SCRIPT, disk: freshDisk(DISK_BYTES) });
  writeFileSync(IO_GOLDEN, io.transcript);
  console.log(`${IO_GOLDEN}: exit status ${io.status}`);
  const pair = await bootPair('qemu', 'qemu');
  for (const [k, run] of Object.entries(pair)) {
    writeFileSync(PAIR[k as 'a' | 'b'].golden, run.transcript);
    console.log(`${PAIR[k as 'a' | 'b'].golden}: exit status ${run.status}`);
  }
} else console.log('qemu-system-riscv32 is not installed: session.qemu.golden kept');
