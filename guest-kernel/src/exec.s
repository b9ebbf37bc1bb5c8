# exec.s — starting programs: the first process, and exec of a built-in
# program into a process (a fresh address space from the user image).
#
# Every built-in program lives in one user image (link.ld: .user, from
# user_image_start to user_image_end), code first, then data, each part
# page-aligned. exec_image copies the whole image into fresh pages at
# USER_BASE, so a program's entry is USER_BASE + (its label - image start);
# the kernel's table of programs (user/programs.s, from programs.inc) gives
# the labels.
#
# The disk and network programs live in a second part (link.ld: .user_io,
# user_io_start to user_io_end, linked with the kernel's I/O code after
# its core), which exec maps only for them, at the same distance from the
# first part as in the kernel image, so that their calls into the user
# library stay right; the pages between are not mapped. The other programs'
# address spaces (and what fork copies for them) are what they were.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
# userinit(): process 1 runs the program "init".
.globl userinit
userinit:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    call allocproc
    beqz a0, 1f
    mv s0, a0
    la t0, initproc
    sw s0, 0(t0)
    la a0, init_name                # one argument: the name
    call find_program
    beqz a0, 1f
    mv a1, a0
    mv a0, s0
    li a2, 1
    la a3, init_args
    call exec_image
    bnez a0, 1f
    la a0, started_fmt
    lw a1, P_PID(s0)
    addi a2, s0, P_NAME
    call kprintf
    li t0, PROC_RUNNABLE
    sw t0, P_STATE(s0)
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret
1:
    la a0, userinit_panic
    j panic

# find_program(a0 = name) -> a0 = its row in the programs table (user/
# programs.s: .word name, entry, 1 if it needs the I/O part), or 0.
.globl find_program
find_program:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s1, a0
    la s0, programs
1:
    lw a0, 0(s0)
    beqz a0, 2f
    mv a1, s1
    call kstrcmp
    beqz a0, 3f
    addi s0, s0, 12
    j 1b
2:
    li s0, 0
3:
    mv a0, s0
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# exec_image(a0 = process, a1 = program row, a2 = argc, a3 = args: argc
# strings of MAXARGLEN bytes in kernel memory) -> a0 = 0, or -1 (out of
# memory; the process is unchanged then).
#
# Builds a new address space: the user image (every built-in program; text
# read/execute, data read/write) at USER_BASE, one stack page holding the
# arguments, and no heap yet. The new user stack:
#
#   USER_STACK_TOP -> +-----------------+
#                     | argument bytes  |
#                     +-----------------+ (16-byte aligned)
#                     | argv[0..argc-1] |
#            sp ->    | argv[argc] = 0  |  a0 = argc, a1 = argv = sp
.globl exec_image
exec_image:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    sw s3, 28(sp)
    sw s4, 24(sp)
    sw s5, 20(sp)
    sw s6, 16(sp)
    sw s7, 12(sp)
    mv s0, a0
    mv s1, a1
    mv s2, a2
    mv s3, a3
    call uvm_create
    beqz a0, 9f
    mv s4, a0                       # s4 = the new root
    la s5, user_image_start         # copy the image, page by page
    li s6, USER_BASE
1:
    la t0, user_image_end
    bgeu s5, t0, 3f
    call kalloc
    beqz a0, 8f
    mv s7, a0
    mv a1, s5
    li a2, PAGE_SIZE
    call kmemcpy
    li a4, PTE_URX                  # text, or data?
    la t0, user_data_start
    bltu s5, t0, 2f
    li a4, PTE_URW
2:
    mv a0, s4
    mv a1, s6
    mv a2, s7
    li a3, 1
    call mappages
    bnez a0, 7f
    li t0, PAGE_SIZE
    add s5, s5, t0
    add s6, s6, t0
    j 1b
3:
    lw t0, 8(s1)                    # an I/O program: its part of the image too
    beqz t0, 13f
    mv a0, s4
    call exec_map_io
    bnez a0, 8f
13:
    call kalloc                     # the stack page
    beqz a0, 8f
    mv s7, a0
    mv a0, s4
    li a1, USER_STACK_TOP - PAGE_SIZE
    mv a2, s7
    li a3, 1
    li a4, PTE_URW
    call mappages
    bnez a0, 7f
    pv_pte_commit
    # The arguments, written through the kernel's identity map of the stack
    # page: user address = USER_STACK_TOP - (page end - kernel address).
    li t0, PAGE_SIZE
    add s5, s7, t0                  # s5 = kernel address of the stack top
    li s6, 0                        # s6 = argument index
    addi sp, sp, -32                # argv[] user addresses, MAXARG words
4:
    bgeu s6, s2, 5f
    li t0, MAXARGLEN
    mul t0, t0, s6
    add a0, s3, t0
    call kstrlen
    addi a2, a0, 1
    sub s5, s5, a2
    mv a0, s5
    li t0, MAXARGLEN
    mul t0, t0, s6
    add a1, s3, t0
    call kmemcpy
    sub t0, s5, s7                  # the user address of the copy
    li t1, USER_STACK_TOP - PAGE_SIZE
    add t0, t0, t1
    slli t1, s6, 2
    add t1, sp, t1
    sw t0, 0(t1)
    addi s6, s6, 1
    j 4b
5:
    andi s5, s5, -16
    addi t0, s2, 1
    slli t0, t0, 2
    sub s5, s5, t0                  # room for argv[0..argc]
    li t2, 0
6:
    slli t0, t2, 2
    add t1, s5, t0
    add t0, sp, t0
    lw t3, 0(t0)
    sw t3, 0(t1)
    addi t2, t2, 1
    bltu t2, s2, 6b
    slli t0, s2, 2
    add t1, s5, t0
    sw zero, 0(t1)
    addi sp, sp, 32
    # Commit: the process now runs the new program.
    addi a0, s0, P_TF+TF_RA         # clear the user registers (not TF_KSP)
    li a1, 0
    li a2, TF_SIZE - TF_RA
    call kmemset
    lw t0, 4(s1)                    # entry: its offset in the image + USER_BASE
    la t1, user_image_start
    sub t0, t0, t1
    li t1, USER_BASE
    add t0, t0, t1
    sw t0, P_TF+TF_EPC(s0)
    sub t0, s5, s7                  # sp = argv
    li t1, USER_STACK_TOP - PAGE_SIZE
    add t0, t0, t1
    sw t0, P_TF+TF_SP(s0)
    sw t0, P_TF+TF_A1(s0)
    sw s2, P_TF+TF_A0(s0)
    la t0, user_image_end           # the heap starts after the image
    lw t1, 8(s1)
    beqz t1, 14f
    la t0, user_io_end              # (its I/O part, for an I/O program)
14:
    la t1, user_image_start
    sub t0, t0, t1
    li t1, USER_BASE
    add t0, t0, t1
    sw t0, P_HEAP(s0)
    sw t0, P_BRK(s0)
    addi a0, s0, P_NAME
    lw a1, 0(s1)
    li a2, PNAME_LEN
    call kstrncpy0
    lw s6, P_ROOT(s0)               # s6 = the old root, freed below
    sw s4, P_ROOT(s0)
    srli t0, s4, PAGE_SHIFT
    li t1, SATP_MODE_SV32
    or t0, t0, t1
    sw t0, P_SATP(s0)
    la t1, curproc                  # running it? switch to the new space now
    lw t1, 0(t1)
    bne t1, s0, 10f
    mv a0, t0
    call switch_as
10:
    beqz s6, 11f
    mv a0, s6
    call uvm_free
11:
    li a0, 0
    j 12f
7:
    mv a0, s7                       # a page that could not be mapped
    call kfree
8:
    pv_pte_commit
    mv a0, s4
    call uvm_free
9:
    li a0, -1
12:
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    lw s3, 28(sp)
    lw s4, 24(sp)
    lw s5, 20(sp)
    lw s6, 16(sp)
    lw s7, 12(sp)
    addi sp, sp, 48
    ret

# exec_map_io(a0 = root) -> a0 = 0, or -1 (out of memory; what was mapped
# is the caller's to free with the rest): copy the I/O part of the user
# image into fresh pages at USER_BASE + (its place - user_image_start).
.section .io.text, "ax"
exec_map_io:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    mv s0, a0                       # s0 = the root
    la s1, user_io_start            # s1 = the next page to copy
1:
    la t0, user_io_end
    bgeu s1, t0, 3f
    call kalloc
    beqz a0, 8f
    mv s2, a0
    mv a1, s1
    li a2, PAGE_SIZE
    call kmemcpy
    li a4, PTE_URX                  # code, or data?
    la t0, user_io_data_start
    bltu s1, t0, 2f
    li a4, PTE_URW
2:
    mv a0, s0
    la t0, user_image_start
    sub a1, s1, t0
    li t0, USER_BASE
    add a1, a1, t0
    mv a2, s2
    li a3, 1
    call mappages
    bnez a0, 7f
    li t0, PAGE_SIZE
    add s1, s1, t0
    j 1b
3:
    li a0, 0
    j 9f
7:
    mv a0, s2                       # a page that could not be mapped
    call kfree
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

.section .rodata
init_name:
init_args:                          # exec_image's argument buffer: "init"
    .asciz "init"
    .space MAXARGLEN - 5
started_fmt:
    .asciz "starting pid %d (%s)\n"
userinit_panic:
    .asciz "userinit: cannot start init"
