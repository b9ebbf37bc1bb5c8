/**
 * Handlers that need nothing from the hypervisor: SBI Base answers from the
 * registry and its identity, and multicall re-dispatches each entry.
 */
import { MULTICALL_ENTRY, PVLAB_MULTICALL } from '../catalogue/pvlab-multicall.js';
import { sbiError } from '../sbi/errors.js';
import type { Registry } from './registry.js';
import type { HypercallRecord } from './record.js';
import { dispatchWords } from './dispatch.js';
import type { GuestBuffer } from './guest-buffer.js';
import { WORK_PER_CALL, type HypercallTarget } from './guest-memory.js';

/**
 * What the dispatcher passes to every handler: `from`, a continued call's
 * progress (0 for a new call), and `frame`, which carries a multicall's
 * nested records. Typed handlers take the first three.
 */
export type InternalHandler<Ctx> = (vm: Ctx, args: Record<string, unknown>, from: unknown, frame: { nested: HypercallRecord[] }) => unknown;

/** Where a continued multicall resumes: its entry, and that entry's own progress when it was preempted itself. */
interface MulticallProgress {
  readonly entry: number;
  readonly inner: unknown;
}

/** An entry's words (MULTICALL_ENTRY: eid, fid, args[6], results[2]), as offsets in words. */
const EID = MULTICALL_ENTRY.offsets.eid / 4;
const FID = MULTICALL_ENTRY.offsets.fid / 4;
const ARGS = MULTICALL_ENTRY.offsets.args / 4;
const RESULTS = MULTICALL_ENTRY.offsets.results / 4;

export function builtinHandlers<Ctx>(registry: Registry<Ctx>): Record<string, InternalHandler<Ctx>> {
  const id = registry.identity;
  return {
    spec_version: () => id.specVersion,
    impl_id: () => id.implId,
    impl_version: () => id.implVersion,
    probe_extension: (_vm, a) => (registry.isAvailable(a.extension_id as number) ? 1 : 0),
    mvendorid: () => id.mvendorid,
    marchid: () => id.marchid,
    mimpid: () => id.mimpid,
    // Entries run in order; between two entries, or inside one that is itself continued, the multicall
    // stops when the exit's work is spent and is continued from there (an entry never runs twice). It
    // stops for good when an entry shut the VM down: nothing runs after a shutdown.
    multicall: (vm, a, from, frame) => {
      const entries = a.entries as GuestBuffer;
      const target = vm as Ctx & HypercallTarget;
      const resume = typeof from === 'object' && from !== null ? (from as MulticallProgress) : undefined;
      const first = resume?.entry ?? 0;
      const words: number[] = [0, 0, 0, 0, 0, 0, 0, 0]; // a0..a5, a6 = fid, a7 = eid: one entry's registers
      const entry: number[] = new Array(MULTICALL_ENTRY.size / 4).fill(0); // the entry's words, read at once
      for (let i = first; i < entries.length; i++) {
        if (target.stopped) return i;
        if (i > first && target.work && target.work.left <= 0) return { kind: 'pvlab.preempted', progress: { entry: i, inner: undefined } };
        target.work?.charge(WORK_PER_CALL);
        entries.wordsOf(i, entry);
        const eid = entry[EID], fid = entry[FID];
        let record: HypercallRecord;
        if (eid === PVLAB_MULTICALL.eid) {
          // No nesting: a batch inside a batch would make one exit unbounded.
          record = { eid, fid, call: registry.lookup(eid, fid), name: 'multicall', args: [], error: sbiError('DENIED'), errorName: 'DENIED', value: 0, handled: false, fault: 'multicall inside a multicall' };
        } else {
          for (let k = 0; k < 6; k++) words[k] = entry[ARGS + k];
          words[6] = fid;
          words[7] = eid;
          record = dispatchWords(registry, target, words, i === first ? resume?.inner : undefined);
        }
        frame.nested.push(record);
        if (record.preempted) return { kind: 'pvlab.preempted', progress: { entry: i, inner: record.preempted.progress } };
        entries.setWordOf(i, RESULTS, record.error >>> 0);
        entries.setWordOf(i, RESULTS + 1, record.value >>> 0);
      }
      return entries.length;
    },
  };
}
