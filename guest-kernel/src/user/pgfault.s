# user/pgfault.s — pgfault [N]: grow the heap by N pages (sbrk only moves
# the break) and touch each page once: N page faults, each giving a fresh
# zeroed page. Then check the pages and give them back.

.include "riscv.inc"

.section .user.text, "ax"
.globl pgfault_main
pgfault_main:
    li a2, 100
    call arg_count
    mv s0, a0                       # s0 = N
    addi a0, s0, 1                  # N pages, and one more for rounding up
    slli a0, a0, PAGE_SHIFT
    call sbrk
    li t0, -1
    beq a0, t0, 5f
    li t0, PAGE_SIZE - 1            # s1 = first whole page of the new heap
    add s1, a0, t0
    srli s1, s1, PAGE_SHIFT
    slli s1, s1, PAGE_SHIFT
    li a0, 0
    call mark
    mv t1, s1
    li t2, 0
1:                                  # touch: one store per page
    sw t2, 0(t1)
    li t0, PAGE_SIZE
    add t1, t1, t0
    addi t2, t2, 1
    blt t2, s0, 1b
    li a0, 1
    call mark
    mv t1, s1                       # check: page i holds i, the rest zero
    li t2, 0
2:
    lw t0, 0(t1)
    bne t0, t2, 6f
    lw t0, 4(t1)
    bnez t0, 6f
    li t0, PAGE_SIZE
    add t1, t1, t0
    addi t2, t2, 1
    blt t2, s0, 2b
    addi a0, s0, 1                  # give them back
    slli a0, a0, PAGE_SHIFT
    neg a0, a0
    call sbrk
    la a0, done
    mv a1, s0
    call printf
    li a0, 0
    call exit
5:
    la a0, name
    la a1, what
    call fail
6:
    la a0, name
    la a1, what2
    call fail

done:  .asciz "pgfault: %d pages touched ok\n"
name:  .asciz "pgfault"
what:  .asciz "sbrk"
what2: .asciz "page check"
.balign 4
