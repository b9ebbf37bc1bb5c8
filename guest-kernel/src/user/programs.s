# user/programs.s — the kernel's table of built-in programs (for exec),
# generated from programs.inc:  .word name string, entry point
# The entry points are addresses in the kernel image; exec_image (proc.s)
# turns them into user addresses relative to USER_BASE.

.include "programs.inc"

.section .rodata
.balign 4
.macro PROGRAM_ROW name, what
    .word 9050f, \name\()_main
    .pushsection .rodata.strings, "a"
9050:
    .asciz "\name"
    .popsection
.endm
.globl programs
programs:
    PROGRAMS PROGRAM_ROW
    .word 0, 0
