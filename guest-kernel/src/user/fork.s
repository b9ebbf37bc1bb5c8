# user/fork.s — fork [N]: N times: fork, the child exits at once with 42,
# the parent waits for it and checks the status. Each round copies the
# whole address space and builds and frees a page table.

.section .user.text, "ax"
.globl fork_main
fork_main:
    li a2, 100
    call arg_count
    mv s0, a0
    li a0, 0
    call mark
    mv s1, s0
1:
    call fork
    bltz a0, 4f
    bnez a0, 2f
    li a0, 42                       # the child
    call exit
2:
    mv s2, a0
    la a0, status
    call wait
    bne a0, s2, 5f
    la t0, status
    lw t0, 0(t0)
    li t1, 42
    bne t0, t1, 5f
    addi s1, s1, -1
    bnez s1, 1b
    li a0, 1
    call mark
    la a0, done
    mv a1, s0
    call printf
    li a0, 0
    call exit
4:
    la a0, name
    la a1, what
    call fail
5:
    la a0, name
    la a1, what2
    call fail

done:  .asciz "fork: %d forks ok\n"
name:  .asciz "fork"
what:  .asciz "fork"
what2: .asciz "wait"
.balign 4
.section .user.data, "aw"
.balign 4
status: .space 4
