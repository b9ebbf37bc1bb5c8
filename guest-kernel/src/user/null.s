# user/null.s — null [N]: the cheapest system call, N times: the cost of a
# round trip into the kernel and back (ecall, trap entry, dispatch, sret).

.include "syscalls.inc"

.section .user.text, "ax"
.globl null_main
null_main:
    li a2, 1000
    call arg_count
    mv s0, a0                       # s0 = N
    call getpid
    mv s2, a0                       # s2 = our pid: every call must say so
    li a0, 0
    call mark                       # begin
    mv s1, s0
1:
    li a7, SYS_getpid               # inline, so the loop is just the call
    ecall
    bne a0, s2, 2f
    addi s1, s1, -1
    bnez s1, 1b
    li a0, 1
    call mark                       # end
    la a0, done
    mv a1, s0
    call printf
    li a0, 0
    call exit
2:
    la a0, name
    la a1, what
    call fail

done: .asciz "null: %d getpid calls ok\n"
name: .asciz "null"
what: .asciz "getpid"
.balign 4
