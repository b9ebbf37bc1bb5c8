/**
 * Handlers that need nothing from the hypervisor: SBI Base answers from the
 * registry and its identity, and multicall re-dispatches each entry.
 */
import { PVLAB_MULTICALL } from '../catalogue/pvlab-multicall.js';
import { sbiError } from '../sbi/errors.js';
import type { Registry } from './registry.js';
import type { HypercallRecord } from './record.js';
import { dispatchWords } from './dispatch.js';
import type { GuestBuffer } from './guest-buffer.js';
import type { HypercallTarget } from './guest-memory.js';

/** What the dispatcher passes to every handler; `frame` carries a multicall's nested records. */
export type InternalHandler<Ctx> = (vm: Ctx, args: Record<string, unknown>, frame: { nested: HypercallRecord[] }) => unknown;

interface MulticallEntry {
  readonly eid: number;
  readonly fid: number;
  readonly args: readonly number[];
}

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
    multicall: (vm, a, frame) => {
      const entries = a.entries as GuestBuffer;
      for (let i = 0; i < entries.length; i++) {
        const e = entries.get(i) as MulticallEntry;
        let record: HypercallRecord;
        if (e.eid === PVLAB_MULTICALL.eid) {
          // No nesting: a batch inside a batch would make one exit unbounded.
          record = { eid: e.eid, fid: e.fid, call: registry.lookup(e.eid, e.fid), name: 'multicall', args: [], error: sbiError('DENIED'), errorName: 'DENIED', value: 0, handled: false, fault: 'multicall inside a multicall' };
        } else {
          const words = [...e.args, 0, 0].slice(0, 6);
          words.push(e.fid, e.eid);
          record = dispatchWords(registry, vm as Ctx & HypercallTarget, words);
        }
        frame.nested.push(record);
        entries.set(i, { results: [record.error >>> 0, record.value >>> 0] });
      }
      return entries.length;
    },
  };
}
