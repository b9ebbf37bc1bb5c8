# user/ulib.s — the user library: system call stubs, strings, printf.
#
# Everything in .user.text / .user.data is copied into each process at
# USER_BASE (exec_image, proc.s), so user code must be position-independent:
# la, call and branches are pc-relative; no absolute addresses in data.

.include "syscalls.inc"
.include "string.inc"
.include "format.inc"

.section .user.text, "ax"

# One stub per system call, generated from syscalls.inc:
#   NAME: li a7, SYS_NAME; ecall; ret
.macro SYSCALL_STUB name, num, nargs, part
    .ifnb \part
    .pushsection .user.io.text, "ax"    # for the image's second part only
    .endif
.globl \name
\name:
    li a7, SYS_\name
    ecall
    ret
    .ifnb \part
    .popsection
    .endif
.endm
SYSCALLS SYSCALL_STUB

STRING_FUNCTIONS
FORMAT_FUNCTION uformat

# printf(a0 = format, a1..a5): format.inc's conversions, one write().
.globl printf
printf:
    addi sp, sp, -(32 + FORMAT_MAX)
    sw ra, 28(sp)
    sw a1, 4(sp)
    sw a2, 8(sp)
    sw a3, 12(sp)
    sw a4, 16(sp)
    sw a5, 20(sp)
    mv a1, a0
    addi a0, sp, 32
    addi a2, sp, 4
    call uformat
    mv a2, a0
    addi a1, sp, 32
    li a0, 1
    call write
    lw ra, 28(sp)
    addi sp, sp, 32 + FORMAT_MAX
    ret

# atoi(a0 = string) -> a0 = its decimal value, or -1 if it is not a number.
.globl atoi
atoi:
    li t0, 0
    lbu t1, 0(a0)
    beqz t1, 3f
1:
    lbu t1, 0(a0)
    beqz t1, 2f
    addi t1, t1, -'0'
    li t2, 10
    bgeu t1, t2, 3f
    mul t0, t0, t2
    add t0, t0, t1
    addi a0, a0, 1
    j 1b
2:
    mv a0, t0
    ret
3:
    li a0, -1
    ret

# arg_count(a0 = argc, a1 = argv, a2 = default) -> a0 = the count in
# argv[1], or the default; exits with a message if argv[1] is not a number.
.globl arg_count
arg_count:
    li t0, 2
    blt a0, t0, 1f
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a1, 8(sp)
    lw a0, 4(a1)
    call atoi
    bgtz a0, 2f
    lw a1, 8(sp)
    lw a2, 4(a1)
    lw a1, 0(a1)
    la a0, bad_count
    call printf
    li a0, 2
    call exit
2:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret
1:
    mv a0, a2
    ret

# fail(a0 = program name, a1 = what failed): print "NAME: WHAT failed", exit 1.
.globl fail
fail:
    mv a2, a1
    mv a1, a0
    la a0, fail_fmt
    call printf
    li a0, 1
    call exit

bad_count:
    .asciz "%s: '%s' is not a positive count\n"
fail_fmt:
    .asciz "%s: %s failed\n"
.balign 4
