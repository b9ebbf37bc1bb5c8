# user/disk_read.s — disk-read [N] [BATCH]: the benchmark's disk read. N
# blocks of 4 KiB, sequentially from block 0 (wrapping at the disk's end),
# BATCH blocks a system call (1; at most 8, the kernel's batch), inside
# the measured region. One operation is one block.

.include "syscalls.inc"

.section .user.io.text, "ax"
.globl disk_read_main
disk_read_main:
    la a3, bread_name
    li a4, 0                        # no sync: a read is done when it returns
    j disk_bench

bread_name: .asciz "disk-read"
.balign 4
