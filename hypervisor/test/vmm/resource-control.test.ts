/**
 * Resource control (Popek and Goldberg's second property): a guest kernel
 * running hostile code — random instructions from the whole table, random
 * words, loads and stores aimed at other VMs' memory, the shadow pools and
 * devices, garbage written to satp, stvec, PMP and M-mode CSRs — is faulted
 * or stopped, the host never throws, and the VM beside it finishes with
 * exactly its native transcript.
 */
import test from 'ava';
import { Hypervisor } from '../../src/vmm/hypervisor.js';
import { buildGuest } from './_guests/build.js';
import { runNative } from './_helpers/run.js';
import { chaosWords } from './_helpers/chaos.js';
import { mulberry32 } from '../../../assembler/test/_helpers/prng.js';

// A short good guest: a few ticks of 200 mtime ticks each, so a thousand runs stay quick.
const mini = buildGuest('mini-kernel', { TICK: 200, SPIN: 3000 });
const hostile = buildGuest('hostile');
const native = runNative(mini);
const GUESTS = 1000;

test(`${GUESTS} seeded hostile guests never reach the host or the VM beside them`, (t) => {
  const rand = mulberry32(2026);
  let faulted = 0;
  for (let k = 0; k < GUESTS; k++) {
    const out: number[] = [];
    // The hostile VM first, so it also runs in slot 0 at guest-physical = host-physical addresses.
    const hv = new Hypervisor({ kernels: [hostile, mini], ramPerVm: 4 << 20, poolPerVm: 256 << 10, quantum: 500, exitQuantum: 2000, output: (vm, b) => vm === 1 && out.push(b) });
    const evil = hv.vms[0];
    const at = evil.program.symbols.get('chaos')!;
    const words = chaosWords(rand, 1024);
    evil.guest.bus.load(at, new Uint8Array(words.buffer));
    let error: unknown;
    try {
      hv.run(2_000_000, hv.vms[1]);
    } catch (e) {
      error = e;
    }
    if (error) return t.fail(`guest ${k}: the host threw ${String(error)}`);
    const good = hv.vms[1];
    const transcript = Buffer.from(out).toString('latin1');
    if (transcript !== native.output || good.exitCode !== 0) return t.fail(`guest ${k}: the VM beside it printed ${JSON.stringify(transcript)}`);
    if (evil.stats.counts.some((c) => c > 0)) faulted++;
  }
  t.is(faulted, GUESTS); // every hostile guest trapped into the hypervisor at least once
});
