# user/fault.s — fault KIND: do one thing a user program must not, and be
# killed for it. The kernel prints why, with the pc (and the address, for
# memory faults), and the shell goes on.
#
#   illegal  an all-zero instruction word      -> illegal instruction
#   csr      read sstatus from U-mode          -> illegal instruction
#   load     read kernel memory (0x80200000)   -> load page fault
#   store    write kernel memory               -> store page fault
#   null     read address 0                    -> load page fault
#   exec     jump into the kernel              -> instruction page fault
#   text     write our own (read-only) code    -> store page fault
#   heap     write above the program break     -> store page fault
#   stack    recurse past the stack page       -> store page fault
#   misalign an atomic at an odd address       -> store address misaligned
#   break    ebreak                            -> breakpoint

.include "memmap.inc"
.include "riscv.inc"

.section .user.text, "ax"
.globl fault_main
fault_main:
    li t0, 2
    blt a0, t0, usage
    lw s0, 4(a1)                    # s0 = KIND
    la s1, kinds
1:
    lw t0, 0(s1)                    # a table of (name offset, code offset)
    beqz t0, usage
    la t1, kinds
    add a1, t1, t0
    mv a0, s0
    call strcmp
    beqz a0, 2f
    addi s1, s1, 8
    j 1b
2:
    lw t0, 4(s1)
    la t1, kinds
    add t0, t1, t0
    jr t0
usage:
    la a0, usage_text
    call printf
    li a0, 2
    call exit

f_illegal:
    .word 0
f_csr:
    csrr a0, sstatus                # the one privileged instruction in user code
    j survived
f_load:
    li t0, KERNEL_BASE
    lw a0, 0(t0)
    j survived
f_store:
    li t0, KERNEL_BASE
    sw zero, 0(t0)
    j survived
f_null:
    lw a0, 0(zero)
    j survived
f_exec:
    li t0, KERNEL_BASE
    jr t0
f_text:
    la t0, fault_main
    sw zero, 0(t0)
    j survived
f_heap:
    li a0, 0
    call sbrk                       # the break
    li t0, 2 * PAGE_SIZE
    add t0, a0, t0
    sw zero, 0(t0)
    j survived
f_stack:
    addi sp, sp, -256
    sw ra, 0(sp)
    call f_stack
f_misalign:
    la t0, scratch
    addi t0, t0, 1
    amoswap.w a0, zero, (t0)
    j survived
f_break:
    ebreak
    j survived
survived:
    la a0, survived_text
    call printf
    li a0, 1
    call exit

# (name, code) as offsets from `kinds`: user code must not hold absolute addresses
.balign 4
kinds:
    .word n_illegal - kinds, f_illegal - kinds
    .word n_csr - kinds, f_csr - kinds
    .word n_load - kinds, f_load - kinds
    .word n_store - kinds, f_store - kinds
    .word n_null - kinds, f_null - kinds
    .word n_exec - kinds, f_exec - kinds
    .word n_text - kinds, f_text - kinds
    .word n_heap - kinds, f_heap - kinds
    .word n_stack - kinds, f_stack - kinds
    .word n_misalign - kinds, f_misalign - kinds
    .word n_break - kinds, f_break - kinds
    .word 0, 0
n_illegal:  .asciz "illegal"
n_csr:      .asciz "csr"
n_load:     .asciz "load"
n_store:    .asciz "store"
n_null:     .asciz "null"
n_exec:     .asciz "exec"
n_text:     .asciz "text"
n_heap:     .asciz "heap"
n_stack:    .asciz "stack"
n_misalign: .asciz "misalign"
n_break:    .asciz "break"
usage_text: .asciz "usage: fault illegal|csr|load|store|null|exec|text|heap|stack|misalign|break\n"
survived_text: .asciz "fault: survived?!\n"
.balign 4
.section .user.data, "aw"
.balign 4
scratch: .space 8
