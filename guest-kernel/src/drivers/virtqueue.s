# drivers/virtqueue.s — split virtqueues (virtio 1.2 §2.7), the driver's side.
#
# A queue is three arrays in one page the driver owns and the device reads
# and writes by DMA (drivers/virtio.inc has the layout):
#
#   descriptors   the buffers: address, length, WRITE (device writes it),
#                 NEXT (the chain goes on); a request is a chain
#   available     driver -> device: heads of chains, and a running index
#   used          device -> driver: {head, bytes written}, and a running index
#
# The driver keeps the descriptors it is not using on a free list threaded
# through their `next` fields, and counts how many used entries it has taken
# (VQ_LAST_USED) against the device's running index. Both indexes run
# free modulo 2^16; an entry's slot is the index modulo the queue size.
#
# Ordering (§2.7.13): the entries must be visible before the index that
# publishes them, and the index before the device is notified.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "drivers/virtio.inc"

.section .io.text, "ax"
# vq_init(a0 = queue record, a1 = device, a2 = index on the device, a3 = its
# page, zeroed, a4 = size (a power of two), a5 = descriptors 0..a5-1 go on
# the free list; the driver keeps the rest for itself)
.globl vq_init
vq_init:
    sw a1, VQ_DEV(a0)
    sw a2, VQ_INDEX(a0)
    sw a4, VQ_NUM(a0)
    sw a3, VQ_DESC(a0)
    slli t0, a4, 4                  # * VQ_DESC_SIZE
    add t0, a3, t0
    sw t0, VQ_AVAIL(a0)
    slli t1, a4, 1                  # flags, idx, ring[size] u16: a multiple of 4
    addi t1, t1, VQ_RING
    add t0, t0, t1
    sw t0, VQ_USED(a0)
    sw zero, VQ_LAST_USED(a0)
    sw a5, VQ_NFREE(a0)
    li t0, VQ_NONE
    sw t0, VQ_FREE(a0)
    beqz a5, 2f
    sw zero, VQ_FREE(a0)            # 0 -> 1 -> ... -> a5-1 -> VQ_NONE
    li t1, 0
1:
    addi t2, t1, 1
    bltu t2, a5, 3f
    li t2, VQ_NONE
3:
    slli t0, t1, 4
    add t0, a3, t0
    sh t2, VQD_NEXT(t0)
    addi t1, t1, 1
    bltu t1, a5, 1b
2:
    ret

# vq_alloc(a0 = queue) -> a0 = a free descriptor's index, or -1
.globl vq_alloc
vq_alloc:
    lw t0, VQ_FREE(a0)
    li t1, VQ_NONE
    beq t0, t1, 1f
    lw t1, VQ_DESC(a0)
    slli t2, t0, 4
    add t1, t1, t2
    lhu t2, VQD_NEXT(t1)
    sw t2, VQ_FREE(a0)
    lw t2, VQ_NFREE(a0)
    addi t2, t2, -1
    sw t2, VQ_NFREE(a0)
    mv a0, t0
    ret
1:
    li a0, -1
    ret

# vq_set(a0 = queue, a1 = descriptor, a2 = address, a3 = length, a4 =
# VQD_F_* flags, a5 = next): fill one descriptor.
.globl vq_set
vq_set:
    lw t0, VQ_DESC(a0)
    slli t1, a1, 4
    add t0, t0, t1
    sw a2, VQD_ADDR(t0)
    sw zero, VQD_ADDR + 4(t0)       # physical addresses are 32-bit here
    sw a3, VQD_LEN(t0)
    sh a4, VQD_FLAGS(t0)
    sh a5, VQD_NEXT(t0)
    ret

# vq_free_chain(a0 = queue, a1 = head): the chain's descriptors go back on
# the free list.
.globl vq_free_chain
vq_free_chain:
    lw t0, VQ_DESC(a0)
1:
    slli t1, a1, 4
    add t1, t0, t1                  # t1 = the descriptor
    lhu t2, VQD_FLAGS(t1)
    lhu a2, VQD_NEXT(t1)            # a2 = the next one, if NEXT
    lw a3, VQ_FREE(a0)
    sh a3, VQD_NEXT(t1)
    sh zero, VQD_FLAGS(t1)
    sw a1, VQ_FREE(a0)
    lw a3, VQ_NFREE(a0)
    addi a3, a3, 1
    sw a3, VQ_NFREE(a0)
    andi t2, t2, VQD_F_NEXT
    mv a1, a2
    bnez t2, 1b
    ret

# vq_push(a0 = queue, a1 = head): make a chain available (no notify yet).
.globl vq_push
vq_push:
    lw t0, VQ_AVAIL(a0)
    lhu t1, VQ_RING_IDX(t0)
    lw t2, VQ_NUM(a0)
    addi t2, t2, -1
    and t2, t1, t2                  # the slot
    slli t2, t2, 1
    add t2, t0, t2
    sh a1, VQ_RING(t2)
    fence w, w                      # the entry before the index
    addi t1, t1, 1
    sh t1, VQ_RING_IDX(t0)
    ret

# vq_kick(a0 = queue): notify the device of what was pushed, unless it said
# it does not need to be told (VQ_USED_F_NO_NOTIFY, §2.7.7).
.globl vq_kick
vq_kick:
    fence                           # the index before we read the flags
    lw t0, VQ_USED(a0)
    lhu t0, VQ_RING_FLAGS(t0)
    andi t0, t0, VQ_USED_F_NO_NOTIFY
    bnez t0, 1f
    lw t1, VQ_DEV(a0)
    lw t2, VQ_INDEX(a0)
    pv_vio_notify t1, t2, t0
1:
    ret

# vq_pop(a0 = queue) -> a0 = the head of a chain the device has used, and
# a1 = the bytes it wrote; a0 = -1 if there is none.
.globl vq_pop
vq_pop:
    lw t0, VQ_USED(a0)
    lhu t1, VQ_RING_IDX(t0)
    lw t2, VQ_LAST_USED(a0)
    beq t1, t2, 1f
    fence r, r                      # the index before the entry
    lw t1, VQ_NUM(a0)
    addi t1, t1, -1
    and t1, t2, t1
    slli t1, t1, 3                  # * VQ_USED_ELEM_SIZE
    add t1, t0, t1
    addi t2, t2, 1
    slli t2, t2, 16                 # mod 2^16
    srli t2, t2, 16
    sw t2, VQ_LAST_USED(a0)
    lw a1, VQ_RING + 4(t1)
    lw a0, VQ_RING(t1)
    ret
1:
    li a0, -1
    ret

# vq_quiet(a0 = queue): ask the device not to interrupt for this queue (we
# look at its used ring when it suits us).
.globl vq_quiet
vq_quiet:
    lw t0, VQ_AVAIL(a0)
    li t1, VQ_AVAIL_F_NO_INTERRUPT
    sh t1, VQ_RING_FLAGS(t0)
    ret
