# user/ctxsw.s — ctxsw [N]: two processes yield to each other N times each,
# so about 2N context switches (scheduler round robin; preemption may add
# some, which the output does not depend on).

.include "syscalls.inc"

.section .user.text, "ax"
.globl ctxsw_main
ctxsw_main:
    li a2, 1000
    call arg_count
    mv s0, a0
    call fork
    bltz a0, 4f
    bnez a0, 2f
    mv s1, s0                       # the child: N yields, exit
1:
    call yield
    addi s1, s1, -1
    bnez s1, 1b
    li a0, 0
    call exit
2:
    mv s2, a0                       # the parent
    li a0, 0
    call mark
    mv s1, s0
3:
    li a7, SYS_yield
    ecall
    addi s1, s1, -1
    bnez s1, 3b
    li a0, 1                        # end: right after our last yield
    call mark
    li a0, 0
    call wait
    la a0, done
    mv a1, s0
    call printf
    li a0, 0
    call exit
4:
    la a0, name
    la a1, what
    call fail

done: .asciz "ctxsw: %d yields in each of 2 processes ok\n"
name: .asciz "ctxsw"
what: .asciz "fork"
.balign 4
