# drivers/virtio-net.s — the virtio network device driver (virtio 1.2 §5.1).
#
# Two queues: receiveq (0) and transmitq (1). Every buffer, either way,
# starts with a virtio_net_hdr (no offloads asked: all zero on transmit),
# 10 bytes on the legacy transport, 12 on the modern one (VIRTIO_F_VERSION_1
# adds num_buffers), then the Ethernet frame:
#
#   | virtio_net_hdr | destination | source | type | packet ... |
#
# receive:  VNET_NRX buffers of VNET_BUF bytes, descriptor i always buffer
#           i, all on the available ring from the start; the interrupt
#           handler takes the used ones, hands their frames to the stack
#           (drivers/netdev.s) and puts them back, then notifies once.
# transmit: VNET_NTX buffers; the stack asks for one (net_tx_buf), fills the
#           frame in place, sends it (pushed on the available ring), and
#           kicks once per batch. We ask for no transmit interrupts: used
#           transmit buffers are taken back when the next one is wanted.
#
# Features: MAC (its address in the configuration space); nothing else.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "drivers/virtio.inc"
.include "net/net.inc"

.equ VNET_F_MAC,       1 << 5       # the device has a MAC for us
.equ VNET_HDR_LEGACY,  10           # virtio_net_hdr without num_buffers
.equ VNET_HDR_MODERN,  12           # ... with it (VIRTIO_F_VERSION_1)
.equ VNET_RXQ,         0
.equ VNET_TXQ,         1
.equ VNET_BUF,         2048         # a buffer: the header and the largest frame
.equ VNET_NRX,         16           # receive buffers (at most the queue's size)
.equ VNET_NTX,         8            # transmit buffers
.if VNET_HDR_MODERN + ETH_FRAME_MAX > VNET_BUF
.error "a buffer must hold the header and the largest frame"
.endif

.section .io.text, "ax"
# virtio_net_attach(a0 = device): start it and give it to the network layer.
.globl virtio_net_attach
virtio_net_attach:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    mv s0, a0                       # s0 = the device
    la t0, vnet_dev
    lw t0, 0(t0)
    bnez t0, 9f                     # we drive one
    li a1, VNET_F_MAC
    call vio_begin
    bltz a0, 8f
    mv s1, a0                       # s1 = the features
    lw t0, VIO_VERSION(s0)          # the header's size
    li t1, VIO_MODERN
    li t2, VNET_HDR_LEGACY
    bne t0, t1, 1f
    li t2, VNET_HDR_MODERN
1:
    la t0, vnet_hdr
    sw t2, 0(t0)
    la t0, vnet_default_mac         # the MAC: the device's, or ours
    andi t1, s1, VNET_F_MAC
    beqz t1, 3f
    li t1, 0
2:
    pv_vio_config8 t2, s0, t1
    add a0, sp, t1
    sb t2, 0(a0)
    addi t1, t1, 1
    li t2, ETH_ALEN
    bltu t1, t2, 2b
    mv t0, sp
3:
    la t1, vnet_mac
    li t2, 0
4:
    add a0, t0, t2
    lbu a0, 0(a0)
    add a1, t1, t2
    sb a0, 0(a1)
    addi t2, t2, 1
    li a0, ETH_ALEN
    bltu t2, a0, 4b
    call kalloc                     # the receive queue
    beqz a0, 8f
    mv a3, a0
    mv a0, s0
    la a1, vnet_rx
    li a2, VNET_RXQ
    li a4, 0                        # we place its descriptors ourselves
    call vio_queue
    bnez a0, 8f
    call kalloc                     # the transmit queue
    beqz a0, 8f
    mv a3, a0
    mv a0, s0
    la a1, vnet_tx
    li a2, VNET_TXQ
    li a4, VNET_NTX                 # its descriptors, one per buffer
    call vio_queue
    bnez a0, 8f
    la a0, vnet_tx
    call vq_quiet                   # no transmit interrupts
    la t0, vnet_rx                  # s1 = receive buffers: min(VNET_NRX, size)
    lw s1, VQ_NUM(t0)
    li t0, VNET_NRX
    bleu s1, t0, 5f
    mv s1, t0
5:
    la t0, vnet_nrx
    sw s1, 0(t0)
    li s2, 0                        # each: a buffer, its descriptor, available
6:
    mv a0, s2
    la a1, vnet_rxbuf
    call vnet_buffer
    beqz a0, 8f
    mv a2, a0
    la a0, vnet_rx
    mv a1, s2
    li a3, VNET_BUF
    li a4, VQD_F_WRITE
    li a5, 0
    call vq_set
    la a0, vnet_rx
    mv a1, s2
    call vq_push
    addi s2, s2, 1
    bltu s2, s1, 6b
    la t0, vnet_tx                  # transmit buffers, one per free descriptor
    lw s1, VQ_NFREE(t0)
    li s2, 0
7:
    mv a0, s2
    la a1, vnet_txbuf
    call vnet_buffer
    beqz a0, 8f
    addi s2, s2, 1
    bltu s2, s1, 7b
    la a0, vnet_mac
    la a1, vnet_ops
    call netdev_attach              # netdev.s
    bnez a0, 8f
    la t0, vnet_dev
    sw s0, 0(t0)
    lw a0, VIO_IRQ(s0)
    la a1, virtio_net_intr
    call irq_register               # irq.s
    mv a0, s0
    call vio_ready
    la a0, vnet_rx                  # the device may fill them now
    call vq_kick
    mv a0, s0
    call vio_version_name
    mv a3, a0
    addi a0, sp, 8
    la a1, vnet_mac
    call mac_format                 # net/netif.s
    la a0, attached_fmt
    lw a1, VIO_BASE(s0)
    lw a2, VIO_IRQ(s0)
    addi a4, sp, 8
    call kprintf
    call net_config                 # net/netif.s: the addresses
    j 9f
8:
    mv a0, s0
    call vio_fail
    la a0, failed_fmt
    lw a1, VIO_BASE(s0)
    call kprintf
9:
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    addi sp, sp, 48
    ret

# vnet_buffer(a0 = index, a1 = its table) -> a0 = buffer index's address
# (two to a page, a fresh page for each even one), recorded in the table;
# 0 when out of memory.
vnet_buffer:
    addi sp, sp, -16
    sw ra, 12(sp)
    slli t0, a0, 2
    add t0, a1, t0
    sw t0, 8(sp)                    # its slot in the table
    andi t1, a0, 1
    beqz t1, 1f
    lw a0, -4(t0)                   # odd: the other half of the last page
    li t1, VNET_BUF
    add a0, a0, t1
    j 2f
1:
    call kalloc
    beqz a0, 3f
2:
    lw t0, 8(sp)
    sw a0, 0(t0)
3:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# virtio_net_intr(): acknowledge; every received frame to the stack and its
# buffer back on the ring; then the replies they caused go, with one kick.
virtio_net_intr:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    la a0, vnet_dev
    lw a0, 0(a0)
    call vio_intr_ack
1:
    la a0, vnet_rx
    call vq_pop
    bltz a0, 3f
    mv s0, a0                       # s0 = the descriptor = the buffer
    la t0, vnet_nrx
    lw t0, 0(t0)
    bgeu s0, t0, 1b                 # not one of ours: the device is confused
    la t0, vnet_hdr
    lw t0, 0(t0)
    sub a1, a1, t0                  # the frame's length
    blez a1, 2f
    la t1, vnet_rxbuf
    slli t2, s0, 2
    add t1, t1, t2
    lw a0, 0(t1)
    add a0, a0, t0                  # the frame
    call netdev_input               # netdev.s -> the stack
2:
    la a0, vnet_rx                  # the buffer back on the ring
    mv a1, s0
    call vq_push
    j 1b
3:
    la a0, vnet_rx
    call vq_kick                    # (unless the device said it need not be told)
    call vnet_tx_kick
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# vnet_tx_buf() -> a0 = a frame buffer (after the header), or 0
vnet_tx_buf:
    addi sp, sp, -16
    sw ra, 12(sp)
1:
    la a0, vnet_tx                  # take back what the device has sent
    call vq_pop
    bltz a0, 2f
    mv a1, a0
    la a0, vnet_tx
    call vq_free_chain
    j 1b
2:
    la a0, vnet_tx
    call vq_alloc
    bltz a0, 3f
    la t0, vnet_txbuf
    slli a0, a0, 2
    add t0, t0, a0
    lw a0, 0(t0)
    sw zero, 0(a0)                  # the header: no offloads
    sw zero, 4(a0)
    sw zero, 8(a0)
    la t0, vnet_hdr
    lw t0, 0(t0)
    add a0, a0, t0
    j 4f
3:
    li a0, 0
4:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# vnet_tx_send(a0 = frame, a1 = its length): on the available ring
vnet_tx_send:
    la t0, vnet_hdr
    lw t0, 0(t0)
    sub a2, a0, t0                  # a2 = the buffer
    add a3, a1, t0                  # a3 = with its header
    la t1, vnet_txbuf               # which descriptor is it?
    li a1, 0
1:
    lw t2, 0(t1)
    beq t2, a2, 2f
    addi t1, t1, 4
    addi a1, a1, 1
    li t2, VNET_NTX
    bltu a1, t2, 1b
    ret                             # not one of ours: a stack bug; dropped
2:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a1, 8(sp)
    la a0, vnet_tx
    li a4, 0                        # the device reads it
    li a5, 0
    call vq_set
    la a0, vnet_tx
    lw a1, 8(sp)
    call vq_push
    la t0, vnet_tx_pending
    li t1, 1
    sw t1, 0(t0)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# vnet_tx_kick(): the frames pushed since the last kick go (nothing to say
# if none was)
vnet_tx_kick:
    la t0, vnet_tx_pending
    lw t1, 0(t0)
    beqz t1, 1f
    sw zero, 0(t0)
    la a0, vnet_tx
    j vq_kick
1:
    ret

.section .io.rodata, "a"
.balign 4
vnet_ops:                           # netdev.s's ND_TX_BUF, ND_TX_SEND, ND_TX_KICK
    .word vnet_tx_buf, vnet_tx_send, vnet_tx_kick
vnet_default_mac:                   # locally administered, QEMU's first
    .byte 0x52, 0x54, 0x00, 0x12, 0x34, 0x56
attached_fmt:
    .asciz "virtio-net: 0x%x irq %d %s, mac %s\n"
failed_fmt:
    .asciz "virtio-net: 0x%x: the device refused us\n"

.section .io.bss, "aw", @nobits
.balign 4
vnet_dev:                           # the device we drive, 0 if none
    .space 4
vnet_hdr:                           # its virtio_net_hdr's size
    .space 4
vnet_nrx:                           # receive buffers
    .space 4
vnet_tx_pending:                    # 1: frames pushed since the last kick
    .space 4
vnet_rx:
    .space VQ_SIZE
vnet_tx:
    .space VQ_SIZE
vnet_rxbuf:                         # their addresses
    .space 4 * VNET_NRX
vnet_txbuf:
    .space 4 * VNET_NTX
vnet_mac:
    .space 8
