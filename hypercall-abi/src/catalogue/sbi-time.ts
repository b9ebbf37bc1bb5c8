/** SBI Timer extension (EID 0x54494D45 "TIME"). RISC-V SBI specification §6. */
import { result, u64 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';

export const SBI_TIME = defineExtension({
  name: 'time',
  title: 'SBI Timer',
  eid: 0x5449_4d45,
  prefix: 'SBI',
  spec: 'SBI specification §6 (Timer Extension)',
  doc: 'Program the supervisor timer.',
  calls: {
    set_timer: {
      fid: 0,
      doc:
        'Raise the timer interrupt when `time` reaches stime_value (absolute, in `time` ticks), and clear a pending one. ' +
        'Pass 0xffffffff_ffffffff to clear the pending interrupt with no new deadline. The 64-bit value is a register pair, low half first.',
      args: { stime_value: u64('absolute deadline in time ticks') },
      result: result.none,
      errors: [],
      example: 'rdtime t0\nrdtimeh t1\nli t2, 100000\nadd t0, t0, t2          # (carry into t1 left out for brevity)\nHC_SET_TIMER t0, t1',
    },
  },
});
