/**
 * Resource control with a virtual M-mode: a guest whose own M-mode runs
 * hostile code — random instructions from the whole table, random words,
 * loads and stores aimed at other VMs' memory, the shadow pools and devices,
 * garbage in mstatus (MPRV with any MPP), misa, mtvec, mepc, the delegation
 * and interrupt CSRs, every PMP register and satp, mret/sret to every mode —
 * is faulted or stopped, the host never throws, and the VM beside it (a
 * bare program in its own virtual M-mode) prints exactly what it prints
 * alone. PVLAB_VIRTUAL_M_FUZZ guests (100 by default; 1,000 pass).
 */
import test from 'ava';
import { Hypervisor } from '../../../src/vmm/hypervisor.js';
import { EXIT_REASONS } from '../../../src/vmm/exit-reasons.js';
import { runVirtualized } from '../../../src/vmm/run-virtualized.js';
import { buildGuest } from '../_guests/build.js';
import { MACHINE_CSRS, MODE_WORDS, chaosWords } from '../_helpers/chaos.js';
import { buildProgram } from '../../machine/_programs/build.js';
import { mulberry32 } from '../../../../assembler/test/_helpers/prng.js';

const GUESTS = Number(process.env.PVLAB_VIRTUAL_M_FUZZ ?? 100);
const RAM = 8 << 20; // the device tree goes at the top 2 MiB boundary: above the guest at 0x80200000
const hostile = buildGuest('hostile-m');
// The neighbour: the board's own jump-and-link test (links, alignment, its M-mode trap handler), virtualized too.
const good = buildProgram('jumps');
const alone = runVirtualized(good, { ramSize: RAM });

test(`${GUESTS} seeded hostile M-mode guests never reach the host or the VM beside them`, (t) => {
  t.is(alone.exitCode, 0);
  const rand = mulberry32(1616);
  let exited = 0;
  const reasons = new Set<string>();
  for (let k = 0; k < GUESTS; k++) {
    const out: number[] = [];
    // The hostile VM first: slot 0, where guest-physical addresses are host-physical ones.
    const hv = new Hypervisor({
      mode: 'trap', firmware: 'guest', kernels: [hostile, good], ramPerVm: RAM, poolPerVm: 256 << 10, quantum: 500, exitQuantum: 2000,
      output: (vm, b) => vm === 1 && out.push(b),
    });
    const evil = hv.vms[0];
    const at = evil.program.symbols.get('chaos')!;
    evil.guest.bus.load(at, new Uint8Array(chaosWords(rand, 1024, MACHINE_CSRS, MODE_WORDS).buffer));
    let error: unknown;
    try {
      hv.run(5_000_000, hv.vms[1]);
    } catch (e) {
      error = e;
    }
    if (error) return t.fail(`guest ${k}: the host threw ${error instanceof Error ? error.stack : String(error)}`);
    const transcript = Buffer.from(out).toString('latin1');
    if (transcript !== alone.output || hv.vms[1].exitCode !== alone.exitCode) return t.fail(`guest ${k}: the VM beside it printed ${JSON.stringify(transcript.slice(-200))}, exit ${hv.vms[1].exitCode}`);
    if (evil.stats.total > 0) exited++;
    evil.stats.counts.forEach((n, i) => n && reasons.add(EXIT_REASONS[i].name));
  }
  t.is(exited, GUESTS); // every hostile guest trapped into the hypervisor
  // The chaos reached what a virtual M-mode has: its CSRs, mret to other modes, MPRV accesses, its PMP's refusals.
  for (const r of ['m-csr', 'mret', 'emulated-access', 'pmp-denied', 'shadow-fault', 'clint', 'm-ecall']) t.true(reasons.has(r), `${r} (seen: ${[...reasons].join(' ')})`);
});
