# pvcalls.s — the paravirtual half of the pv-ops seam: the routines the
# PARAVIRT expansions of pvops.inc call to ask the hypervisor (hypercalls,
# from the generated hypercalls.inc). The native build assembles this file to
# nothing. Everything here is one seam site (PVOP_BEGIN/PVOP_END).
#
# Convention (PV_ROUTINE in pvops.inc): the caller's 16-byte frame holds
# arg0 at 0, arg1 at 4 and receives a result at 8; a routine preserves every
# register. The hypercall ABI is SBI's: a7 = extension, a6 = function,
# a0..a5 = arguments, a0 = error and a1 = value on return.
#
# Page-table writes are batched: pv_set_pte writes the guest's own copy and
# queues {ptep, value}; the queue goes to the hypervisor as one mmu_update
# when the kernel commits, flushes or switches address space — fork and exec
# of a whole address space cost a handful of exits, not one per PTE. A flush
# rides on that mmu_update (its flags): a page fault's new PTE and the flush
# of its page are one exit, as Xen's update_va_mapping with UVMF_INVLPG.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.ifdef PARAVIRT

.ifndef PV_BATCH
.equ PV_BATCH, 128                  # PTE writes per mmu_update (buildKernel's defsym may set it)
.endif
.if PV_BATCH < 1 || PV_BATCH > 512
.error "PV_BATCH must be 1..512: the queue of PTE writes lives in .bss"
.endif
.equ FRAME, 48                      # what a routine saves, below the caller's frame
.equ ARG0, FRAME + 0
.equ ARG1, FRAME + 4
.equ RESULT, FRAME + 8

# Save and restore the registers a routine may use.
.macro PV_ENTER
    addi sp, sp, -FRAME
    sw ra, 0(sp)
    sw a0, 4(sp)
    sw a1, 8(sp)
    sw a2, 12(sp)
    sw a3, 16(sp)
    sw a6, 20(sp)
    sw a7, 24(sp)
    sw t0, 28(sp)
    sw t1, 32(sp)
    sw t2, 36(sp)
.endm
.macro PV_LEAVE
    lw ra, 0(sp)
    lw a0, 4(sp)
    lw a1, 8(sp)
    lw a2, 12(sp)
    lw a3, 16(sp)
    lw a6, 20(sp)
    lw a7, 24(sp)
    lw t0, 28(sp)
    lw t1, 32(sp)
    lw t2, 36(sp)
    addi sp, sp, FRAME
    ret
.endm

.text
    PVOP_BEGIN

# pvhc_queue_pte(ptep, value): queue one PTE write. Leaves that map no RAM
# (the device pages every address space has natively) are kept in the
# guest's table only: a paravirtual guest has no devices, and the hypervisor
# would refuse them.
.globl pvhc_queue_pte
pvhc_queue_pte:
    PV_ENTER
    lw t2, ARG1(sp)
    andi t0, t2, PTE_V
    beqz t0, 1f                     # an invalid entry: queue it (it unmaps)
    andi t0, t2, PTE_R | PTE_X
    beqz t0, 1f                     # a pointer to the next table: RAM, queue it
    srli t0, t2, PTE_PPN_SHIFT      # the leaf's PPN, inside RAM?
    li t1, RAM_BASE >> PAGE_SHIFT
    bltu t0, t1, 2f
    li t1, RAM_END >> PAGE_SHIFT
    bgeu t0, t1, 2f
1:
    la t0, pv_mmu_count
    lw t1, 0(t0)
    li a0, PV_BATCH
    bltu t1, a0, 3f
    li a2, 0                        # the batch is full: send it first
    call pv_mmu_flags_send
    la t0, pv_mmu_count
    li t1, 0
3:
    slli a0, t1, PVLAB_MMU_REQ_SHIFT    # request t1 of the batch
    la a1, pv_mmu_batch
    add a1, a1, a0
    lw a0, ARG0(sp)
    sw a0, PVLAB_MMU_REQ_PTEP(a1)
    sw t2, PVLAB_MMU_REQ_VALUE(a1)
    addi t1, t1, 1
    sw t1, 0(t0)
2:
    PV_LEAVE

# pvhc_commit(): send the queued PTE writes (one exit, none if the queue is empty).
.globl pvhc_commit
pvhc_commit:
    PV_ENTER
    li a2, 0
    call pv_mmu_flags_send
    PV_LEAVE

# pvhc_flush(va): flush one page's translations (va != 0) or all of them,
# after the queued writes.
.globl pvhc_flush
pvhc_flush:
    PV_ENTER
    lw a0, ARG0(sp)
    call pv_flush_send
    PV_LEAVE

# pvhc_defer_flush(va): owe the flush of va's page (and the queued writes)
# until pvhc_flush_deferred: a range unmapped page by page costs one exit.
# pv_flush_owed says what to flush: 0 nothing, a page address that page,
# 1 everything (several pages).
.globl pvhc_defer_flush
pvhc_defer_flush:
    PV_ENTER
    lw a0, ARG0(sp)
    li t0, -PAGE_SIZE
    and a0, a0, t0
    bnez a0, 1f
    li a0, 1                        # page 0: flush everything (pv_flush_send's 0)
1:
    la t0, pv_flush_owed
    lw t1, 0(t0)
    beqz t1, 2f                     # the first page owed: that page
    beq t1, a0, 3f                  # the same page again
    li a0, 1                        # a second page: everything
2:
    sw a0, 0(t0)
3:
    PV_LEAVE

# pvhc_flush_deferred(): pay what pvhc_defer_flush owes: the queued writes
# and the flush in one mmu_update (or one tlb_flush, if a full queue went
# already). Nothing owed, no exit.
.globl pvhc_flush_deferred
pvhc_flush_deferred:
    PV_ENTER
    la t0, pv_flush_owed
    lw a0, 0(t0)
    beqz a0, 2f
    sw zero, 0(t0)
    li t1, 1
    bne a0, t1, 1f
    li a0, 0                        # several pages: everything
1:
    call pv_flush_send
2:
    PV_LEAVE

# pvhc_switch_as(satp): the new root and a flush of the whole TLB in one
# call (new_baseptr with tlb_flush_all: `csrw satp; sfence.vma`), after any
# queued PTE writes (the paths that queue them send them themselves, so the
# queue is empty here and a context switch costs one exit).
.globl pvhc_switch_as
pvhc_switch_as:
    PV_ENTER
    li a2, 0
    call pv_mmu_flags_send          # queued writes first (no exit when there are none)
    lw a0, ARG0(sp)
    li a1, PVLAB_BASEPTR_FLAGS_TLB_FLUSH_ALL
    HC_NEW_BASEPTR a0, a1
    bnez a0, pv_mmu_failed
    PV_LEAVE

# pvhc_console_write(buf, len): the whole buffer in one exit (DBCN takes a
# guest-physical buffer: kernel buffers are identity-mapped).
.globl pvhc_console_write
pvhc_console_write:
    PV_ENTER
    lw a1, ARG0(sp)
    lw a0, ARG1(sp)
    beqz a0, 1f
    HC_CONSOLE_WRITE a0, a1, zero   # buf_hi = 0: a 32-bit physical address
1:
    PV_LEAVE

# pvhc_getc() -> the next input byte, or -1.
.globl pvhc_getc
pvhc_getc:
    PV_ENTER
    li a0, 1                        # one byte
    la a1, pv_getc_byte
    HC_CONSOLE_READ a0, a1, zero
    li t0, -1
    bnez a0, 1f                     # an error: nothing
    beqz a1, 1f                     # no byte pending
    la t0, pv_getc_byte
    lbu t0, 0(t0)
1:
    sw t0, RESULT(sp)
    PV_LEAVE

# pvhc_mem_top() -> the top of the RAM the hypervisor gave us at boot
# (pv_mem_top: the page allocator frees up to there; drivers/balloon.s).
.globl pvhc_mem_top
pvhc_mem_top:
    PV_ENTER
    call balloon_boot               # uses a0 a1 a6 a7 t0..t2: all saved here
    sw a0, RESULT(sp)
    PV_LEAVE

# pvhc_free() -> 0: the paravirtual kernel's `free` system call
# (pv_syscall_extra): drivers/balloon.s prints the pages. It calls kprintf,
# which may use every caller-saved register: the ones PV_ENTER does not
# save are saved here.
.globl pvhc_free
pvhc_free:
    PV_ENTER
    addi sp, sp, -32
    sw a4, 0(sp)
    sw a5, 4(sp)
    sw t3, 8(sp)
    sw t4, 12(sp)
    sw t5, 16(sp)
    sw t6, 20(sp)
    call balloon_free
    lw a4, 0(sp)
    lw a5, 4(sp)
    lw t3, 8(sp)
    lw t4, 12(sp)
    lw t5, 16(sp)
    lw t6, 20(sp)
    addi sp, sp, 32
    sw a0, RESULT(sp)
    PV_LEAVE

# pvhc_shutdown(code): power off with the exit code. Does not return.
.globl pvhc_shutdown
pvhc_shutdown:
    PV_ENTER
    lw a0, ARG0(sp)
    HC_SHUTDOWN a0
1:
    j 1b

# pvhc_bench_mark(value): BENCH_BEGIN or BENCH_END as a benchmark marker.
.globl pvhc_bench_mark
pvhc_bench_mark:
    PV_ENTER
    lw t0, ARG0(sp)
    li a0, PVLAB_BENCH_EVENT_BEGIN
    li t1, BENCH_BEGIN
    beq t0, t1, 1f
    li a0, PVLAB_BENCH_EVENT_END
1:
    HC_BENCH_MARKER a0
    PV_LEAVE

# pvhc_probe(): the hypervisor must offer pvlab's MMU extension (SBI Base
# probe_extension); without it this kernel cannot run.
.globl pvhc_probe
pvhc_probe:
    PV_ENTER
    li a0, PVLAB_EXT_MMU
    HC_PROBE_EXTENSION a0
    bnez a0, 1f
    beqz a1, 1f
    PV_LEAVE
1:                                  # no console to say it on: power off, as a failure
    li a0, SBI_RESET_TYPE_SHUTDOWN
    li a1, SBI_RESET_REASON_SYSTEM_FAILURE
    HC_SYSTEM_RESET a0, a1
2:
    j 2b

# pv_flush_send (a0 = va): flush va's page (va != 0) or everything (0),
# after the queued writes: with writes pending, one mmu_update that flushes
# (tlb_flush_page or tlb_flush_all); otherwise one tlb_flush. Clobbers a0..a3,
# a6, a7, t0.
pv_flush_send:
    la t0, pv_mmu_count
    lw t0, 0(t0)
    beqz t0, 2f
    mv a3, a0
    .if PVLAB_MMU_FLAGS_TLB_FLUSH_PAGE != PVLAB_MMU_FLAGS_TLB_FLUSH_ALL + 1
    .error "pv_flush_send: the flag is computed as TLB_FLUSH_ALL + (va != 0)"
    .endif
    snez a2, a3
    addi a2, a2, PVLAB_MMU_FLAGS_TLB_FLUSH_ALL
    j pv_mmu_flags_send             # a tail call
2:
    li a1, PAGE_SIZE
    bnez a0, 3f
    li a1, 0                        # size 0: everything
3:
    HC_TLB_FLUSH a0, a1
    ret

# pv_mmu_flags_send (a2 = flags, a3 = va, for tlb_flush_page only): one
# mmu_update of the queue, if it is not empty (or if flags ask for a flush);
# clobbers a0, a1, a6, a7, t0.
pv_mmu_flags_send:
    la t0, pv_mmu_count
    lw a1, 0(t0)
    bnez a1, 1f
    beqz a2, 2f
1:
    sw zero, 0(t0)
    la a0, pv_mmu_batch
    HC_MMU_UPDATE a0, a1, a2, a3
    bnez a0, pv_mmu_failed
2:
    ret
pv_mmu_failed:                      # the hypervisor refused a PTE: a kernel bug
    la a0, pv_mmu_panic
    j panic

    PVOP_END

.section .rodata
pv_mmu_panic:       .asciz "paravirt: the hypervisor refused a page-table update\n"

.bss
.balign 8
pv_mmu_batch:       .space PV_BATCH * PVLAB_MMU_REQ_SIZE
pv_mmu_count:       .space 4
pv_flush_owed:      .space 4
.globl pv_rx_on
pv_rx_on:           .space 4
pv_getc_byte:       .space 4
.balign 8

.endif # PARAVIRT
