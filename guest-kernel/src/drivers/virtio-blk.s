# drivers/virtio-blk.s — the virtio block device driver (virtio 1.2 §5.2).
#
# One queue (requestq, 0). A request is a chain of three descriptors:
#
#   header   type (IN read / OUT write / FLUSH), reserved, sector (u64)   device reads
#   data     one 4 KiB block, the block layer's page                     device writes (IN) or reads
#   status   one byte: 0 OK, 1 IOERR, 2 UNSUPP                            device writes
#
# (a flush has no data). The headers and status bytes of the BLK_NREQ
# requests live in one page of ours (vblk_page): request i's header at
# 16 * i, its status byte at VBLK_STATUS + i. A batch of requests is pushed
# as a batch and the device notified once; its interrupt handler takes the
# used chains, sets each request's status and tells the block layer.
#
# Features: FLUSH if the device has a write cache (then bsync sends one);
# nothing else is needed for 4 KiB requests.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "drivers/virtio.inc"
.include "drivers/blk.inc"

.equ VBLK_T_IN,        0            # request types
.equ VBLK_T_OUT,       1
.equ VBLK_T_FLUSH,     4
.equ VBLK_F_FLUSH,     1 << 9       # feature: the device caches writes, flush stores them
.equ VBLK_CAPACITY,    VIO_CONFIG + 0   # config: u64, in 512-byte sectors
.equ VBLK_HDR_SIZE,    16           # type u32, reserved u32, sector u64
.equ VBLK_STATUS,      BLK_NREQ * VBLK_HDR_SIZE   # the status bytes, in vblk_page

.section .io.text, "ax"
# virtio_blk_attach(a0 = device): start it and give it to the block layer.
.globl virtio_blk_attach
virtio_blk_attach:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    mv s0, a0                       # s0 = the device
    la t0, vblk_dev
    lw t0, 0(t0)
    bnez t0, 9f                     # we drive one disk
    li a1, VBLK_F_FLUSH
    call vio_begin
    bltz a0, 8f
    srli s1, a0, 9                  # s1 = 1 if FLUSH (bit 9) was accepted
    andi s1, s1, 1
    pv_vio_read t1, s0, VBLK_CAPACITY       # sectors, lo and hi
    pv_vio_read t2, s0, VBLK_CAPACITY + 4
    srli s2, t1, SECTORS_PER_BLOCK_SHIFT    # s2 = whole 4 KiB blocks
    slli t2, t2, 32 - SECTORS_PER_BLOCK_SHIFT
    or s2, s2, t2
    call kalloc                     # the queue's page
    beqz a0, 8f
    mv a3, a0
    mv a0, s0
    la a1, vblk_vq
    li a2, 0                        # requestq
    li a4, VQ_MAX_NUM               # every descriptor on the free list
    call vio_queue
    bnez a0, 8f
    call kalloc                     # the headers' and status bytes' page
    beqz a0, 8f
    la t0, vblk_page
    sw a0, 0(t0)
    la t0, vblk_vq                  # three descriptors a request
    lw a1, VQ_NUM(t0)
    li t0, 3
    divu a1, a1, t0
    mv a0, s2
    mv a2, s1
    la a3, virtio_blk_submit
    call blkdev_attach              # blkdev.s
    bnez a0, 8f
    la t0, vblk_dev
    sw s0, 0(t0)
    lw a0, VIO_IRQ(s0)
    la a1, virtio_blk_intr
    call irq_register               # irq.s
    mv a0, s0
    call vio_ready
    mv a0, s0
    call vio_version_name
    mv a3, a0
    la a0, attached_fmt
    lw a1, VIO_BASE(s0)
    lw a2, VIO_IRQ(s0)
    mv a4, s2
    la a5, flush_names
    slli s1, s1, 2
    add a5, a5, s1
    lw a5, 0(a5)
    call kprintf
    j 9f
8:
    mv a0, s0
    call vio_fail
    la a0, failed_fmt
    lw a1, VIO_BASE(s0)
    call kprintf
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

# virtio_blk_submit(a0 = first request, a1 = n): the block layer's batch,
# one chain each, then one notification. The block layer never gives more
# than we said we take, so the descriptors are there.
virtio_blk_submit:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    sw s3, 28(sp)
    sw s4, 24(sp)
    sw s5, 20(sp)
    mv s0, a0                       # s0 = the request
    mv s1, a1                       # s1 = how many are left
    la s5, vblk_vq
1:
    beqz s1, 7f
    la t0, blk_reqs                 # s2 = its index: where its header is
    sub s2, s0, t0
    srli s2, s2, BR_SHIFT
    la t0, vblk_page
    lw t0, 0(t0)
    slli s3, s2, 4                  # s3 = its header (16 bytes each)
    add s3, t0, s3
    addi t1, t0, VBLK_STATUS
    add s4, t1, s2                  # s4 = its status byte
    li t1, 0xff                     # not written by the device yet
    sb t1, 0(s4)
    lw t0, BR_OP(s0)                # the header
    li t1, VBLK_T_IN
    beqz t0, 2f                     # BLK_OP_READ
    li t1, VBLK_T_OUT
    li t2, BLK_OP_WRITE
    beq t0, t2, 2f
    li t1, VBLK_T_FLUSH
2:
    sw t1, 0(s3)
    sw zero, 4(s3)
    lw t0, BR_BLOCK(s0)
    slli t1, t0, SECTORS_PER_BLOCK_SHIFT
    srli t2, t0, 32 - SECTORS_PER_BLOCK_SHIFT
    sw t1, 8(s3)
    sw t2, 12(s3)
    mv a0, s5                       # the chain, from its end: status ...
    call vq_alloc
    mv s2, a0                       # s2 = the chain so far
    mv a1, a0
    mv a0, s5
    mv a2, s4
    li a3, 1
    li a4, VQD_F_WRITE
    li a5, 0
    call vq_set
    lw t0, BR_OP(s0)                # ... the data, unless a flush ...
    li t1, BLK_OP_FLUSH
    beq t0, t1, 3f
    mv a0, s5
    call vq_alloc
    mv a1, a0
    mv a0, s5
    lw a2, BR_BUF(s0)
    li a3, BLOCK_SIZE
    lw t0, BR_OP(s0)
    li a4, VQD_F_NEXT | VQD_F_WRITE # a read: the device writes the data
    beqz t0, 4f
    li a4, VQD_F_NEXT
4:
    mv a5, s2
    mv s2, a1
    call vq_set
3:
    mv a0, s5                       # ... and the header first
    call vq_alloc
    mv a1, a0
    mv a0, s5
    mv a2, s3
    li a3, VBLK_HDR_SIZE
    li a4, VQD_F_NEXT
    mv a5, s2
    mv s2, a1
    call vq_set
    la t0, vblk_req                 # the head names the request
    slli t1, s2, 2
    add t0, t0, t1
    sw s0, 0(t0)
    mv a0, s5
    mv a1, s2
    call vq_push
    addi s0, s0, BR_SIZE
    addi s1, s1, -1
    j 1b
7:
    mv a0, s5                       # one notification for the batch
    call vq_kick
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    lw s3, 28(sp)
    lw s4, 24(sp)
    lw s5, 20(sp)
    addi sp, sp, 48
    ret

# virtio_blk_intr(): acknowledge, then complete every chain the device used.
virtio_blk_intr:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    la a0, vblk_dev
    lw a0, 0(a0)
    call vio_intr_ack
1:
    la a0, vblk_vq
    call vq_pop
    bltz a0, 9f
    mv a1, a0
    la t0, vblk_req
    slli t1, a0, 2
    add t0, t0, t1
    lw s0, 0(t0)                    # s0 = the request
    la a0, vblk_vq
    call vq_free_chain
    la t0, blk_reqs                 # its status byte: 0 is OK
    sub t1, s0, t0
    srli t1, t1, BR_SHIFT
    la t0, vblk_page
    lw t0, 0(t0)
    add t0, t0, t1
    lbu t0, VBLK_STATUS(t0)
    sw t0, BR_STATUS(s0)
    mv a0, s0
    call blkdev_done
    j 1b
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

.section .io.rodata, "a"
attached_fmt:
    .asciz "virtio-blk: 0x%x irq %d %s, %d blocks of 4 KiB, %s\n"
failed_fmt:
    .asciz "virtio-blk: 0x%x: the device refused us\n"
.balign 4
flush_names:
    .word str_write_through, str_flush
str_write_through:
    .asciz "write-through"
str_flush:
    .asciz "write cache"

.section .io.bss, "aw", @nobits
.balign 4
vblk_dev:                           # the device we drive, 0 if none
    .space 4
vblk_page:                          # the requests' headers and status bytes
    .space 4
vblk_vq:
    .space VQ_SIZE
vblk_req:                           # head descriptor -> its request
    .space 4 * VQ_MAX_NUM
