# user/attack.s — attack: a program that attacks the kernel through its
# system calls. Every bad argument must come back as -1 (or a clean
# refusal) and the kernel must go on; at the end it stores into kernel
# memory and is killed for it.

.include "memmap.inc"
.include "syscalls.inc"

.equ UNMAPPED, 0x40000000

.section .user.text, "ax"

# REPORT "what": print "attack: what -> a0" (a0 = the last call's result)
.macro REPORT what
    mv a1, a0
    la a0, 9060f
    call report
    .pushsection .user.text.strings, "a"
9060:
    .asciz "\what"
    .popsection
.endm

.globl attack_main
attack_main:
    li a0, 1
    li a1, KERNEL_BASE
    li a2, 16
    call write
    REPORT "write from kernel memory"
    li a0, 1
    li a1, UNMAPPED
    li a2, 16
    call write
    REPORT "write from an unmapped page"
    li a0, 1
    li a1, USER_TOP - 8
    li a2, 64
    call write
    REPORT "write across the end of user space"
    li a0, 1
    li a1, 0x10000
    li a2, -1
    call write
    REPORT "write wrapping around"
    li a0, 7
    la a1, ok
    li a2, 2
    call write
    REPORT "write to fd 7"
    li a0, 0
    li a1, KERNEL_BASE
    li a2, 16
    call read
    REPORT "read into kernel memory"
    li a0, 0
    la a1, attack_main
    li a2, 16
    call read
    REPORT "read into our code"
    li a0, 3
    la a1, buf
    li a2, 16
    call read
    REPORT "read from fd 3"
    li a0, KERNEL_BASE
    li a1, 0
    call exec
    REPORT "exec a kernel pointer"
    la a0, nosuch
    li a1, 0
    call exec
    REPORT "exec no such program"
    la a0, nullname
    li a1, KERNEL_BASE
    call exec
    REPORT "exec argv in the kernel"
    call exec_long
    REPORT "exec an unterminated name"
    la a0, nullname
    la a1, manyargs
    call exec_many
    REPORT "exec too many arguments"
    li a0, 0
    call wait
    REPORT "wait with no children"
    call wait_kernel
    REPORT "wait into kernel memory"
    li a7, 99
    ecall
    REPORT "system call 99"
    li a7, -1
    ecall
    REPORT "system call -1"
    li a7, 0
    ecall
    REPORT "system call 0"
    li a0, 0x7fffffff
    call sbrk
    REPORT "sbrk past the heap limit"
    li a0, -USER_HEAP_LIMIT         # more than any heap holds
    call sbrk
    REPORT "sbrk below the heap"
    li a0, -1
    call sleep
    REPORT "sleep -1 ticks"
    li a0, 1
    call kill
    REPORT "kill init"
    li a0, 9999
    call kill
    REPORT "kill pid 9999"
    li a0, 7
    call mark
    REPORT "mark 7"
    call fork_all
    REPORT "forks until the table is full"
    la a0, last_words
    call printf
    li t0, KERNEL_BASE              # and now, an attack the kernel can only kill
    sw zero, 0(t0)
    la a0, survived
    call printf
    li a0, 1
    call exit

# report(a0 = what, a1 = result)
report:
    mv a2, a1
    mv a1, a0
    la a0, report_fmt
    j printf

# exec with a name that runs off the end of user memory: the last bytes of
# the stack page, no NUL before the unmapped top.
exec_long:
    addi sp, sp, -16
    sw ra, 12(sp)
    li t0, USER_TOP - 4
    li t1, 0x41414141               # "AAAA", no terminator
    sw t1, 0(t0)
    mv a0, t0
    li a1, 0
    call exec
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# exec with more than MAXARG arguments
exec_many:
    addi sp, sp, -64
    sw ra, 60(sp)
    mv t0, sp
    li t1, 12
1:
    sw a0, 0(t0)
    addi t0, t0, 4
    addi t1, t1, -1
    bnez t1, 1b
    sw zero, 0(t0)
    mv a1, sp
    call exec
    lw ra, 60(sp)
    addi sp, sp, 64
    ret

# wait(kernel address) with a zombie child: refused, the child stays
wait_kernel:
    addi sp, sp, -16
    sw ra, 12(sp)
    call fork
    bnez a0, 1f
    li a0, 0
    call exit
1:
    li a0, 1                        # let the child exit first
    call sleep
    li a0, KERNEL_BASE
    call wait
    sw a0, 0(sp)
    li a0, 0                        # then collect it properly
    call wait
    lw a0, 0(sp)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# fork until fork fails; the children exit and stay zombies until we
# collect them: the result is how many forks succeeded (then -1).
fork_all:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    li s0, 0
1:
    call fork
    bltz a0, 2f
    bnez a0, 3f
    li a0, 0
    call exit
3:
    addi s0, s0, 1
    j 1b
2:
    li a0, 0                        # collect them
    call wait
    bgez a0, 2b
    mv a0, s0
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

report_fmt: .asciz "attack: %s -> %d\n"
last_words: .asciz "attack: store into kernel memory\n"
survived:   .asciz "attack: survived?!\n"
nosuch:     .asciz "nosuch"
nullname:   .asciz "null"
ok:         .asciz "ok"
.balign 4
.section .user.data, "aw"
.balign 4
buf: .space 16
manyargs: .space 4
