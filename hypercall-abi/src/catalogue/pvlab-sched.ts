/** pvlab scheduling: give the hart back instead of spinning or executing `wfi`. */
import { result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

export const PVLAB_SCHED = defineExtension({
  name: 'sched',
  title: 'pvlab scheduling',
  eid: EID_RANGES.pvlab.first + 2,
  prefix: 'PVLAB',
  doc: "The paravirtual kernel's idle loop, voluntary yield and power-off.",
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
    shutdown: {
      fid: 2,
      doc:
        'Power the VM off with an exit code (0 = success), as a store to the test finisher does natively: SBI system_reset can only ' +
        'say success or failure. Does not return.',
      args: { code: u32('the exit code, 0..0xffff (the finisher carries 16 bits)') },
      result: result.none,
      errors: ['INVALID_PARAM'],
      noReturn: true,
      example: 'li a0, 7\nHC_SHUTDOWN a0',
    },
  },
});
