/**
 * THE cost model of the benchmark: what one exit costs in cycles on real
 * hardware, so that a run on pvlab's board (where time is virtual) can be
 * read as it would be on a machine.
 *
 *   modeled cycles = instructions + Σ over exit reasons (exits × cost(reason))
 *   cost(reason)   = the preset's world-switch round trip + the handler's own work
 *
 * An instruction counts one cycle (an in-order core at IPC 1; the board's
 * own clock model). The round trip is the part that published measurements
 * give; the handler's work is pvlab's estimate of what a hypervisor written
 * in C would do for that exit, the same in every preset. Both are shown in
 * the report beside their basis, and `--costs FILE` replaces them.
 */
import { readFileSync } from 'node:fs';
import { EXIT_REASONS, type ExitReason } from '../vmm/exit-reasons.js';
import { benchErrors } from './errors.js';

/** A number and where it comes from. */
export interface Sourced {
  readonly cycles: number;
  /** `published`: a measurement someone published; `estimate`: pvlab's reasoning, given in `source`. */
  readonly basis: 'published' | 'estimate' | 'user';
  readonly source: string;
}

/** One cost preset. */
export interface CostPreset {
  /** Short name, used as a key in the JSON (`modeledCyclesPerOp[name]`). */
  readonly name: string;
  readonly title: string;
  /** One world switch into the hypervisor and back, handler excluded. */
  readonly roundTrip: Sourced;
  /** The handler's own work, by exit reason. */
  readonly handler: Readonly<Record<ExitReason, Sourced>>;
}

const est = (cycles: number, source: string): Sourced => Object.freeze({ cycles, basis: 'estimate', source });

/**
 * The handler's work per exit reason, beyond the round trip (estimates):
 * decoding the trapped word and updating the vCPU is a few dozen
 * instructions; walking the guest's two-level Sv32 table and filling one
 * shadow PTE a few hundred; dropping shadow tables on sfence.vma more.
 */
export const HANDLER_CYCLES = Object.freeze({
  'csr-read': est(40, 'decode the CSR instruction, read the virtual CSR into the guest register'),
  'csr-write': est(60, 'decode, write the virtual CSR with its side effects (sstatus, sie, satp)'),
  'sret': est(60, 'restore the virtual privilege level, sstatus bits and pc from sepc'),
  'wfi': est(100, 'check pending virtual interrupts, yield the hart'),
  'sfence-vma': est(500, 'drop the shadow entries of the flushed range (all of them when global)'),
  'mmio-read': est(200, 'decode the faulting load, find the device, run its register model'),
  'mmio-write': est(200, 'decode the faulting store, find the device, run its register model'),
  'shadow-fault': est(400, 'walk the guest\'s two-level Sv32 table, check the VM\'s memory map, write the shadow PTE and the guest\'s A/D bits'),
  'guest-page-fault': est(150, 'walk the guest table to find the fault is the guest\'s, reflect it (virtual sepc, scause, stval, sstatus)'),
  'guest-ecall': est(100, 'reflect the user ecall to the guest kernel (virtual sepc, scause, sstatus, pc = stvec)'),
  'guest-exception': est(100, 'reflect the exception to the guest kernel'),
  'hypercall': est(150, 'dispatch by extension and function id, validate arguments (a batch\'s PTEs are not charged one by one)'),
  'timer-irq': est(150, 'take the hypervisor\'s timer, set the guest\'s virtual STIP or switch VMs'),
  'm-csr': est(80, 'decode, read or write the virtual machine-level CSR; a PMP or mstatus change also selects or drops shadow spaces'),
  'mret': est(80, 'restore the virtual privilege level, mstatus bits and pc from mepc; select the shadow space of the new mode'),
  'clint': est(150, 'decode the faulting load or store, run the virtual CLINT\'s register model, re-arm the hypervisor\'s timer'),
  'm-ecall': est(100, 'reflect the ecall to the guest\'s virtual M-mode (virtual mepc, mcause, mstatus, pc = mtvec)'),
  'emulated-access': est(300, 'decode the load or store, translate it as the hardware would (MPRV, the guest\'s PMP), perform it on guest memory'),
  'stepped': est(400, 'lend the guest\'s registers to the vCPU, run one instruction with its PMP and MMU checks, take them back'),
  'pmp-denied': est(150, 'check the access against the guest\'s PMP entries, reflect the access fault'),
} as const satisfies Record<ExitReason, Sourced>);

/**
 * The built-in presets. The first is the default the terminal table uses;
 * the report shows every preset, so that a reader sees how much the
 * conclusion depends on the model.
 */
export const COST_PRESETS: readonly CostPreset[] = Object.freeze([
  Object.freeze({
    name: 'vmexit',
    title: 'hardware VM exit (an x86 VT-x/SVM class round trip)',
    roundTrip: Object.freeze({
      cycles: 1200,
      basis: 'published',
      source: 'kvm-unit-tests x86/vmexit.c, test "cpuid" (CPUID always exits; cycles per guest-host-guest round trip): ' +
        'about 1,000-1,500 cycles on current Intel and AMD cores; 1,200 taken. First-generation VT-x took several thousand ' +
        '(K. Adams, O. Agesen, "A comparison of software and hardware techniques for x86 virtualization", ASPLOS 2006).',
    } satisfies Sourced),
    handler: HANDLER_CYCLES,
  }),
  Object.freeze({
    name: 'trap',
    title: 'exception into a software monitor (a deprivileged guest trapping to M-mode)',
    roundTrip: Object.freeze({
      cycles: 300,
      basis: 'estimate',
      source: 'a synchronous exception into M-mode and mret (a pipeline flush each way, tens of cycles on in-order RISC-V cores) ' +
        'plus saving and restoring the 31 general registers around the handler: a few hundred cycles, the order of ' +
        'lmbench\'s null system call (lat_syscall null) on current hardware; RVirt traps a deprivileged RISC-V guest the same way.',
    } satisfies Sourced),
    handler: HANDLER_CYCLES,
  }),
]);

/** The cost of one exit of `reason` under `preset`. */
export const exitCost = (preset: CostPreset, reason: ExitReason): number => preset.roundTrip.cycles + preset.handler[reason].cycles;

/** instructions + Σ exits × cost, for counts by reason name (per operation or per region). */
export function modeledCycles(preset: CostPreset, instructions: number, exitsByReason: Readonly<Record<string, number>>): number {
  let cycles = instructions;
  for (const r of EXIT_REASONS) cycles += (exitsByReason[r.name] ?? 0) * exitCost(preset, r.name);
  return cycles;
}

/**
 * A user's presets, from JSON: one object or an array of them, each
 * `{ "name", "title"?, "roundTrip": cycles, "handler"?: { reason: cycles } }`;
 * handler rows left out keep pvlab's estimates. Throws BenchError with a
 * one-line message on anything else.
 */
export function loadCostFile(path: string): CostPreset[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw benchErrors.cannotRead('cost file', path);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw benchErrors.badCostFile(path, `not JSON (${(e as Error).message})`);
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) throw benchErrors.badCostFile(path, 'no preset in it');
  const presets = items.map((item, i) => parsePreset(path, item, Array.isArray(data) ? `[${i}]` : ''));
  const names = new Set<string>();
  for (const p of presets) {
    if (names.has(p.name)) throw benchErrors.badCostFile(path, `preset name '${p.name}' given twice`);
    names.add(p.name);
  }
  return presets;
}

const isCycles = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parsePreset(path: string, item: unknown, at: string): CostPreset {
  const bad = (what: string) => benchErrors.badCostFile(path, `${at ? `${at}: ` : ''}${what}`);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad('a preset is an object { "name", "roundTrip", "handler"? }');
  const o = item as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['name', 'title', 'roundTrip', 'handler', 'source'].includes(k)) throw bad(`unknown field '${k}' (fields: name, title, roundTrip, handler, source)`);
  if (typeof o.name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(o.name)) throw bad('"name" must be a short lowercase name like "my-cpu"');
  if (!isCycles(o.roundTrip)) throw bad('"roundTrip" must be a number of cycles (>= 0)');
  if (o.title !== undefined && typeof o.title !== 'string') throw bad('"title" must be a string');
  if (o.source !== undefined && typeof o.source !== 'string') throw bad('"source" must be a string');
  const handler: Record<string, Sourced> = { ...HANDLER_CYCLES };
  if (o.handler !== undefined) {
    if (typeof o.handler !== 'object' || o.handler === null || Array.isArray(o.handler)) throw bad('"handler" must be an object { "exit-reason": cycles }');
    for (const [reason, cycles] of Object.entries(o.handler)) {
      if (!EXIT_REASONS.some((r) => r.name === reason)) throw bad(`unknown exit reason '${reason}' (reasons: ${EXIT_REASONS.map((r) => r.name).join(', ')})`);
      if (!isCycles(cycles)) throw bad(`handler cost of '${reason}' must be a number of cycles (>= 0)`);
      handler[reason] = { cycles, basis: 'user', source: `${path}` };
    }
  }
  return Object.freeze({
    name: o.name,
    title: typeof o.title === 'string' ? o.title : `${o.name} (from ${path})`,
    roundTrip: Object.freeze({ cycles: o.roundTrip, basis: 'user', source: typeof o.source === 'string' ? o.source : path } satisfies Sourced),
    handler: Object.freeze(handler) as CostPreset['handler'],
  });
}
