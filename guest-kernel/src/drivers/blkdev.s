# drivers/blkdev.s — the block layer: raw 4 KiB blocks of the disk, and the
# system calls that read, write and flush them.
#
#   bread(block, buf, n)    read blocks block..block+n-1 into buf (n <= the batch)
#   bwrite(block, buf, n)   write them from buf
#   bsync()                 the blocks written so far reach stable storage
#   bsize()                 the disk's size in blocks (-1: no disk)
#
# A disk driver (virtio-blk.s, or in the paravirtual build a front end)
# registers with blkdev_attach: its size, the largest batch it takes, and
# its submit function. One batch is in flight at a time: a system call
# fills the request records (blk.inc) for its n blocks, hands them to the
# driver at once — one notification for the whole batch — and sleeps until
# the driver's interrupt handler has completed them all (blkdev_done).
# Other callers wait for the disk meanwhile.
#
# The data moves through the layer's own pages (one per request), never
# straight into user memory: a user buffer need not be contiguous in
# physical memory, and the device's DMA must not race its owner.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "drivers/blk.inc"

.section .io.text, "ax"
# blkdev_attach(a0 = blocks, a1 = the driver's largest batch, a2 = 1 if
# writes need a flush to be stable, a3 = submit(a0 = first request, a1 =
# n)) -> a0 = 0, or -1 (out of memory, or already a disk).
.globl blkdev_attach
blkdev_attach:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    la t0, blk_nblocks
    lw t0, 0(t0)
    bnez t0, 8f                     # one disk
    beqz a0, 8f
    li t0, BLK_NREQ
    bleu a1, t0, 1f
    mv a1, t0
1:
    beqz a1, 8f
    sw a0, 0(sp)
    sw a1, 4(sp)
    sw a2, 8(sp)
    sw a3, 12(sp)
    la s0, blk_reqs                 # a page for each request it may batch
    li s1, 0
2:
    call kalloc
    beqz a0, 8f                     # (kept: a disk we cannot use is a leak we can afford)
    sw a0, BR_BUF(s0)
    addi s0, s0, BR_SIZE
    addi s1, s1, 1
    lw t0, 4(sp)
    bltu s1, t0, 2b
    la t0, blk_batch
    sw s1, 0(t0)
    lw t1, 8(sp)
    la t0, blk_needs_flush
    sw t1, 0(t0)
    lw t1, 12(sp)
    la t0, blk_submit
    sw t1, 0(t0)
    lw t1, 0(sp)
    la t0, blk_nblocks
    sw t1, 0(t0)
    li a0, 0
    j 9f
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    addi sp, sp, 32
    ret

# blkdev_done(a0 = request): the driver completed it (its BR_STATUS is set).
# Called from the driver's interrupt handler; the last one wakes the caller.
.globl blkdev_done
blkdev_done:
    la t0, blk_pending
    lw t1, 0(t0)
    addi t1, t1, -1
    sw t1, 0(t0)
    bnez t1, 1f
    la a0, blk_reqs
    j wakeup                        # sched.s
1:
    ret

# blk_acquire() -> a0 = 0 with the disk ours, or -1 if killed while waiting.
blk_acquire:
    addi sp, sp, -16
    sw ra, 12(sp)
1:
    la t0, blk_busy
    lw t1, 0(t0)
    beqz t1, 2f
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, 3f
    la a0, blk_busy
    call sleep_on
    j 1b
2:
    li t1, 1
    sw t1, 0(t0)
    li a0, 0
    j 4f
3:
    li a0, -1
4:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# blk_release(): the disk is free for the next caller.
blk_release:
    la t0, blk_busy
    sw zero, 0(t0)
    la a0, blk_busy
    j wakeup

# blk_run(a0 = n) -> a0 = 0 if the first n requests all succeeded, else -1.
# Submits them as one batch and sleeps until the driver completed them all
# (not even kill interrupts this: the device is using our pages).
blk_run:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
    la t0, blk_pending
    sw a0, 0(t0)
    mv a1, a0
    la a0, blk_reqs
    la t0, blk_submit
    lw t0, 0(t0)
    jalr t0
1:
    la t0, blk_pending
    lw t0, 0(t0)
    beqz t0, 2f
    la a0, blk_reqs
    call sleep_on
    j 1b
2:
    la t0, blk_reqs                 # every status 0?
    li a0, 0
3:
    lw t1, BR_STATUS(t0)
    beqz t1, 4f
    li a0, -1
4:
    addi t0, t0, BR_SIZE
    addi s0, s0, -1
    bnez s0, 3b
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# bread(block, buf, n) / bwrite(block, buf, n) -> n, or -1
.globl sys_bread
sys_bread:
    li a3, BLK_OP_READ
    j blk_rw
.globl sys_bwrite
sys_bwrite:
    li a3, BLK_OP_WRITE
blk_rw:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    sw s4, 8(sp)
    mv s0, a0                       # s0 = first block
    mv s1, a1                       # s1 = user buffer
    mv s2, a2                       # s2 = n
    mv s3, a3                       # s3 = BLK_OP_*
    la t0, blk_nblocks
    lw t1, 0(t0)
    beqz t1, 8f                     # no disk
    addi t0, s2, -1                 # 1 <= n <= the batch
    la t2, blk_batch
    lw t2, 0(t2)
    bgeu t0, t2, 8f
    bgeu s0, t1, 8f                 # block + n <= the disk's size
    sub t1, t1, s0
    bgtu s2, t1, 8f
    mv a0, s1                       # the whole buffer, before anything else
    slli a1, s2, PAGE_SHIFT
    seqz a2, s3                     # a read writes it
    call uvm_check
    bnez a0, 8f
    call blk_acquire
    bnez a0, 8f
    la s4, blk_reqs                 # s4 = the request, in the loop
    li t0, 0
1:
    sw s3, BR_OP(s4)
    add t1, s0, t0
    sw t1, BR_BLOCK(s4)
    li t1, BR_PENDING
    sw t1, BR_STATUS(s4)
    li t1, BLK_OP_WRITE
    bne s3, t1, 2f
    sw t0, 0(sp)
    lw a0, BR_BUF(s4)
    slli a1, t0, PAGE_SHIFT
    add a1, s1, a1
    li a2, BLOCK_SIZE
    call copyin                     # checked above: it cannot fail
    lw t0, 0(sp)
2:
    addi s4, s4, BR_SIZE
    addi t0, t0, 1
    bltu t0, s2, 1b
    mv a0, s2
    call blk_run
    bnez a0, 7f
    li t1, BLK_OP_READ
    bne s3, t1, 6f
    la s4, blk_reqs                 # a read: out to the user
    li s3, 0
5:
    slli a0, s3, PAGE_SHIFT
    add a0, s1, a0
    lw a1, BR_BUF(s4)
    li a2, BLOCK_SIZE
    call copyout
    addi s4, s4, BR_SIZE
    addi s3, s3, 1
    bltu s3, s2, 5b
6:
    call blk_release
    mv a0, s2
    j 9f
7:
    call blk_release
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    lw s4, 8(sp)
    addi sp, sp, 32
    ret

# bsync() -> 0, or -1 (no disk, or the flush failed). A disk that does not
# cache writes (it did not offer a flush) has nothing to do.
.globl sys_bsync
sys_bsync:
    la t0, blk_nblocks
    lw t0, 0(t0)
    beqz t0, 8f
    la t0, blk_needs_flush
    lw t0, 0(t0)
    beqz t0, 7f
    addi sp, sp, -16
    sw ra, 12(sp)
    call blk_acquire
    bnez a0, 6f
    la t0, blk_reqs
    li t1, BLK_OP_FLUSH
    sw t1, BR_OP(t0)
    sw zero, BR_BLOCK(t0)
    li t1, BR_PENDING
    sw t1, BR_STATUS(t0)
    li a0, 1
    call blk_run
    sw a0, 0(sp)
    call blk_release
    lw a0, 0(sp)
6:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret
7:
    li a0, 0
    ret
8:
    li a0, -1
    ret

# bsize() -> the disk's size in blocks, or -1 without a disk
.globl sys_bsize
sys_bsize:
    la t0, blk_nblocks
    lw a0, 0(t0)
    bnez a0, 1f
    li a0, -1
1:
    ret

.section .io.bss, "aw", @nobits
.balign 4
blk_nblocks:                        # the disk's size in blocks; 0: no disk
    .space 4
blk_batch:                          # requests per batch at most (<= BLK_NREQ)
    .space 4
blk_needs_flush:                    # 1: bsync sends a flush
    .space 4
blk_submit:                         # the driver's submit(first request, n)
    .space 4
blk_busy:                           # 1 while a batch is in flight (a channel too)
    .space 4
blk_pending:                        # requests of the batch not completed yet
    .space 4
.globl blk_reqs
blk_reqs:                           # the requests (a channel: the batch is done)
    .space BR_SIZE * BLK_NREQ
