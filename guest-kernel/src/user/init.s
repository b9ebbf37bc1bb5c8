# user/init.s — process 1: start the shell, collect orphans, and when the
# shell exits, exit with its status (the kernel then shuts the machine down).

.section .user.text, "ax"
.globl init_main
init_main:
    la a0, starting
    call printf
    call fork
    bltz a0, 3f
    bnez a0, 1f
    la a0, sh_name                  # the child: become the shell
    li a1, 0
    call exec
    li a0, 1
    call exit
1:
    mv s0, a0                       # s0 = the shell's pid
2:
    addi a0, sp, -16
    addi sp, sp, -16
    call wait
    lw a1, 0(sp)
    addi sp, sp, 16
    bne a0, s0, 2b                  # an orphan: keep waiting
    mv a0, a1
    call exit
3:
    la a0, init_s
    la a1, fork_s
    call fail

starting:
    .asciz "init: starting sh\n"
sh_name:
    .asciz "sh"
init_s:
    .asciz "init"
fork_s:
    .asciz "fork"
.balign 4
