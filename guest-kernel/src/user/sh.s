# user/sh.s — the shell: read a line, split it into words, run the command.
#
#   help | ps | echo WORDS | uptime | halt [CODE] | run NAME [ARGS] | NAME [ARGS]
#
# `run` forks; the child execs the program, the shell waits and reports a
# non-zero exit status. A word that is no built-in command runs the program
# of that name the same way. At the end of input the shell exits with
# status 0.

.include "programs.inc"

.equ LINE_MAX, 128
.equ MAXWORDS, 8

.section .user.io.text, "ax"          # the image's second part (exec.s)
.globl sh_main
sh_main:
1:
    la a0, prompt
    call printf
    la a0, line
    li a1, 0
    li a2, LINE_MAX
    call memset
    li a0, 0
    la a1, line
    li a2, LINE_MAX - 1
    call read
    blez a0, 9f                     # end of input
    call split                      # a0 = number of words
    beqz a0, 1b
    mv s0, a0                       # s0 = argc, words[] = argv
    la s1, words
    lw a0, 0(s1)
    la a1, cmd_help
    call strcmp
    beqz a0, do_help
    lw a0, 0(s1)
    la a1, cmd_ps
    call strcmp
    beqz a0, do_ps
    lw a0, 0(s1)
    la a1, cmd_echo
    call strcmp
    beqz a0, do_echo
    lw a0, 0(s1)
    la a1, cmd_uptime
    call strcmp
    beqz a0, do_uptime
    lw a0, 0(s1)
    la a1, cmd_halt
    call strcmp
    beqz a0, do_halt
    lw a0, 0(s1)
    la a1, cmd_run
    call strcmp
    beqz a0, do_run
    li s2, 0                        # a program by that name, or unknown
    la s3, unknown
    j spawn
9:
    li a0, 0
    call exit

do_help:
    la a0, help_text                # longer than printf's buffer: write it
    call strlen
    mv a2, a0
    la a1, help_text
    li a0, 1
    call write
    j 1b
do_ps:
    call ps
    j 1b
do_uptime:
    call uptime
    mv a1, a0
    la a0, uptime_fmt
    call printf
    j 1b
do_echo:
    li s2, 1
2:
    bge s2, s0, 3f
    slli t0, s2, 2
    add t0, s1, t0
    lw a1, 0(t0)
    la a0, word_fmt                 # "%s" then a space or the newline
    addi t1, s2, 1
    la a2, space
    blt t1, s0, 4f
    la a2, newline
4:
    call printf
    addi s2, s2, 1
    j 2b
3:
    li t0, 1
    bne s0, t0, 1b
    la a0, newline                  # echo alone: an empty line
    call printf
    j 1b
do_halt:
    li a0, 0
    li t0, 2
    blt s0, t0, 5f
    lw a0, 4(s1)
    call atoi
    bgez a0, 5f
    la a0, halt_usage
    call printf
    j 1b
5:
    call exit
do_run:
    li t0, 2
    bge s0, t0, 6f
    la a0, run_usage
    call printf
    j 1b
6:
    li s2, 4                        # the program is words[1]
    la s3, no_program
spawn:                              # run the program named at words + s2 (s3: what to say if none)
    slli t0, s0, 2                  # words[argc] = 0 ends argv
    add t0, s1, t0
    sw zero, 0(t0)
    add s1, s1, s2                  # s1 = its argv
    call fork
    bltz a0, 8f
    bnez a0, 7f
    lw a0, 0(s1)                    # the child: exec(name, argv)
    mv a1, s1
    call exec
    lw a1, 0(s1)
    mv a0, s3
    call printf
    li a0, 127
    call exit
7:
    mv s2, a0                       # the shell waits for it
    la a0, status
    call wait
    bne a0, s2, 7b
    la t0, status
    lw a2, 0(t0)
    beqz a2, 1b
    li t0, 127
    beq a2, t0, 1b                  # no such program: already said
    lw a1, 0(s1)
    la a0, exit_fmt
    call printf
    j 1b
8:
    la a0, fork_failed
    call printf
    j 1b

# split(): cut `line` at blanks and newlines into words[] -> a0 = how many
split:
    la t0, line
    la t1, words
    li t2, 0                        # t2 = words found
1:
    lbu t3, 0(t0)                   # skip blanks
    beqz t3, 4f
    li t4, ' '
    bgtu t3, t4, 2f
    addi t0, t0, 1
    j 1b
2:
    li t4, MAXWORDS
    bgeu t2, t4, 4f
    slli t4, t2, 2
    add t4, t1, t4
    sw t0, 0(t4)
    addi t2, t2, 1
3:
    lbu t3, 0(t0)                   # to the end of the word
    beqz t3, 4f
    li t4, ' '
    bleu t3, t4, 5f
    addi t0, t0, 1
    j 3b
5:
    sb zero, 0(t0)
    addi t0, t0, 1
    j 1b
4:
    mv a0, t2
    ret

prompt:     .asciz "$ "
cmd_help:   .asciz "help"
cmd_ps:     .asciz "ps"
cmd_echo:   .asciz "echo"
cmd_uptime: .asciz "uptime"
cmd_halt:   .asciz "halt"
cmd_run:    .asciz "run"
unknown:    .asciz "sh: unknown command '%s' (try help)\n"
uptime_fmt: .asciz "uptime: %d ticks\n"
word_fmt:   .asciz "%s%s"
space:      .asciz " "
newline:    .asciz "\n"
halt_usage: .asciz "usage: halt [CODE]\n"
run_usage:  .asciz "usage: run NAME [ARGS]\n"
no_program: .asciz "sh: no program '%s' (try help)\n"
exit_fmt:   .asciz "sh: %s exited with status %d\n"
fork_failed: .asciz "sh: fork failed\n"
.macro HELP_ROW label, what, part, name
    .ascii "  \what\n"
.endm
help_text:
    .ascii "commands:\n"
    .ascii "  help             this list\n"
    .ascii "  ps               the process table\n"
    .ascii "  echo WORDS       print the words\n"
    .ascii "  uptime           ticks since boot (10 ms each)\n"
    .ascii "  halt [CODE]      shut down with exit code CODE (default 0)\n"
    .ascii "  run NAME [ARGS]  run a program and wait for it\n"
    .ascii "  NAME [ARGS]      the same, for a program\n"
    .ascii "programs:\n"
    PROGRAMS HELP_ROW
    .byte 0
.balign 4

.section .user.io.data, "aw"
.balign 4
words:
    .space 4 * (MAXWORDS + 1)
status:
    .space 4
line:
    .space LINE_MAX
