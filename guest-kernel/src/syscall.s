# syscall.s — system calls: dispatch and argument checking.
#
# usertrap (trap.s) calls syscall(trap frame) for an ecall from U-mode. The
# number is in a7, the arguments in a0..a2; the result goes back in the
# frame's a0. The table below is generated from syscalls.inc, the one list
# of system calls. Anything a user passes is checked here or by the code it
# reaches (vm.s's uvm_check for pointers): a bad number, pointer, length or
# file descriptor returns -1, it never faults the kernel.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "syscalls.inc"

.text
# syscall(a0 = trap frame)
.globl syscall
syscall:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
    lw t0, TF_A7(s0)
    addi t0, t0, -1                 # numbers start at 1
    li t1, NSYSCALL - 1
    bgeu t0, t1, 1f                 # unknown (unsigned: negative too)
    la t1, syscall_table
    slli t0, t0, 2
    add t1, t1, t0
    lw t1, 0(t1)
    lw a0, TF_A0(s0)
    lw a1, TF_A1(s0)
    lw a2, TF_A2(s0)
    jalr t1
    j 2f
1:
    li a0, -1; pv_syscall_extra a0, s0, 2f, t0  # paravirtually one more call: free (drivers/balloon.s)
2:
    sw a0, TF_A0(s0)
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

.section .rodata
.balign 4
.macro SYSCALL_ENTRY name, num, nargs, part
    .word sys_\name
.endm
syscall_table:
    SYSCALLS SYSCALL_ENTRY

.text
sys_exit:
    j proc_exit
sys_fork:
    j proc_fork
sys_wait:
    j proc_wait
sys_getpid:
    la t0, curproc
    lw t0, 0(t0)
    lw a0, P_PID(t0)
    ret
sys_yield:
    addi sp, sp, -16
    sw ra, 12(sp)
    call proc_yield
    li a0, 0
    lw ra, 12(sp)
    addi sp, sp, 16
    ret
sys_sleep:
    j timer_sleep
sys_uptime:
    j timer_uptime
sys_sbrk:
    j proc_sbrk
sys_kill:
    j proc_kill
sys_ps:
    addi sp, sp, -16
    sw ra, 12(sp)
    call proc_dump
    li a0, 0
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# mark(0 | 1): the seam's benchmark marker, begin or end.
sys_mark:
    beqz a0, 1f
    li t0, 1
    bne a0, t0, 2f
    pv_bench_mark BENCH_END, t0, t1
    li a0, 0
    ret
1:
    pv_bench_mark BENCH_BEGIN, t0, t1
    ret
2:
    li a0, -1
    ret

# write(fd, buf, n) -> n: fd 1 or 2 (both the console). The bytes are copied
# to the kernel stack, WRITE_CHUNK at a time, and written a chunk at a time.
.equ WRITE_CHUNK, 256
sys_write:
    addi t0, a0, -1
    li t1, 2
    bgeu t0, t1, 9f                 # not 1 or 2
    bltz a2, 9f
    addi sp, sp, -(32 + WRITE_CHUNK)
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    mv s0, a1                       # s0 = user buffer
    mv s1, a2                       # s1 = left to write
    mv s2, a2
    mv a0, a1                       # the whole buffer first: all or nothing
    mv a1, a2
    li a2, 0
    call uvm_check
    bnez a0, 8f
1:
    beqz s1, 3f
    mv a2, s1
    li t0, WRITE_CHUNK
    bleu a2, t0, 2f
    mv a2, t0
2:
    sw a2, 12(sp)
    addi a0, sp, 32
    mv a1, s0
    call copyin
    bnez a0, 8f
    addi a0, sp, 32
    lw a1, 12(sp)
    add s0, s0, a1
    sub s1, s1, a1
    call console_write
    j 1b
3:
    mv a0, s2
    j 7f
8:
    li a0, -1
7:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32 + WRITE_CHUNK
    ret
9:
    li a0, -1
    ret

# read(fd 0, buf, n) -> bytes of one input line, 0 at the end of input.
sys_read:
    bnez a0, 9f
    bltz a2, 9f
    beqz a2, 8f
    mv a0, a1
    mv a1, a2
    j console_read
8:
    li a0, 0
    ret
9:
    li a0, -1
    ret

# exec(name, argv) -> argc in the new program's a0; -1 if the name or argv
# is unreadable, too long, or names no program. argv is a 0-terminated
# array of string pointers, argv[0] conventionally the name; argv = 0 (or
# an empty array) means one argument, the name.
.equ EXEC_FRAME, 32 + MAXARGLEN + MAXARG * MAXARGLEN
.equ EXEC_NAME, 32                  # the name's copy
.equ EXEC_ARGS, 32 + MAXARGLEN      # the arguments' copies
sys_exec:
    addi sp, sp, -EXEC_FRAME
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    mv s1, a1                       # s1 = user argv
    mv a1, a0
    addi a0, sp, EXEC_NAME
    li a2, MAXARGLEN
    call copyinstr
    bltz a0, 8f
    li s0, 0                        # s0 = argc
    beqz s1, 3f
1:
    addi a0, sp, 8                  # the next pointer
    mv a1, s1
    li a2, 4
    call copyin
    bnez a0, 8f
    lw a1, 8(sp)
    beqz a1, 3f
    li t0, MAXARG
    bgeu s0, t0, 8f                 # too many
    li t0, MAXARGLEN
    mul t0, t0, s0
    addi a0, sp, EXEC_ARGS
    add a0, a0, t0
    li a2, MAXARGLEN
    call copyinstr
    bltz a0, 8f
    addi s0, s0, 1
    addi s1, s1, 4
    j 1b
3:
    bnez s0, 4f                     # no arguments: the name alone
    addi a0, sp, EXEC_ARGS
    addi a1, sp, EXEC_NAME
    li a2, MAXARGLEN
    call kstrncpy0
    li s0, 1
4:
    addi a0, sp, EXEC_NAME
    call find_program
    beqz a0, 8f
    mv a1, a0
    la t0, curproc
    lw a0, 0(t0)
    mv a2, s0
    addi a3, sp, EXEC_ARGS
    call exec_image
    bnez a0, 8f
    mv a0, s0                       # lands in the new program's a0
    j 9f
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    addi sp, sp, EXEC_FRAME
    ret
