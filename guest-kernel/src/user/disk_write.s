# user/disk_write.s — disk-write [N] [BATCH]: the benchmark's disk write. N
# blocks of 4 KiB, sequentially from block 0 (wrapping at the disk's end),
# BATCH blocks a system call (1; at most 8), then one bsync, all inside the
# measured region: the writes are not done until they are stable. One
# operation is one block.
#
# disk_bench is the loop both disk workloads share.

.include "syscalls.inc"

.equ BLOCK, 4096
.equ MAX_BATCH, 8

.section .user.io.text, "ax"
.globl disk_write_main
disk_write_main:
    la a3, bwrite_name
    li a4, 1                        # write, then sync
    j disk_bench

# disk_bench(a0 = argc, a1 = argv, a3 = name, a4 = 0 read, 1 write and sync)
.globl disk_bench
disk_bench:
    addi sp, sp, -16                # below argv: room for one word
    mv s0, a0
    mv s1, a1
    mv s8, a3                       # s8 = the name
    mv s9, a4                       # s9 = writing?
    li a2, 64
    call arg_count
    mv s2, a0                       # s2 = N
    li s3, 1                        # s3 = BATCH
    li t0, 3
    blt s0, t0, 1f
    lw a0, 8(s1)
    call atoi
    mv s3, a0
    addi t0, s3, -1
    li t1, MAX_BATCH
    bgeu t0, t1, .Lusage
1:
    call bsize
    bltz a0, .Lno_disk
    remu t0, a0, s3                 # s4 = blocks used: whole batches of the disk
    sub s4, a0, t0
    beqz s4, .Lno_disk
    li a0, MAX_BATCH * BLOCK        # s5 = the buffer, touched now (no page
    call sbrk                       # faults in the region)
    mv s5, a0
    li a1, 0x5a
    li a2, MAX_BATCH * BLOCK
    call memset
    li a0, 0
    call mark                       # begin
    li s6, 0                        # s6 = blocks done
    li s7, 0                        # s7 = the next block
2:
    bgeu s6, s2, 4f
    sub a2, s2, s6                  # this call: BATCH, or what is left
    bleu s3, a2, 3f
    j 5f
3:
    mv a2, s3
5:
    add t0, s7, a2                  # past the disk's end: from 0 again
    bleu t0, s4, 6f
    li s7, 0
6:
    sw a2, 0(sp)
    mv a0, s7
    mv a1, s5
    beqz s9, 7f
    call bwrite
    j 8f
7:
    call bread
8:
    lw a2, 0(sp)
    bne a0, a2, .Lfailed
    add s6, s6, a2
    add s7, s7, a2
    j 2b
4:
    beqz s9, 9f
    call bsync
    bnez a0, .Lfailed
9:
    li a0, 1
    call mark                       # end
    la a0, done_fmt
    mv a1, s8
    mv a2, s2
    mv a3, s3
    call printf
    li a0, 0
    call exit
.Lfailed:
    la a0, failed_fmt
    mv a1, s8
    mv a2, s6
    call printf
    li a0, 1
    call exit
.Lno_disk:
    la a0, no_disk_fmt
    mv a1, s8
    call printf
    li a0, 1
    call exit
.Lusage:
    la a0, usage_fmt
    mv a1, s8
    call printf
    li a0, 2
    call exit

bwrite_name: .asciz "disk-write"
done_fmt:    .asciz "%s: %d blocks, %d a call, ok\n"
failed_fmt:  .asciz "%s: failed after %d blocks\n"
no_disk_fmt: .asciz "%s: no disk\n"
usage_fmt:   .asciz "usage: %s [N] [BATCH 1..8]\n"
.balign 4
