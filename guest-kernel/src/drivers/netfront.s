# drivers/netfront.s — the paravirtual network card's front end (paravirtual
# build only; the native build assembles this file to nothing, and drives
# the card with virtio-net.s). Xen's netfront, sized to a teaching kernel.
#
# The card is the hypervisor's: netif_probe says there is one and gives its
# MAC. We share two ring pages with it (granted, PVLAB_NETIF_SRING_* in
# hypercalls.inc), one each way, and bind both to one event channel
# (evtchn.s). Our frame buffers, two to a page, are granted once at attach
# (the transmit pages read-only: the hypervisor only reads what we send),
# so a request names its buffer by grant and offset, never by address:
#
#   transmit: the stack asks for a buffer (netf_tx_buf), builds its frame
#             in place and sends it (netf_tx_send): a request in the next tx
#             slot. After the batch one netf_tx_kick: req_prod moved past
#             it and one evtchn_send, only if req_prod passed the back
#             end's req_event. The back end sends the frames before the
#             call returns, so we never ask to be told (tx rsp_event stays
#             0): a buffer is taken back when the next one is wanted.
#   receive:  every receive buffer is on the rx ring from the start. The
#             back end fills one per frame as frames arrive and signals our
#             port if rsp_prod passed our rsp_event; netfront_intr hands
#             each frame to the stack (drivers/netdev.s) and posts the
#             buffer again. Reposting costs no exit unless the back end ran
#             out of buffers and asked (req_event), and the replies the
#             frames called for go with one kick.
#
# The whole file is one pv-ops site: it is part of the seam.

.ifdef PARAVIRT                     # natively: nothing at all, not even symbols

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "net/net.inc"

.equ NETF_PORT,   2                 # our event port for the card (the disk has 1)
.equ NETF_BUF,    2048              # a buffer: the largest frame, two to a page
.equ NETF_BUF_SHIFT, 11
.equ NETF_PAD,    2                 # a frame starts 2 bytes in (Linux's NET_IP_ALIGN): its IP
                                    # header, and the data after it, on a word boundary, so
                                    # copies move words (virtio-net's 10-byte header does that)
.equ NETF_NTX,    8                 # transmit buffers (as virtio-net's)
.equ NETF_NRX,    16                # receive buffers
.ifndef NETF_POLL
.equ NETF_POLL,   500               # ticks (50 us at 10 MHz) to poll for an answer before idling (--defsym NETF_POLL=0: never)
.endif
.if PVLAB_NETIF_FRAME_MAX + NETF_PAD > NETF_BUF || NETF_NTX + NETF_NRX > PVLAB_NETIF_RING_SIZE
.error "a buffer must hold the largest frame, and each ring all the buffers"
.endif

.section .io.text, "ax"
    PVOP_BEGIN

# netfront_probe(): find the hypervisor's card and give it to the network
# layer (pv_dev_probe). Nothing without one.
.globl netfront_probe
netfront_probe:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    la a0, netf_mac
    li a1, PVLAB_NETIF_MAC_LEN
    HC_NETIF_PROBE a0, a1
    bnez a0, 9f                     # no card: nothing to say
    call evtchn_init
    bnez a0, 8f
    call netf_ring                  # the tx ring, zeroed: rsp_event 0, never asked
    beqz a0, 8f
    la t0, netf_tx
    sw a0, 0(t0)
    mv s0, a1                       # s0 = its grant
    call netf_ring                  # the rx ring
    beqz a0, 8f
    la t0, netf_rx
    sw a0, 0(t0)
    li t0, 1                        # tell us about the first frame (SHARED_RING_INIT)
    sw t0, PVLAB_NETIF_SRING_RSP_EVENT(a0)
    mv s1, a1                       # s1 = its grant
    la a0, netf_txbuf
    li a1, NETF_NTX
    la a2, netf_txgref
    li a3, PVLAB_GRANT_FLAGS_READONLY
    call netf_buffers
    bnez a0, 8f
    la a0, netf_rxbuf
    li a1, NETF_NRX
    la a2, netf_rxgref
    li a3, 0                        # writable: the back end fills them
    call netf_buffers
    bnez a0, 8f
    li a0, NETF_PORT
    la a1, netfront_intr
    call evtchn_bind
    li a2, NETF_PORT
    HC_NETIF_CONNECT s0, s1, a2
    bnez a0, 8f
    li s2, 0                        # every receive buffer on the ring
1:
    mv a0, s2
    call netf_post
    addi s2, s2, 1
    li t0, NETF_NRX
    bltu s2, t0, 1b
    call netf_rx_push
    la a0, netf_mac
    la a1, netf_ops
    call netdev_attach              # netdev.s
    bnez a0, 8f
    mv a0, sp                       # 0(sp): the MAC as text
    la a1, netf_mac
    call mac_format                 # net/netif.s
    la a0, netf_attached_fmt
    li a1, NETF_PORT
    mv a2, s0
    mv a3, s1
    mv a4, sp
    call kprintf
    call net_config                 # net/netif.s: the addresses
    j 9f
8:
    la a0, netf_failed_fmt
    call kprintf
9:
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    addi sp, sp, 48
    ret

# netf_ring() -> a0 = a zeroed page granted writable, a1 = its grant; a0 = 0
# when there is none.
netf_ring:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    call kalloc
    beqz a0, 9f
    mv s0, a0
    li a1, 0
    HC_GRANT_ACCESS a0, a1
    beqz a0, 8f
    mv a0, s0                       # not granted: give it back
    call kfree
    li a0, 0
    j 9f
8:
    mv a0, s0
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# netf_buffers(a0 = address table, a1 = n (even), a2 = grant table, a3 =
# grant flags) -> a0 = 0, or -1: n buffers, two to a fresh page, each page
# granted; buffer i's frame at table[i] (NETF_PAD into it), its page's
# grant at grants[i / 2].
netf_buffers:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    mv s0, a0
    add s1, a0, a1
    add s1, s1, a1
    add s1, s1, a1
    add s1, s1, a1                  # s1 = the table's end
    mv s2, a2
    mv s3, a3
1:
    call kalloc
    beqz a0, 8f
    addi t0, a0, NETF_PAD
    sw t0, 0(s0)
    li t1, NETF_BUF
    add t0, t0, t1
    sw t0, 4(s0)
    mv a1, s3
    HC_GRANT_ACCESS a0, a1
    bnez a0, 8f
    sw a1, 0(s2)
    addi s0, s0, 8
    addi s2, s2, 4
    bltu s0, s1, 1b
    li a0, 0
    j 9f
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    addi sp, sp, 32
    ret

# netf_post(a0 = receive buffer index): the buffer into the next rx slot
# (published by netf_rx_push).
netf_post:
    la t6, netf_rx
    lw t6, 0(t6)
    la t5, netf_rx_prod
    lw t4, 0(t5)
    andi t0, t4, PVLAB_NETIF_RING_SIZE - 1
    slli t0, t0, PVLAB_NETIF_RX_REQUEST_SHIFT
    add t0, t0, t6
    addi t0, t0, PVLAB_NETIF_SRING_SIZE
    sw a0, PVLAB_NETIF_RX_REQUEST_ID(t0)
    srli t1, a0, 1                  # its page's grant
    slli t1, t1, 2
    la t2, netf_rxgref
    add t1, t1, t2
    lw t1, 0(t1)
    sw t1, PVLAB_NETIF_RX_REQUEST_GREF(t0)
    andi t1, a0, 1                  # its half of the page, NETF_PAD in
    slli t1, t1, NETF_BUF_SHIFT
    addi t1, t1, NETF_PAD
    sw t1, PVLAB_NETIF_RX_REQUEST_OFFSET(t0)
    li t1, NETF_BUF - NETF_PAD
    sw t1, PVLAB_NETIF_RX_REQUEST_ROOM(t0)
    addi t4, t4, 1
    sw t4, 0(t5)
    ret

# netf_rx_push(): the buffers posted since the last push, published.
netf_rx_push:
    la a0, netf_rx
    lw a0, 0(a0)
    la a1, netf_rx_prod
    lw a1, 0(a1)
    j netf_push

# netf_push(a0 = ring, a1 = our producer index): req_prod = a1, then one
# evtchn_send if it passed the back end's req_event (notification
# suppression: RING_PUSH_REQUESTS_AND_CHECK_NOTIFY).
netf_push:
    fence w, w                      # the requests before the index that publishes them
    lw t1, PVLAB_NETIF_SRING_REQ_PROD(a0)   # t1 = the index the back end saw last
    beq t1, a1, 9f                  # nothing new
    sw a1, PVLAB_NETIF_SRING_REQ_PROD(a0)
    fence rw, rw
    lw t2, PVLAB_NETIF_SRING_REQ_EVENT(a0)
    sub t0, a1, t2                  # notify if req_prod passed req_event:
    sub t1, a1, t1                  #   new - event < new - old (unsigned, free-running)
    bgeu t0, t1, 9f
    li a0, NETF_PORT
    HC_EVTCHN_SEND a0               # the back end serves both rings before it returns
    beqz a0, 9f
    la t0, netf_dead                # it refused: our rings are corrupt (a kernel bug)
    lw t1, 0(t0)
    bnez t1, 9f
    li t1, 1
    sw t1, 0(t0)
    la a0, netf_dead_fmt
    j kprintf                       # (a tail call: it returns for us)
9:
    ret

# netfront_intr(): our port was signalled: every frame received to the
# stack, its buffer posted again; then the replies they caused go.
netfront_intr:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    la s0, netf_rx
    lw s0, 0(s0)                    # s0 = the rx ring
1:
    lw s1, PVLAB_NETIF_SRING_RSP_PROD(s0)   # s1 = responses produced
    fence r, r                      # the index before the responses it publishes
2:
    la t0, netf_rx_cons
    lw t1, 0(t0)
    beq t1, s1, 4f
    addi t2, t1, 1
    sw t2, 0(t0)
    andi t1, t1, PVLAB_NETIF_RING_SIZE - 1
    slli t1, t1, PVLAB_NETIF_RX_REQUEST_SHIFT
    add t1, s0, t1
    addi t1, t1, PVLAB_NETIF_SRING_SIZE
    lw t2, PVLAB_NETIF_RX_RESPONSE_ID(t1)
    li t0, NETF_NRX
    bgeu t2, t0, 2b                 # not one of ours: ignored
    lw a1, PVLAB_NETIF_RX_RESPONSE_STATUS(t1)
    sw t2, 0(sp)
    blez a1, 3f                     # an error: the frame was dropped
    li t0, NETF_BUF - NETF_PAD
    bgtu a1, t0, 3f
    la t0, netf_rxbuf               # the frame is in our buffer: its address is ours
    slli t1, t2, 2
    add t0, t0, t1
    lw a0, 0(t0)
    call netdev_input               # netdev.s -> the stack
3:
    lw a0, 0(sp)                    # the buffer back on the ring
    call netf_post
    j 2b
4:
    addi t1, s1, 1                  # tell me about the next frame ...
    sw t1, PVLAB_NETIF_SRING_RSP_EVENT(s0)
    fence rw, rw
    lw t1, PVLAB_NETIF_SRING_RSP_PROD(s0)
    bne t1, s1, 1b                  # ... unless it is here already
    call netf_rx_push
    call netf_tx_kick
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# netf_tx_buf() -> a0 = a free transmit buffer, or 0. The frames the back
# end answered are taken back first.
netf_tx_buf:
    la t6, netf_tx
    lw t6, 0(t6)
    la t5, netf_tx_busy
    lw t4, 0(t5)                    # t4 = bit i: buffer i is ours no more
    lw t3, PVLAB_NETIF_SRING_RSP_PROD(t6)
    fence r, r
    la t2, netf_tx_cons
    lw t1, 0(t2)
1:
    beq t1, t3, 2f
    andi t0, t1, PVLAB_NETIF_RING_SIZE - 1
    slli t0, t0, PVLAB_NETIF_TX_REQUEST_SHIFT
    add t0, t0, t6
    lw t0, PVLAB_NETIF_SRING_SIZE + PVLAB_NETIF_TX_RESPONSE_ID(t0)
    addi t1, t1, 1
    li a0, NETF_NTX
    bgeu t0, a0, 1b                 # not one of ours: ignored
    li a0, 1
    sll a0, a0, t0
    not a0, a0
    and t4, t4, a0
    j 1b
2:
    sw t1, 0(t2)
    li t0, 0                        # the lowest free buffer
3:
    srl t1, t4, t0
    andi t1, t1, 1
    beqz t1, 4f
    addi t0, t0, 1
    li t1, NETF_NTX
    bltu t0, t1, 3b
    sw t4, 0(t5)
    li a0, 0
    ret
4:
    li t1, 1
    sll t1, t1, t0
    or t4, t4, t1
    sw t4, 0(t5)
    la t1, netf_txbuf
    slli t0, t0, 2
    add t1, t1, t0
    lw a0, 0(t1)
    ret

# netf_tx_send(a0 = frame, a1 = its length): a request in the next tx slot
# (published by netf_tx_kick).
netf_tx_send:
    la t1, netf_txbuf               # which buffer is it?
    li t0, 0
1:
    lw t2, 0(t1)
    beq t2, a0, 2f
    addi t1, t1, 4
    addi t0, t0, 1
    li t2, NETF_NTX
    bltu t0, t2, 1b
    ret                             # not one of ours: a stack bug; dropped
2:
    la t6, netf_tx
    lw t6, 0(t6)
    la t5, netf_tx_prod
    lw t4, 0(t5)
    andi t3, t4, PVLAB_NETIF_RING_SIZE - 1
    slli t3, t3, PVLAB_NETIF_TX_REQUEST_SHIFT
    add t3, t3, t6
    addi t3, t3, PVLAB_NETIF_SRING_SIZE
    sw t0, PVLAB_NETIF_TX_REQUEST_ID(t3)
    srli t1, t0, 1                  # its page's grant
    slli t1, t1, 2
    la t2, netf_txgref
    add t1, t1, t2
    lw t1, 0(t1)
    sw t1, PVLAB_NETIF_TX_REQUEST_GREF(t3)
    andi t1, t0, 1                  # its half of the page, NETF_PAD in
    slli t1, t1, NETF_BUF_SHIFT
    addi t1, t1, NETF_PAD
    sw t1, PVLAB_NETIF_TX_REQUEST_OFFSET(t3)
    sw a1, PVLAB_NETIF_TX_REQUEST_LEN(t3)
    addi t4, t4, 1
    sw t4, 0(t5)
    ret

# netf_tx_kick(): the frames sent since the last kick go, with one notify
# at most (none if nothing was sent); an answer to them is polled for if the
# kernel goes idle within NETF_POLL ticks.
netf_tx_kick:
    la a0, netf_tx
    lw a0, 0(a0)
    la a1, netf_tx_prod
    lw a1, 0(a1)
    lw t0, PVLAB_NETIF_SRING_REQ_PROD(a0)
    beq t0, a1, 1f                  # nothing sent since the last kick
    rdtime t0
    li t1, NETF_POLL
    add t0, t0, t1
    la t1, netf_poll_until
    sw t0, 0(t1)
    li t0, 1
    sw t0, 4(t1)                    # netf_polling
1:
    j netf_push

# netfront_poll(): the scheduler is about to idle (pv_idle). If we sent
# frames within the last NETF_POLL ticks, poll for an interrupt — the
# answer's event, usually — until then, instead of the idle hypercall: an
# answer that comes within the window costs a few guest instructions, not an
# exit. Linux's busy polling (net.core.busy_poll, 50 us recommended) and
# KVM's guest halt-polling do the same. Once per transmit: a poll that ran
# out idles as usual. Keeps every register but t0..t2.
.globl netfront_poll
netfront_poll:
    la t0, netf_polling
    lw t1, 0(t0)
    beqz t1, 9f
    sw zero, 0(t0)
    lw t2, -4(t0)                   # t2 = netf_poll_until
1:
    csrr t0, sip                    # an enabled interrupt pending? (SSIP: an event)
    csrr t1, sie
    and t0, t0, t1
    bnez t0, 9f                     # take it at pv_idle's csrsi, before the idle call
    rdtime t0
    sub t0, t2, t0
    bgtz t0, 1b
9:
    ret

    PVOP_END

.section .io.rodata, "a"
.balign 4
netf_ops:                           # netdev.s's ND_TX_BUF, ND_TX_SEND, ND_TX_KICK
    .word netf_tx_buf, netf_tx_send, netf_tx_kick
netf_attached_fmt:
    .asciz "netfront: event port %d, tx grant %d, rx grant %d, mac %s\n"
netf_failed_fmt:
    .asciz "netfront: the hypervisor's card refused us\n"
netf_dead_fmt:
    .asciz "netfront: the hypervisor stopped serving our rings\n"

.section .io.bss, "aw", @nobits
.balign 4
netf_tx:                            # the shared rings
    .space 4
netf_rx:
    .space 4
netf_tx_prod:                       # frames we produced (free-running)
    .space 4
netf_tx_cons:                       # their responses we took back
    .space 4
netf_tx_busy:                       # bit i: transmit buffer i is out
    .space 4
netf_rx_prod:                       # buffers we posted
    .space 4
netf_rx_cons:                       # frames we took
    .space 4
netf_dead:                          # 1: the back end refused a send
    .space 4
netf_poll_until:                    # the time a poll for an answer ends (low word) ...
    .space 4
netf_polling:                       # ... and 1: frames went since the last poll
    .space 4
netf_txbuf:                         # the buffers' addresses
    .space 4 * NETF_NTX
netf_rxbuf:
    .space 4 * NETF_NRX
netf_txgref:                        # their pages' grants
    .space 4 * NETF_NTX / 2
netf_rxgref:
    .space 4 * NETF_NRX / 2
netf_mac:
    .space 8

.endif # PARAVIRT
