/**
 * pvlab MMU extension: the paravirtual guest asks for page-table changes
 * instead of making them (Xen's `mmu_update`, `mmuext_op` NEW_BASEPTR and
 * TLB flushes): the hart walks shadow tables only the hypervisor writes, so
 * every change must pass through the hypervisor, which validates it and
 * updates the guest's table and the shadow together.
 */
import { field, struct } from '../schema/elements.js';
import { flagsArg, ptr, result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

/** One PTE write of an mmu_update batch. */
export const MMU_REQ = struct('mmu_req', 'one page-table-entry write', {
  ptep: field.u32("guest-physical address of the PTE (4-byte aligned, in this VM's memory)"),
  value: field.u32('the new Sv32 PTE'),
});

export const PVLAB_MMU = defineExtension({
  name: 'mmu',
  title: 'pvlab MMU',
  eid: EID_RANGES.pvlab.first + 0,
  prefix: 'PVLAB',
  doc: 'Batched page-table updates, address-space switch and TLB flush for a paravirtual guest.',
  calls: {
    mmu_update: {
      fid: 0,
      doc:
        'Apply count PTE writes, in order. Each is checked first: the PTE must be 4-byte aligned in the VM\'s own memory, and a valid ' +
        "leaf may map only the VM's own memory (never another VM's, the hypervisor's or a shadow table). The batch stops at the first " +
        'rejected write with DENIED (or INVALID_PARAM for a reserved PTE encoding) and a1 = the number done before it. With tlb_flush_all ' +
        'the whole TLB is flushed after the batch, with tlb_flush_page only the translations of va\'s page (Xen\'s update_va_mapping with ' +
        'UVMF_INVLPG: a page fault\'s new PTE and its flush in one exit); either saves a tlb_flush exit. Both flags together are ' +
        'INVALID_PARAM before any write; without tlb_flush_page, va is ignored. A refused batch flushes nothing. A batch larger than ' +
        'one exit\'s share of work is continued across exits, other VMs running in between; the guest sees one call.',
      args: {
        reqs: ptr(MMU_REQ, { access: 'read', count: 'count', doc: 'guest-virtual address of the array of {ptep, value} requests' }),
        count: u32('number of requests'),
        flags: flagsArg('mmu_flags', 'what to do after the batch', {
          tlb_flush_all: { value: 1, doc: 'flush the whole TLB after the batch (as sfence.vma zero, zero)' },
          tlb_flush_page: { value: 2, doc: "flush the TLB entries of va's page after the batch (as sfence.vma va, zero)" },
        }),
        va: u32('with tlb_flush_page, an address in the page to flush; ignored otherwise', { format: 'hex' }),
      },
      result: result.u32('requests done'),
      errors: ['INVALID_ADDRESS', 'INVALID_PARAM', 'DENIED'],
      example: 'la a0, buffer            # two {ptep, value} pairs\nli a1, 2\nli a2, PVLAB_MMU_FLAGS_TLB_FLUSH_ALL\nHC_MMU_UPDATE a0, a1, a2, zero  # a1 = 2',
    },
    new_baseptr: {
      fid: 1,
      doc:
        "Switch address space: satp's MODE must be Sv32 (or Bare) and its root page a page-table page in the VM's memory. " +
        'The hypervisor switches to the matching shadow root; like a satp write, it implies no TLB flush, unless flags asks for one: ' +
        "with tlb_flush_all the whole TLB is flushed after the switch (a context switch's `csrw satp; sfence.vma` in one exit, " +
        'without a multicall). A refused switch flushes nothing.',
      args: {
        satp: u32('the new satp value (MODE | ASID | root PPN)', { format: 'hex' }),
        flags: flagsArg('baseptr_flags', 'what to do after the switch', {
          tlb_flush_all: { value: 1, doc: 'flush the whole TLB after the switch (as sfence.vma zero, zero)' },
        }),
      },
      result: result.none,
      errors: ['INVALID_PARAM', 'INVALID_ADDRESS', 'DENIED'],
      example: 'la t0, buffer\nsrli t0, t0, 12\nli t1, 0x80000000       # MODE = Sv32\nor t0, t0, t1\nli t1, PVLAB_BASEPTR_FLAGS_TLB_FLUSH_ALL\nHC_NEW_BASEPTR t0, t1',
    },
    tlb_flush: {
      fid: 2,
      doc: 'Flush the TLB entries of [va, va + size), or all of it when size is 0 (sfence.vma). A range that wraps past 2^32 is INVALID_PARAM.',
      args: {
        va: u32('first virtual address', { format: 'hex' }),
        size: u32('bytes; 0 = the whole TLB', { format: 'hex', sizeOf: 'va' }),
      },
      result: result.none,
      errors: ['INVALID_PARAM'],
      example: 'HC_TLB_FLUSH zero, zero    # everything',
    },
  },
});
