# drivers/blkfront.s — the paravirtual disk's front end (paravirtual build
# only; the native build assembles this file to nothing, and drives the
# disk with virtio-blk.s). Xen's blkfront, sized to a teaching kernel.
#
# The disk is the hypervisor's: blkif_probe says there is one and its size.
# We share one ring page with it (granted, PVLAB_BLKIF_SRING_* in
# hypercalls.inc) and bind its completions to an event channel (evtchn.s).
# The block layer's data pages (one per request it may batch) are granted
# once at attach, so a request names its page by grant reference and no
# address ever crosses to the hypervisor:
#
#   submit:  each request in the next free slot; req_prod moved past the
#            batch; one evtchn_send, and only if req_prod passed the
#            req_event the back end left (notification suppression)
#   the back end serves the batch and writes the responses over the slots,
#            then signals our port once if rsp_prod passed our rsp_event
#   upcall:  blkfront_intr takes the responses, sets each request's status
#            and tells the block layer; rsp_event = rsp_cons + 1 says "tell
#            me about the next one", and a last look catches a response that
#            came meanwhile (Xen's RING_FINAL_CHECK_FOR_RESPONSES)
#
# The whole file is one pv-ops site: it is part of the seam.

.ifdef PARAVIRT                     # natively: nothing at all, not even symbols

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "drivers/blk.inc"

.equ BLKF_PORT, 1                   # our event port for the disk

.section .io.text, "ax"
    PVOP_BEGIN

# blkfront_probe(): find the hypervisor's disk and give it to the block
# layer (pv_dev_probe). Nothing without one.
.globl blkfront_probe
blkfront_probe:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    HC_BLKIF_PROBE
    bnez a0, 9f                     # no disk: nothing to say
    srli a1, a1, SECTORS_PER_BLOCK_SHIFT
    sw a1, 0(sp)                    # 0(sp) = whole 4 KiB blocks
    call evtchn_init
    bnez a0, 8f
    call kalloc                     # the ring page, zeroed: req_prod = rsp_prod = 0
    beqz a0, 8f
    mv s0, a0                       # s0 = the ring
    li t0, 1                        # tell us about the first response (SHARED_RING_INIT)
    sw t0, PVLAB_BLKIF_SRING_RSP_EVENT(s0)
    li a1, 0
    HC_GRANT_ACCESS a0, a1
    bnez a0, 8f
    mv s1, a1                       # s1 = the ring's grant
    sw s1, 4(sp)
    li a0, BLKF_PORT
    la a1, blkfront_intr
    call evtchn_bind
    li a1, BLKF_PORT
    HC_BLKIF_CONNECT s1, a1
    bnez a0, 8f
    andi s1, a1, PVLAB_BLKIF_FEATURE_FLUSH  # s1 = 1: writes need a flush to be stable
    la t0, blkf_ring
    sw s0, 0(t0)
    lw a0, 0(sp)
    li a1, BLK_NREQ                 # the ring holds more than the largest batch
    mv a2, s1
    la a3, blkfront_submit
    call blkdev_attach              # blkdev.s: it allocates the data pages
    bnez a0, 8f
    la s0, blk_reqs                 # grant each data page, once
    la s2, blkf_gref
1:
    lw a0, BR_BUF(s0)
    li a1, 0                        # writable: a read fills it
    HC_GRANT_ACCESS a0, a1
    bnez a0, 8f
    sw a1, 0(s2)
    addi s0, s0, BR_SIZE
    addi s2, s2, 4
    la t0, blkf_gref + 4 * BLK_NREQ
    bltu s2, t0, 1b
    la a0, blkf_attached_fmt
    li a1, BLKF_PORT
    lw a2, 4(sp)
    lw a3, 0(sp)
    la a4, blkf_flush_names
    slli s1, s1, 2
    add a4, a4, s1
    lw a4, 0(a4)
    call kprintf
    j 9f
8:
    la a0, blkf_failed_fmt
    call kprintf
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

# blkfront_submit(a0 = first request, a1 = n): the block layer's batch onto
# the ring, then at most one notify. The block layer never has more than
# BLK_NREQ requests out, and the ring holds more, so there is room.
blkfront_submit:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw a0, 0(sp)
    sw a1, 4(sp)
    mv s0, a0                       # s0 = the request
    mv s1, a1                       # s1 = how many are left
    la t6, blkf_ring
    lw t6, 0(t6)                    # t6 = the ring
    la t5, blkf_req_prod
    lw t5, 0(t5)                    # t5 = our producer index
1:
    beqz s1, 5f
    andi t0, t5, PVLAB_BLKIF_RING_SIZE - 1  # t4 = its slot
    slli t0, t0, PVLAB_BLKIF_REQUEST_SHIFT
    add t4, t6, t0
    addi t4, t4, PVLAB_BLKIF_SRING_SIZE
    la t0, blk_reqs                 # id = its index in the block layer
    sub t3, s0, t0
    srli t3, t3, BR_SHIFT
    sw t3, PVLAB_BLKIF_REQUEST_ID(t4)
    lw t0, BR_OP(s0)                # op: read and write keep their numbers
    li t1, BLK_OP_FLUSH
    bne t0, t1, 2f
    li t0, PVLAB_BLKIF_OP_FLUSH
2:
    sw t0, PVLAB_BLKIF_REQUEST_OP(t4)
    lw t0, BR_BLOCK(s0)             # the block's sectors
    slli t1, t0, SECTORS_PER_BLOCK_SHIFT
    sw t1, PVLAB_BLKIF_REQUEST_SECTOR_LO(t4)
    srli t1, t0, 32 - SECTORS_PER_BLOCK_SHIFT
    sw t1, PVLAB_BLKIF_REQUEST_SECTOR_HI(t4)
    la t0, blkf_gref                # the whole data page, by its grant
    slli t1, t3, 2
    add t0, t0, t1
    lw t0, 0(t0)
    sw t0, PVLAB_BLKIF_REQUEST_GREF(t4)
    sw zero, PVLAB_BLKIF_REQUEST_FIRST_SECT(t4)
    li t0, PVLAB_BLKIF_SECTORS_PER_PAGE - 1
    sw t0, PVLAB_BLKIF_REQUEST_LAST_SECT(t4)
    sw zero, PVLAB_BLKIF_REQUEST_RESERVED(t4)
    addi t5, t5, 1
    addi s0, s0, BR_SIZE
    addi s1, s1, -1
    j 1b
5:
    la t0, blkf_req_prod
    sw t5, 0(t0)
    fence w, w                      # the requests before the index that publishes them
    lw t1, PVLAB_BLKIF_SRING_REQ_PROD(t6)   # t1 = the index the back end saw last
    sw t5, PVLAB_BLKIF_SRING_REQ_PROD(t6)
    fence rw, rw
    lw t2, PVLAB_BLKIF_SRING_REQ_EVENT(t6)
    sub t0, t5, t2                  # notify if req_prod passed req_event:
    sub t1, t5, t1                  #   new - event < new - old (unsigned, free-running)
    bgeu t0, t1, 9f
    li a0, BLKF_PORT
    HC_EVTCHN_SEND a0               # the back end serves the batch before it returns
    beqz a0, 9f
    la a0, blkf_dead_fmt            # it refused: our ring is corrupt (a kernel bug)
    call kprintf
    la t0, blkf_req_prod            # none of the batch will be answered:
    lw t0, 0(t0)
    la t1, blkf_rsp_cons
    sw t0, 0(t1)
    lw s0, 0(sp)                    # each request fails
    lw s1, 4(sp)
6:
    li t0, -1
    sw t0, BR_STATUS(s0)
    mv a0, s0
    call blkdev_done
    addi s0, s0, BR_SIZE
    addi s1, s1, -1
    bnez s1, 6b
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    addi sp, sp, 32
    ret

# blkfront_intr(): our port was signalled: complete every response.
blkfront_intr:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    la s0, blkf_ring
    lw s0, 0(s0)                    # s0 = the ring
1:
    lw s1, PVLAB_BLKIF_SRING_RSP_PROD(s0)   # s1 = responses produced
    fence r, r                      # the index before the responses it publishes
2:
    la t0, blkf_rsp_cons
    lw t1, 0(t0)
    beq t1, s1, 4f
    addi t2, t1, 1
    sw t2, 0(t0)
    andi t1, t1, PVLAB_BLKIF_RING_SIZE - 1
    slli t1, t1, PVLAB_BLKIF_REQUEST_SHIFT
    add t1, s0, t1
    addi t1, t1, PVLAB_BLKIF_SRING_SIZE
    lw t2, PVLAB_BLKIF_RESPONSE_ID(t1)
    li t0, BLK_NREQ
    bgeu t2, t0, 2b                 # not one of ours: ignored
    lw t0, PVLAB_BLKIF_RESPONSE_STATUS(t1)
    la a0, blk_reqs
    slli t2, t2, BR_SHIFT
    add a0, a0, t2
    sw t0, BR_STATUS(a0)            # 0: done; BLKIF_RSP_ERROR, BLKIF_RSP_EOPNOTSUPP: failed
    call blkdev_done
    j 2b
4:
    addi t1, s1, 1                  # tell me about the next response ...
    sw t1, PVLAB_BLKIF_SRING_RSP_EVENT(s0)
    fence rw, rw
    lw t1, PVLAB_BLKIF_SRING_RSP_PROD(s0)
    bne t1, s1, 1b                  # ... unless it is here already
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

    PVOP_END

.section .io.rodata, "a"
blkf_attached_fmt:
    .asciz "blkfront: event port %d, ring grant %d, %d blocks of 4 KiB, %s\n"
blkf_failed_fmt:
    .asciz "blkfront: the hypervisor's disk refused us\n"
blkf_dead_fmt:
    .asciz "blkfront: the hypervisor stopped serving our ring\n"
.balign 4
blkf_flush_names:
    .word blkf_write_through, blkf_flush
blkf_write_through:
    .asciz "write-through"
blkf_flush:
    .asciz "write cache"

.section .io.bss, "aw", @nobits
.balign 4
blkf_ring:                          # the shared ring page
    .space 4
blkf_req_prod:                      # requests we produced (free-running)
    .space 4
blkf_rsp_cons:                      # responses we consumed
    .space 4
blkf_gref:                          # request i's data page, by grant
    .space 4 * BLK_NREQ

.endif # PARAVIRT
