/**
 * pvlab benchmark marker: the paravirtual expansion of the kernel's
 * `bench mark` seam operation (natively a store of 0x4D42 / 0x4D45 to the
 * finisher). The hypervisor reports it to the benchmark's listener.
 */
import { enumArg, result } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

export const PVLAB_BENCH = defineExtension({
  name: 'bench',
  title: 'pvlab benchmark marker',
  eid: EID_RANGES.pvlab.first + 3,
  prefix: 'PVLAB',
  doc: 'Marks the measured region of a benchmark workload.',
  calls: {
    bench_marker: {
      fid: 0,
      doc: "Mark the beginning or the end of a workload's measured region; the benchmark reads the counters here.",
      args: {
        event: enumArg('bench_event', 'which edge of the region', {
          begin: { value: 0, doc: 'after the set-up, before the first iteration' },
          end: { value: 1, doc: 'right after the last iteration' },
        }),
      },
      result: result.none,
      errors: ['INVALID_PARAM'],
      example: 'li a0, PVLAB_BENCH_EVENT_BEGIN\nHC_BENCH_MARKER a0',
    },
  },
});
