/** SBI System Reset extension (EID 0x53525354 "SRST"). RISC-V SBI specification §10. */
import { enumArg, result } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';

export const SBI_SRST = defineExtension({
  name: 'srst',
  title: 'SBI System Reset',
  eid: 0x5352_5354,
  prefix: 'SBI',
  spec: 'SBI specification §10 (System Reset Extension)',
  doc: 'Shut the VM down or reboot it.',
  calls: {
    system_reset: {
      fid: 0,
      doc:
        'Shut down or reboot the VM; on success the call does not return. pvlab ends the VM with exit code 0 for a shutdown ' +
        'with no_reason and 1 for system_failure. Reserved, vendor and implementation-specific values are INVALID_PARAM; a valid type pvlab does not implement is NOT_SUPPORTED.',
      args: {
        reset_type: enumArg('reset_type', 'what to do', {
          shutdown: { value: 0, doc: 'power off' },
          cold_reboot: { value: 1, doc: 'reboot, resetting everything' },
          warm_reboot: { value: 2, doc: 'reboot, keeping memory' },
        }),
        reset_reason: enumArg('reset_reason', 'why', {
          no_reason: { value: 0, doc: 'an orderly request' },
          system_failure: { value: 1, doc: 'the kernel failed' },
        }),
      },
      result: result.none,
      errors: ['INVALID_PARAM', 'NOT_SUPPORTED'],
      noReturn: true,
      example: 'li a0, SBI_RESET_TYPE_SHUTDOWN\nli a1, SBI_RESET_REASON_NO_REASON\nHC_SYSTEM_RESET a0, a1',
    },
  },
});
