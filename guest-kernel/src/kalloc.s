# kalloc.s — the physical page allocator.
#
# Every 4 KiB page from the end of the kernel image (kernel_end, see link.ld)
# to RAM_END is free at boot. Free pages form a singly linked list threaded
# through their first word:
#
#   free_list -> [page | next] -> [page | next] -> ... -> 0
#
# kalloc hands out the lowest page first and zeroes it; kfree puts a page
# back. The kernel has one hart and runs with interrupts off, so no locks.

.include "memmap.inc"
.include "layout.inc"; .include "pvops.inc"

.text
# kalloc_init(): free every page in [kernel_end, RAM_END), highest first, so
# that the list starts at the lowest address.
.globl kalloc_init
kalloc_init:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    la s0, kernel_end
    li s1, RAM_END; pv_mem_top s1   # paravirtually: the RAM given at boot may end lower (drivers/balloon.s)
1:
    li t0, PAGE_SIZE
    sub s1, s1, t0
    bltu s1, s0, 2f
    mv a0, s1
    call kfree
    j 1b
2:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# kfree(a0 = page): give a page back. A page outside the allocator's range
# or not page-aligned is a kernel bug.
.globl kfree
kfree:
    slli t0, a0, 32 - PAGE_SHIFT       # the offset bits must be zero
    bnez t0, 1f
    la t0, kernel_end
    bltu a0, t0, 1f
    li t0, RAM_END
    bgeu a0, t0, 1f
    la t0, free_list
    lw t1, 0(t0)
    sw t1, 0(a0)
    sw a0, 0(t0)
    la t0, free_pages
    lw t1, 0(t0)
    addi t1, t1, 1
    sw t1, 0(t0)
    ret
1:
    mv a1, a0
    la a0, kfree_panic
    j panic

# kalloc() -> a0 = a zeroed page, or 0 when memory is exhausted.
.globl kalloc
kalloc:
    la t0, free_list
    lw a0, 0(t0)
    beqz a0, 1f
    lw t1, 0(a0)
    sw t1, 0(t0)
    la t0, free_pages
    lw t1, 0(t0)
    addi t1, t1, -1
    sw t1, 0(t0)
    li a1, 0
    li a2, PAGE_SIZE
    j kmemset                       # returns a0 = the page
1:
    ret

.section .rodata
kfree_panic:
    .asciz "kfree: bad page 0x%x"

.data
.balign 4
free_list:
    .word 0
.globl free_pages
free_pages:
    .word 0
