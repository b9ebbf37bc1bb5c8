# drivers/balloon.s — the balloon driver (paravirtual build only; the native
# build assembles this file to nothing). Xen's balloon driver, sized to a
# teaching kernel: the hypervisor may take memory back from this VM, and
# give it back, and the kernel cooperates — which only a paravirtual kernel
# can (the trapped kernel has no driver: its memory cannot be taken back).
#
# The VM's RAM is 4 KiB frames the hypervisor backs or not (its p2m). The
# host sets a target for how many are backed; when it changes, the
# hypervisor signals PVLAB_MEMORY_TARGET_PORT (or, before there is an event
# page, just raises the event upcall), and balloon_event moves toward it a
# batch at a time:
#
#   inflate  (above the target) take free pages from the page allocator
#            (kalloc) and hand their frames back (decrease_reservation)
#   deflate  (below it) ask for ballooned frames again
#            (increase_reservation; the hypervisor may grant fewer) and
#            give the pages to the allocator (kfree)
#
# A frame handed back is on our stack of ballooned frames until we ask for
# it again; nothing else of the kernel knows it (it is not on the free
# list), so nothing touches it — its megapage still maps it, but the
# hypervisor's shadow does not: a stray access would fault. A VM booted
# smaller than its RAM was given a prefix of it: balloon_boot tells the
# allocator where the given RAM ends and puts the rest on the stack.
#
#   balloon_boot() -> a0        the top of the RAM given at boot
#   balloon_event()             the target changed: move toward it
#   balloon_free() -> a0 = 0    print the pages: total, free, ballooned
#
# The whole file is one pv-ops site: it is part of the seam.

.ifdef PARAVIRT                     # natively: nothing at all, not even symbols

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.equ BALLOON_BATCH, PVLAB_MEMORY_BATCH_MAX
.equ BALLOON_MAX, (RAM_END - RAM_BASE) >> PAGE_SHIFT    # every frame of RAM

.section .io.text, "ax"
    PVOP_BEGIN

# balloon_boot() -> a0 = the top of the RAM the hypervisor gave us at boot
# (RAM_END when all of it). The frames from there to RAM_END start on the
# ballooned stack, lowest on top; the event upcall is enabled (the target
# comes by it). Uses a0 a1 a6 a7 t0 t1 t2 only (pvcalls.s calls it inside a
# routine that preserves those).
.globl balloon_boot
balloon_boot:
    li t0, SIE_SSIE                 # the target comes as the event upcall: take it from now on
    csrs sie, t0
    li a0, PVLAB_MEMORY_FIGURE_PAGES
    HC_MEMORY_STAT a0
    li t0, RAM_END
    bnez a0, 8f                     # no answer: all of RAM
    slli a1, a1, PAGE_SHIFT
    li t1, RAM_BASE
    add a0, a1, t1                  # a0 = RAM_BASE + pages * 4 KiB
    bgeu a0, t0, 8f
    la t1, balloon_frames
    li t2, 0                        # frames on the stack
1:
    li a1, PAGE_SIZE
    sub t0, t0, a1                  # from the top frame down
    bltu t0, a0, 2f
    srli a1, t0, PAGE_SHIFT
    sw a1, 0(t1)
    addi t1, t1, 4
    addi t2, t2, 1
    j 1b
2:
    la t1, balloon_count
    sw t2, 0(t1)
    ret
8:
    mv a0, t0
    ret

# balloon_event(): the target may have changed (the event upcall): inflate
# or deflate, a batch at a time, until the reservation is the target, the
# allocator has no free page to give, or the hypervisor grants no more.
.globl balloon_event
balloon_event:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
1:
    li a0, PVLAB_MEMORY_FIGURE_TARGET_PAGES
    HC_MEMORY_STAT a0
    bnez a0, 9f
    mv s0, a1                       # s0 = the target
    li a0, PVLAB_MEMORY_FIGURE_PAGES
    HC_MEMORY_STAT a0
    bnez a0, 9f
    mv s1, a1                       # s1 = the frames we have
    bgtu s1, s0, 2f
    bltu s1, s0, 5f
    j 9f                            # at the target
2:  # inflate: hand back min(s1 - s0, BALLOON_BATCH) free pages
    sub s2, s1, s0
    li t0, BALLOON_BATCH
    bleu s2, t0, 3f
    mv s2, t0
3:
    li s3, 0                        # s3 = pages taken
4:
    bgeu s3, s2, 41f
    call kalloc
    beqz a0, 41f                    # no free page left
    srli a0, a0, PAGE_SHIFT
    la t0, balloon_batch
    slli t1, s3, 2
    add t0, t0, t1
    sw a0, 0(t0)
    addi s3, s3, 1
    j 4b
41:
    beqz s3, 9f                     # nothing to give
    la a0, balloon_batch
    mv a1, s3
    HC_DECREASE_RESERVATION a0, a1
    bnez a0, 43f
    la t0, balloon_batch            # handed back: onto the stack
    la t1, balloon_count
    lw t2, 0(t1)
    la a0, balloon_frames
    slli a1, t2, 2
    add a0, a0, a1
    add t2, t2, s3
    sw t2, 0(t1)
42:
    lw a1, 0(t0)
    sw a1, 0(a0)
    addi t0, t0, 4
    addi a0, a0, 4
    addi s3, s3, -1
    bnez s3, 42b
    j 1b
43:                                 # refused (a page the hypervisor sees in use): back to the allocator
    addi s3, s3, -1
    la t0, balloon_batch
    slli t1, s3, 2
    add t0, t0, t1
    lw a0, 0(t0)
    slli a0, a0, PAGE_SHIFT
    call kfree
    bnez s3, 43b
    j 9f
5:  # deflate: ask for min(s0 - s1, BALLOON_BATCH, ballooned) frames, the stack's top first
    sub s2, s0, s1
    li t0, BALLOON_BATCH
    bleu s2, t0, 6f
    mv s2, t0
6:
    la t0, balloon_count
    lw t1, 0(t0)
    bleu s2, t1, 61f
    mv s2, t1
61:
    beqz s2, 9f                     # nothing ballooned: nothing to ask for
    la t0, balloon_frames           # batch[i] = stack[count - 1 - i]
    slli t2, t1, 2
    add t0, t0, t2
    la a0, balloon_batch
    li t2, 0
62:
    addi t0, t0, -4
    lw a1, 0(t0)
    sw a1, 0(a0)
    addi a0, a0, 4
    addi t2, t2, 1
    bltu t2, s2, 62b
    la a0, balloon_batch
    mv a1, s2
    HC_INCREASE_RESERVATION a0, a1
    bnez a0, 9f
    beqz a1, 9f                     # none granted (the board's pool is empty)
    mv s3, a1                       # granted the first s3: off the stack, into the allocator
    la t0, balloon_count
    lw t1, 0(t0)
    sub t1, t1, s3
    sw t1, 0(t0)
    li s2, 0
7:
    la t0, balloon_batch
    slli t1, s2, 2
    add t0, t0, t1
    lw a0, 0(t0)
    slli a0, a0, PAGE_SHIFT
    call kfree
    addi s2, s2, 1
    bltu s2, s3, 7b
    j 1b
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    addi sp, sp, 32
    ret

# balloon_free() -> a0 = 0: print the VM's pages — its RAM, what the
# allocator has free, what is ballooned — and the host's target (the
# `free` command's system call).
.globl balloon_free
balloon_free:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    li a0, PVLAB_MEMORY_FIGURE_TARGET_PAGES
    HC_MEMORY_STAT a0
    mv s0, a1                       # s0 = the target
    la a0, balloon_free_fmt
    li a1, BALLOON_MAX
    la t0, free_pages
    lw a2, 0(t0)
    la t0, balloon_count
    lw a3, 0(t0)
    mv a4, s0
    call kprintf
    li a0, 0
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

    PVOP_END

.section .io.rodata, "a"
balloon_free_fmt:
    .asciz "pages: %u total, %u free, %u ballooned (target %u)\n"

.section .io.bss, "aw", @nobits
.balign 4
balloon_count:                      # frames on the stack
    .space 4
balloon_batch:                      # one call's frame numbers
    .space 4 * BALLOON_BATCH
balloon_frames:                     # the ballooned frames' numbers, a stack
    .space 4 * BALLOON_MAX

.endif # PARAVIRT
