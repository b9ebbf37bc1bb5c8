# vm.s — Sv32 address spaces (privileged spec §10.3).
#
# Every process has its own two-level page table. Each root maps, for the
# kernel only (no U bit):
#
#   root[512..515]  RAM 0x8000_0000..0x8100_0000, 4 MiB megapages, R W X
#   root[48]        the PLIC, one megapage, R W
#   root[64]        the UART, one megapage, R W
#   root[0] -> L0   the finisher's page 0x0010_0000 (4 KiB), R W
#
# and the user's pages (U set) below 0x8000_0000: the program image from
# USER_BASE, the heap above it, the stack page below USER_STACK_TOP. The
# kernel's own page table (kernel_root) has only the kernel part; it is in
# use before the first process runs and while no process does.
#
# Checked copies to and from user memory are in uaccess.s.
#
# Every PTE write goes through the seam (pv_set_pte), and a batch of writes
# ends with pv_pte_commit and a TLB flush before the mapping is used, as the
# spec requires (§10.3.2 "sfence.vma").

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
# kvm_init(): build kernel_root and turn paging on with it.
.globl kvm_init
kvm_init:
    addi sp, sp, -16
    sw ra, 12(sp)
    call kalloc
    beqz a0, 1f
    la t0, kernel_root
    sw a0, 0(t0)
    call kvm_map
    bnez a0, 1f
    la t0, kernel_root
    lw t0, 0(t0)
    srli t0, t0, PAGE_SHIFT
    li t1, SATP_MODE_SV32
    or t0, t0, t1
    la t1, kernel_satp
    sw t0, 0(t1)
    mv a0, t0
    call switch_as                  # sched.s: paging is on from here
    lw ra, 12(sp)
    addi sp, sp, 16
    ret
1:
    la a0, kvm_panic
    j panic

# kvm_map(a0 = root) -> a0 = 0, or -1 if out of memory: the kernel's part of
# an address space (see the table above).
.globl kvm_map
kvm_map:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
    li t2, RAM_BASE                 # RAM: one megapage per 4 MiB
1:
    srli t0, t2, VPN1_SHIFT
    slli t0, t0, PTE_SHIFT
    add t0, s0, t0                  # &root[VPN[1]]
    srli t1, t2, PA_TO_PTE_SHIFT
    ori t1, t1, PTE_KRWX
    pv_set_pte t0, t1
    li t0, MEGAPAGE_SIZE
    add t2, t2, t0
    li t0, RAM_END
    bltu t2, t0, 1b
    li t2, PLIC_BASE                # the PLIC
    srli t0, t2, VPN1_SHIFT - PTE_SHIFT
    add t0, s0, t0
    srli t1, t2, PA_TO_PTE_SHIFT
    ori t1, t1, PTE_KRW
    pv_set_pte t0, t1
    li t2, UART0_BASE               # the UART
    srli t0, t2, VPN1_SHIFT - PTE_SHIFT
    add t0, s0, t0
    srli t1, t2, PA_TO_PTE_SHIFT
    ori t1, t1, PTE_KRW
    pv_set_pte t0, t1
    mv a0, s0                       # the finisher: a 4 KiB page
    li a1, FINISHER_BASE
    li a2, FINISHER_BASE
    li a3, 1
    li a4, PTE_KRW
    call mappages
    pv_pte_commit
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# walk(a0 = root, a1 = va, a2 = allocate?) -> a0 = address of the level-0
# PTE for va, or 0 (no level-0 table and !allocate, out of memory, or va is
# inside a megapage).
.globl walk
walk:
    srli t0, a1, VPN1_SHIFT
    slli t0, t0, PTE_SHIFT
    add t0, a0, t0                  # t0 = &root[VPN[1]]
    lw t1, 0(t0)
    andi t2, t1, PTE_V
    beqz t2, 2f
    andi t2, t1, PTE_RWX
    bnez t2, 3f                     # a megapage has no level 0
    srli t1, t1, PTE_PPN_SHIFT      # level-0 table = PPN << PAGE_SHIFT
    slli t1, t1, PAGE_SHIFT
1:
    srli t2, a1, PAGE_SHIFT
    andi t2, t2, VPN_MASK
    slli t2, t2, PTE_SHIFT
    add a0, t1, t2                  # &L0[VPN[0]]
    ret
2:                                  # no level-0 table yet
    beqz a2, 3f
    addi sp, sp, -16
    sw ra, 12(sp)
    sw t0, 8(sp)
    sw a1, 4(sp)
    call kalloc
    lw ra, 12(sp)
    lw t0, 8(sp)
    lw a1, 4(sp)
    addi sp, sp, 16
    beqz a0, 3f
    mv t1, a0
    srli t2, a0, PA_TO_PTE_SHIFT    # pointer PTE: V only
    ori t2, t2, PTE_V
    pv_set_pte t0, t2
    j 1b
3:
    li a0, 0
    ret

# mappages(a0 = root, a1 = va, a2 = pa, a3 = pages, a4 = PTE flags)
#   -> a0 = 0, or -1 if a page table could not be allocated.
# The caller commits and flushes.
.globl mappages
mappages:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    sw s4, 8(sp)
    mv s0, a0
    mv s1, a1
    mv s2, a2
    mv s3, a3
    mv s4, a4
1:
    beqz s3, 2f
    mv a0, s0
    mv a1, s1
    li a2, 1
    call walk
    beqz a0, 3f
    srli t0, s2, PA_TO_PTE_SHIFT
    or t0, t0, s4
    pv_set_pte a0, t0
    li t0, PAGE_SIZE
    add s1, s1, t0
    add s2, s2, t0
    addi s3, s3, -1
    j 1b
2:
    li a0, 0
    j 4f
3:
    li a0, -1
4:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    lw s4, 8(sp)
    addi sp, sp, 32
    ret

# uvm_create() -> a0 = a new root with the kernel mapped, or 0.
.globl uvm_create
uvm_create:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    call kalloc
    mv s0, a0
    beqz a0, 1f
    call kvm_map
    beqz a0, 1f
    mv a0, s0                       # out of memory half-way: undo
    call uvm_free
    li s0, 0
1:
    mv a0, s0
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# uvm_free(a0 = root): free the user pages (U set), the level-0 tables and
# the root. The kernel's megapages and the finisher page are not RAM pages of
# this process and are left alone. The root must not be installed.
.globl uvm_free
uvm_free:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    mv s0, a0
    li s1, 0                        # s1 = root index
1:
    slli t0, s1, PTE_SHIFT
    add t0, s0, t0
    lw t1, 0(t0)
    andi t2, t1, PTE_V
    beqz t2, 4f
    andi t2, t1, PTE_RWX
    bnez t2, 4f
    srli s2, t1, PTE_PPN_SHIFT
    slli s2, s2, PAGE_SHIFT            # s2 = level-0 table
    li s3, 0
2:
    slli t0, s3, PTE_SHIFT
    add t0, s2, t0
    lw t1, 0(t0)
    andi t2, t1, PTE_V
    beqz t2, 3f
    andi t2, t1, PTE_U
    beqz t2, 3f
    srli a0, t1, PTE_PPN_SHIFT
    slli a0, a0, PAGE_SHIFT
    call kfree
3:
    addi s3, s3, 1
    li t0, PTES_PER_TABLE
    bltu s3, t0, 2b
    mv a0, s2
    call kfree
4:
    addi s1, s1, 1
    li t0, USER_TOP >> VPN1_SHIFT   # the user half: VA below USER_TOP
    bltu s1, t0, 1b
    mv a0, s0
    call kfree
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    addi sp, sp, 32
    ret

# uvm_copy(a0 = old root, a1 = new root) -> a0 = 0, or -1 out of memory:
# copy every user page of one address space into another (fork).
.globl uvm_copy
uvm_copy:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    sw s4, 8(sp)
    sw s5, 4(sp)
    mv s0, a0
    mv s4, a1
    li s1, 0
1:
    slli t0, s1, PTE_SHIFT
    add t0, s0, t0
    lw t1, 0(t0)
    andi t2, t1, PTE_V
    beqz t2, 4f
    andi t2, t1, PTE_RWX
    bnez t2, 4f
    srli s2, t1, PTE_PPN_SHIFT
    slli s2, s2, PAGE_SHIFT
    li s3, 0
2:
    slli t0, s3, PTE_SHIFT
    add t0, s2, t0
    lw s5, 0(t0)                    # s5 = the old PTE
    andi t2, s5, PTE_V
    beqz t2, 3f
    andi t2, s5, PTE_U
    beqz t2, 3f
    call kalloc
    beqz a0, 5f
    sw a0, 0(sp)
    srli a1, s5, PTE_PPN_SHIFT      # copy the page
    slli a1, a1, PAGE_SHIFT
    li a2, PAGE_SIZE
    call kmemcpy
    mv a0, s4                       # map it at the same address
    slli a1, s1, VPN1_SHIFT
    slli t0, s3, PAGE_SHIFT
    or a1, a1, t0
    lw a2, 0(sp)
    li a3, 1
    andi a4, s5, PTE_FLAGS          # the same flags
    call mappages
    bnez a0, 6f
3:
    addi s3, s3, 1
    li t0, PTES_PER_TABLE
    bltu s3, t0, 2b
4:
    addi s1, s1, 1
    li t0, USER_TOP >> VPN1_SHIFT
    bltu s1, t0, 1b
    pv_pte_commit
    li a0, 0
    j 7f
6:
    lw a0, 0(sp)
    call kfree
5:
    pv_pte_commit
    li a0, -1
7:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    lw s4, 8(sp)
    lw s5, 4(sp)
    addi sp, sp, 32
    ret

# uvm_unmap_page(a0 = root, a1 = va): free and unmap the user page at va, if
# mapped (sbrk shrinking). The caller ends its range with pv_flush_deferred.
.globl uvm_unmap_page
uvm_unmap_page:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s1, a1
    li a2, 0
    call walk
    beqz a0, 1f
    mv s0, a0
    lw t1, 0(s0)
    andi t2, t1, PTE_V
    beqz t2, 1f
    andi t2, t1, PTE_U
    beqz t2, 1f
    pv_set_pte s0, zero
    pv_pte_commit_with_flush
    pv_flush_tlb_page_deferred s1
    srli a0, t1, PTE_PPN_SHIFT
    slli a0, a0, PAGE_SHIFT
    call kfree
1:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# vm_fault(a0 = va) -> a0 = VM_FAULT_MAPPED (0) if the current process's
# fault at va was a first touch of its heap and a fresh zeroed page is now
# mapped there; VM_FAULT_NOT_HEAP if va is not in an untouched heap page (a
# real fault), VM_FAULT_NO_MEMORY if no page is free for it.
.globl vm_fault
vm_fault:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    la t0, curproc
    lw s0, 0(t0)
    lw t0, P_HEAP(s0)
    bltu a0, t0, .Lnot_heap
    lw t0, P_BRK(s0)
    bgeu a0, t0, .Lnot_heap
    li t0, -PAGE_SIZE
    and s1, a0, t0                  # s1 = the page
    lw a0, P_ROOT(s0)               # already mapped? then it is not a first touch
    mv a1, s1
    li a2, 0
    call walk
    beqz a0, .Lfresh
    lw t0, 0(a0)
    andi t0, t0, PTE_V
    bnez t0, .Lnot_heap
.Lfresh:
    call kalloc
    beqz a0, .Lno_memory
    mv a2, a0
    sw a2, 0(sp)
    lw a0, P_ROOT(s0)
    mv a1, s1
    li a3, 1
    li a4, PTE_URW
    call mappages
    bnez a0, .Lno_table
    pv_pte_commit_with_flush
    pv_flush_tlb_page s1
    li a0, VM_FAULT_MAPPED
    j .Lreturn
.Lno_table:                         # no level-0 table for the page: give it back
    lw a0, 0(sp)
    call kfree
.Lno_memory:
    li a0, VM_FAULT_NO_MEMORY
    j .Lreturn
.Lnot_heap:
    li a0, VM_FAULT_NOT_HEAP
.Lreturn:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

.section .rodata
kvm_panic:
    .asciz "kvm_init: out of memory"

.data
.balign 4
.globl kernel_root
kernel_root:
    .word 0
.globl kernel_satp
kernel_satp:
    .word 0
