/**
 * pvlab grant table: a guest shares one of its pages with the hypervisor's
 * back ends (Xen's grant tables, `gnttab_grant_foreign_access`, sized to a
 * teaching kernel). The page is validated once, when it is granted — page
 * aligned, in the VM's own RAM — and named from then on by a small grant
 * reference, which split-driver rings carry instead of addresses. A back end
 * reaches a page only through a live grant, with the access it was given;
 * revoking the grant ends that at once (a request naming it fails).
 */
import { flagsArg, result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

export const PVLAB_GRANT = defineExtension({
  name: 'grant',
  title: 'pvlab grant table',
  eid: EID_RANGES.pvlab.first + 4,
  prefix: 'PVLAB',
  doc: "Share a page of the VM's RAM with the hypervisor's back ends, validated once, named by a grant reference, revocable.",
  constants: {
    grant_max: { value: 32, doc: 'grants a VM may hold at once; references are 1..GRANT_MAX (0 is never a grant)' },
  },
  calls: {
    grant_access: {
      fid: 0,
      doc:
        "Grant the hypervisor access to the page at guest-physical address page (4 KiB aligned, in the VM's own RAM). Returns the " +
        'grant reference, the lowest free one. With readonly the back ends may only read the page. DENIED when all GRANT_MAX ' +
        'references are in use.',
      args: {
        page: u32('guest-physical address of the page (4 KiB aligned)', { format: 'hex' }),
        flags: flagsArg('grant_flags', 'how the page may be used', {
          readonly: { value: 1, doc: 'the back ends may read the page, never write it' },
        }),
      },
      result: result.u32('the grant reference (1..GRANT_MAX)'),
      errors: ['INVALID_PARAM', 'INVALID_ADDRESS', 'DENIED'],
      example: 'la a0, buffer           # a page of kernel RAM (identity-mapped: VA = PA)\nHC_GRANT_ACCESS a0, zero  # a1 = the reference',
    },
    grant_revoke: {
      fid: 1,
      doc:
        'End a grant: from now on no back end reaches the page through ref, and a request that names it fails. A page a back end ' +
        'holds as a ring or an event page cannot be revoked while it does (DENIED): disconnect first, as Xen refuses to end a ' +
        'grant that is still mapped.',
      args: { ref: u32('the grant reference') },
      result: result.none,
      errors: ['INVALID_PARAM', 'DENIED'],
      example: 'HC_GRANT_REVOKE s1',
    },
  },
});
