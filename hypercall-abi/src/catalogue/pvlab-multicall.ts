/**
 * pvlab multicall: several hypercalls in one exit (Xen's `multicall`).
 * Each entry is dispatched exactly as if it came in registers, with the same
 * validation, and gets its own SBI error and value written back.
 */
import { field, struct } from '../schema/elements.js';
import { ptr, result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

/** One hypercall of a batch: ids, six argument words, and its results. */
export const MULTICALL_ENTRY = struct('multicall_entry', 'one call of a multicall batch', {
  eid: field.u32('extension id (a7)'),
  fid: field.u32('function id (a6)'),
  args: field.u32s(6, 'arguments (a0..a5)'),
  results: field.u32s(2, 'written back: error (a0) and value (a1)'),
});

export const PVLAB_MULTICALL = defineExtension({
  name: 'multicall',
  title: 'pvlab multicall',
  eid: EID_RANGES.pvlab.first + 1,
  prefix: 'PVLAB',
  doc: 'A batch of hypercalls in one exit.',
  calls: {
    multicall: {
      fid: 0,
      doc:
        'Run count entries in order; each entry\'s results[0] gets its SBI error and results[1] its value. A failed entry does not ' +
        'stop the batch. An entry that is itself a multicall gets DENIED (no nesting). Returns the number of entries run; the guest ' +
        'reads each entry\'s own result. Nested calls are counted and traced like calls made in registers. A batch larger than one ' +
        'exit\'s share of work is continued across exits (between entries, or inside one), each entry run once; the guest sees one ' +
        'call. An entry that shuts the VM down ends the batch.',
      args: {
        entries: ptr(MULTICALL_ENTRY, { access: 'readwrite', count: 'count', doc: 'guest-virtual address of the entries' }),
        count: u32('number of entries'),
      },
      result: result.u32('entries run'),
      errors: ['INVALID_ADDRESS', 'INVALID_PARAM'],
      example: 'la a0, buffer            # PVLAB_MULTICALL_ENTRY_SIZE bytes per entry\nli a1, 3\nHC_MULTICALL a0, a1',
    },
  },
});
