/** pvlab scheduling: give the hart back instead of spinning or executing `wfi`. */
import { result } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

export const PVLAB_SCHED = defineExtension({
  name: 'sched',
  title: 'pvlab scheduling',
  eid: EID_RANGES.pvlab.first + 2,
  prefix: 'PVLAB',
  doc: "The paravirtual kernel's idle loop and voluntary yield.",
  calls: {
    idle: {
      fid: 0,
      doc:
        'Block until an interrupt is pending for the VM (its timer, console input), like wfi: returns at once if one already is. ' +
        'Interrupts are taken after the call returns, when the guest enables them.',
      args: {},
      result: result.none,
      errors: [],
      example: 'HC_IDLE',
    },
    yield: {
      fid: 1,
      doc: 'Let another runnable VM have the hart; returns when this VM is scheduled again (at once when it is alone).',
      args: {},
      result: result.none,
      errors: [],
      example: 'HC_YIELD',
    },
  },
});
