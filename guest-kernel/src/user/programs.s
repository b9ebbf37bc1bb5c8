# user/programs.s — the kernel's table of built-in programs (for exec),
# generated from programs.inc:
#   .word name string, entry point, 1 if it needs the I/O part of the image
# The entry points are addresses in the kernel image; exec_image (exec.s)
# turns them into user addresses relative to USER_BASE.

.include "programs.inc"

.section .rodata
.balign 4
.macro PROGRAM_ROW label, what, part, name
    .ifb \part
    .word 9050f, \label\()_main, 0
    .else
    .word 9050f, \label\()_main, 1
    .endif
    .pushsection .rodata.strings, "a"
9050:
    .ifb \name
    .asciz "\label"
    .else
    .asciz "\name"
    .endif
    .popsection
.endm
.globl programs
programs:
    PROGRAMS PROGRAM_ROW
    .word 0, 0, 0
