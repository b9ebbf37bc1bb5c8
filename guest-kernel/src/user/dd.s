# user/dd.s — dd [N] [FIRST]: write a pattern to N blocks from block FIRST
# (8 from 0), sync, read them back and check every word. The pattern is a
# function of the block number and the word's place in it, so a block that
# went to the wrong place, or came back from the wrong place, is caught.
# Blocks move DD_BATCH at a time, the most one system call takes.

.include "syscalls.inc"

.equ BLOCK, 4096
.equ DD_BATCH, 8
.equ MIX_BLOCK, 0x9e3779b9          # the pattern: block * MIX_BLOCK ^ word * MIX_WORD
.equ MIX_WORD, 0x85ebca6b

.section .user.io.text, "ax"
.globl dd_main
dd_main:
    mv s1, a1
    mv s0, a0
    li a2, 8
    call arg_count
    mv s2, a0                       # s2 = N
    li s3, 0                        # s3 = FIRST
    li t0, 3
    blt s0, t0, 1f
    lw a0, 8(s1)
    call atoi
    mv s3, a0
    bltz s3, .Lusage
1:
    call bsize
    bltz a0, .Lno_disk
    add t0, s3, s2                  # FIRST + N <= blocks
    bltu t0, s3, .Lrange
    bgtu t0, a0, .Lrange
    li a0, DD_BATCH * BLOCK         # s4 = the buffer
    call sbrk
    mv s4, a0
    mv s5, s3                       # s5 = the next block to write
2:                                  # write, a batch at a time
    mv a0, s5
    call batch                      # a0 = this batch's size
    mv s6, a0
    mv a0, s5
    mv a1, s6
    call fill
    mv a0, s5
    mv a1, s4
    mv a2, s6
    call bwrite
    bne a0, s6, .Lwrite_failed
    add s5, s5, s6
    add t0, s3, s2
    bltu s5, t0, 2b
    call bsync
    bnez a0, .Lsync_failed
    li s7, 0                        # s7 = the sum of what came back
    mv s5, s3
3:                                  # read back and check
    mv a0, s5
    call batch
    mv s6, a0
    mv a0, s4
    li a1, 0
    li a2, DD_BATCH * BLOCK
    call memset
    mv a0, s5
    mv a1, s4
    mv a2, s6
    call bread
    bne a0, s6, .Lread_failed
    mv a0, s5
    mv a1, s6
    call check
    bnez a0, .Lmismatch
    add s5, s5, s6
    add t0, s3, s2
    bltu s5, t0, 3b
    la a0, done_fmt
    mv a1, s2
    mv a2, s3
    mv a3, s7
    call printf
    li a0, 0
    call exit
.Lmismatch:                         # check left a1 = block, a2 = word, a3 = got, a4 = wrote
    la a0, mismatch_fmt
    call printf
    li a0, 1
    call exit
.Lwrite_failed:
    la a0, write_failed
    j .Lsay
.Lread_failed:
    la a0, read_failed
.Lsay:
    mv a1, s5
    call printf
    li a0, 1
    call exit
.Lsync_failed:
    la a0, sync_failed
    call printf
    li a0, 1
    call exit
.Lno_disk:
    la a0, no_disk
    call printf
    li a0, 1
    call exit
.Lrange:
    mv a3, a0
    la a0, range_fmt
    mv a1, s3
    add a2, s3, s2
    addi a2, a2, -1
    call printf
    li a0, 1
    call exit
.Lusage:
    la a0, usage
    call printf
    li a0, 2
    call exit

# batch(a0 = next block) -> a0 = blocks in this batch: DD_BATCH, or what is left
batch:
    add t0, s3, s2
    sub t0, t0, a0
    li a0, DD_BATCH
    bleu a0, t0, 1f
    mv a0, t0
1:
    ret

# pattern(a0 = block, a1 = word) -> a0 = the word written there
pattern:
    li t0, MIX_BLOCK
    mul a0, a0, t0
    li t0, MIX_WORD
    mul t0, a1, t0
    xor a0, a0, t0
    ret

# fill(a0 = first block, a1 = blocks): the pattern into the buffer (s4)
fill:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    sw s2, 0(sp)
    mv s0, a0                       # s0 = block
    slli s1, a1, 10                 # s1 = words in all
    li s2, 0                        # s2 = word
1:
    srli t1, s2, 10                 # its block: first + word / 1024
    add a0, s0, t1
    andi a1, s2, 1023
    call pattern
    slli t1, s2, 2
    add t1, s4, t1
    sw a0, 0(t1)
    addi s2, s2, 1
    bltu s2, s1, 1b
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    lw s2, 0(sp)
    addi sp, sp, 16
    ret

# check(a0 = first block, a1 = blocks) -> a0 = 0 if the buffer (s4) holds
# the pattern (and s7 += its words); else a0 = 1 and a1 = block, a2 = word,
# a3 = what is there, a4 = what should be
check:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    sw s2, 0(sp)
    mv s0, a0
    slli s1, a1, 10
    li s2, 0
1:
    srli t1, s2, 10
    add a0, s0, t1
    andi a1, s2, 1023
    call pattern
    slli t1, s2, 2
    add t1, s4, t1
    lw t2, 0(t1)
    bne t2, a0, 2f
    add s7, s7, t2
    addi s2, s2, 1
    bltu s2, s1, 1b
    li a0, 0
    j 3f
2:
    mv a4, a0
    mv a3, t2
    srli t1, s2, 10
    add a1, s0, t1
    andi a2, s2, 1023
    li a0, 1
3:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    lw s2, 0(sp)
    addi sp, sp, 16
    ret

done_fmt:     .asciz "dd: %d blocks from block %d written, synced, read back and checked: sum 0x%x\n"
mismatch_fmt: .asciz "dd: block %d word %d reads 0x%x, 0x%x was written\n"
write_failed: .asciz "dd: writing block %d failed\n"
read_failed:  .asciz "dd: reading block %d failed\n"
sync_failed:  .asciz "dd: sync failed\n"
no_disk:      .asciz "dd: no disk\n"
range_fmt:    .asciz "dd: blocks %d..%d are not all on the disk (%d blocks)\n"
usage:        .asciz "usage: dd [N] [FIRST]\n"
.balign 4
