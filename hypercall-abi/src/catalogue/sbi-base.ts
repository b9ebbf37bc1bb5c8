/**
 * SBI Base extension (EID 0x10). RISC-V SBI specification §4: every SBI
 * implementation provides it; none of its functions fail. A guest kernel
 * probes here for pvlab's own extensions before it uses them.
 */
import { result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';

export const SBI_BASE = defineExtension({
  name: 'base',
  title: 'SBI Base',
  eid: 0x10,
  prefix: 'SBI',
  spec: 'SBI specification §4 (Base Extension)',
  doc: 'Version and implementation queries, and probing for other extensions. Every function succeeds.',
  calls: {
    spec_version: {
      fid: 0,
      doc: 'The SBI specification version implemented: minor in bits 23:0, major in bits 30:24. pvlab implements v2.0.',
      args: {},
      result: result.u32('version (0x02000000 = v2.0)', 'hex'),
      errors: [],
      example: 'HC_SPEC_VERSION            # a1 = 0x02000000',
    },
    impl_id: {
      fid: 1,
      doc: 'The SBI implementation id. pvlab is not in the SBI registry of implementation ids; it answers 0x70766c62 ("pvlb").',
      args: {},
      result: result.u32('implementation id', 'hex'),
      errors: [],
      example: 'HC_IMPL_ID',
    },
    impl_version: {
      fid: 2,
      doc: "The implementation's version (pvlab's major.minor as 0xMMMMmmmm).",
      args: {},
      result: result.u32('implementation version', 'hex'),
      errors: [],
      example: 'HC_IMPL_VERSION',
    },
    probe_extension: {
      fid: 3,
      doc: 'Whether an extension is available: 0 if not, 1 if it is. A kernel probes for PVLAB_EXT_MMU to know it runs paravirtualized.',
      args: { extension_id: u32('the EID to probe', { format: 'hex' }) },
      result: result.u32('0 = absent, 1 = available'),
      errors: [],
      example: 'li t0, PVLAB_EXT_MMU\nHC_PROBE_EXTENSION t0      # a1 = 1 under pvlab',
    },
    mvendorid: {
      fid: 4,
      doc: "The virtual hart's mvendorid (0: not a commercial implementation).",
      args: {},
      result: result.u32('mvendorid', 'hex'),
      errors: [],
      example: 'HC_MVENDORID',
    },
    marchid: {
      fid: 5,
      doc: "The virtual hart's marchid (0).",
      args: {},
      result: result.u32('marchid', 'hex'),
      errors: [],
      example: 'HC_MARCHID',
    },
    mimpid: {
      fid: 6,
      doc: "The virtual hart's mimpid (0).",
      args: {},
      result: result.u32('mimpid', 'hex'),
      errors: [],
      example: 'HC_MIMPID',
    },
  },
});
