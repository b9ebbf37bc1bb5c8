# user/disk.s — disk [read B | write B TEXT | sync]: the block system calls
# from the shell. Alone: the disk's size. `read B` shows block B's first
# bytes (as text, up to the first byte that is not) and the sum of its
# words; `write B TEXT` fills block B with TEXT over and over; `sync`
# makes what was written stable.

.include "syscalls.inc"

.equ BLOCK, 4096
.equ SHOW, 32                       # bytes of a block `read` shows at most

.section .user.io.text, "ax"
.globl disk_main
disk_main:
    mv s0, a0                       # s0 = argc
    mv s1, a1                       # s1 = argv
    call bsize
    bltz a0, .Lno_disk
    mv s2, a0                       # s2 = blocks
    li t0, 1
    bne s0, t0, 1f
    la a0, size_fmt
    mv a1, s2
    call printf
    j .Lok
1:
    lw a0, 4(s1)
    la a1, cmd_sync
    call strcmp
    beqz a0, .Lsync
    li t0, 3
    blt s0, t0, .Lusage
    lw a0, 8(s1)                    # s3 = the block
    call atoi
    mv s3, a0
    bltz s3, .Lusage
    li a0, BLOCK                    # s4 = a buffer for it
    call sbrk
    mv s4, a0
    lw a0, 4(s1)
    la a1, cmd_read
    call strcmp
    beqz a0, .Lread
    lw a0, 4(s1)
    la a1, cmd_write
    call strcmp
    bnez a0, .Lusage
    li t0, 4
    bne s0, t0, .Lusage
    lw s5, 12(s1)                   # s5 = the text, s6 = its next byte
    mv s6, s5
    li t0, 0
2:
    lbu t1, 0(s6)
    bnez t1, 3f
    mv s6, s5                       # over again
    lbu t1, 0(s6)
3:
    add t2, s4, t0
    sb t1, 0(t2)
    addi s6, s6, 1
    addi t0, t0, 1
    li t1, BLOCK
    bltu t0, t1, 2b
    mv a0, s3
    mv a1, s4
    li a2, 1
    call bwrite
    bltz a0, .Lfailed
    la a0, written_fmt
    mv a1, s3
    call printf
    j .Lok
.Lread:
    mv a0, s3
    mv a1, s4
    li a2, 1
    call bread
    bltz a0, .Lfailed
    li t0, 0                        # the printable start, NUL-terminated
4:
    add t1, s4, t0
    lbu t2, 0(t1)
    addi t2, t2, -' '
    li t3, '~' - ' ' + 1
    bgeu t2, t3, 5f
    addi t0, t0, 1
    li t2, SHOW
    bltu t0, t2, 4b
5:
    add t2, s4, t0                  # (the sum first: it reads the block)
    li a3, 0
    mv t3, s4
    li t4, BLOCK
    add t4, s4, t4
6:
    lw t5, 0(t3)
    add a3, a3, t5
    addi t3, t3, 4
    bltu t3, t4, 6b
    sb zero, 0(t2)                  # cut the shown text
    la a0, read_fmt
    mv a1, s3
    mv a2, s4
    call printf
    j .Lok
.Lsync:
    call bsync
    bltz a0, .Lfailed
    la a0, synced
    call printf
.Lok:
    li a0, 0
    call exit
.Lno_disk:
    la a0, no_disk
    call printf
    li a0, 1
    call exit
.Lfailed:
    la a0, failed
    call printf
    li a0, 1
    call exit
.Lusage:
    la a0, usage
    call printf
    li a0, 2
    call exit

size_fmt:    .asciz "disk: %d blocks of 4 KiB\n"
written_fmt: .asciz "disk: block %d written\n"
read_fmt:    .asciz "disk: block %d: '%s', sum 0x%x\n"
synced:      .asciz "disk: synced\n"
no_disk:     .asciz "disk: no disk\n"
failed:      .asciz "disk: the request failed\n"
usage:       .asciz "usage: disk [read BLOCK | write BLOCK TEXT | sync]\n"
cmd_read:    .asciz "read"
cmd_write:   .asciz "write"
cmd_sync:    .asciz "sync"
.balign 4
