# drivers/netdev.s — the network device layer: between the stack (net/) and
# the network driver (virtio-net.s, or in the paravirtual build a front end).
#
# A driver registers its MAC and three functions with netdev_attach:
#
#   tx_buf() -> a frame buffer (ETH_FRAME_MAX bytes) the stack may fill, or 0
#   tx_send(frame, len)   queue it for the wire (no notification yet)
#   tx_kick()             tell the device about the frames queued
#
# and hands every frame it receives to netdev_input, in its interrupt
# handler. The stack builds frames in place in the driver's buffers, and
# sends a batch with one kick: a system call's datagrams, or the replies an
# interrupt's received frames called for.

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.equ ND_TX_BUF,   0                 # the driver's functions (netdev_attach's a1)
.equ ND_TX_SEND,  4
.equ ND_TX_KICK,  8

.section .io.text, "ax"
# netdev_attach(a0 = its MAC, 6 bytes; a1 = its three functions) -> a0 = 0,
# or -1 if there is a network device already.
.globl netdev_attach
netdev_attach:
    la t0, net_up
    lw t1, 0(t0)
    bnez t1, 2f
    li t1, 1
    sw t1, 0(t0)
    la t0, nd_ops
    sw a1, 0(t0)
    la t0, net_mac
    li t1, 0
1:
    add t2, a0, t1
    lbu t2, 0(t2)
    add a2, t0, t1
    sb t2, 0(a2)
    addi t1, t1, 1
    li t2, ETH_ALEN
    bltu t1, t2, 1b
    li a0, 0
    ret
2:
    li a0, -1
    ret

# net_tx_buf() -> a0 = a frame buffer, or 0 if the device has none free now
.globl net_tx_buf
net_tx_buf:
    la t0, nd_ops
    lw t0, 0(t0)
    lw t0, ND_TX_BUF(t0)
    jr t0

# net_tx_send(a0 = frame, a1 = length): on its way at the next kick
.globl net_tx_send
net_tx_send:
    NET_COUNT NC_TX, t0, t1
    la t0, nd_ops
    lw t0, 0(t0)
    lw t0, ND_TX_SEND(t0)
    jr t0

# net_tx_kick(): the frames sent since the last kick go
.globl net_tx_kick
net_tx_kick:
    la t0, nd_ops
    lw t0, 0(t0)
    lw t0, ND_TX_KICK(t0)
    jr t0

# net_tx_wait() -> a0 = a frame buffer, or 0 (none for a while, or killed):
# for a process, which may sleep until the device has sent some.
.globl net_tx_wait
net_tx_wait:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    li s0, NET_TX_TRIES
1:
    call net_tx_buf
    bnez a0, 3f
    addi s0, s0, -1
    beqz s0, 2f
    call net_tx_kick                # let the device have what is queued
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, 2f
    li a0, 1                        # and look again at the next tick
    call timer_sleep
    j 1b
2:
    NET_COUNT NC_NO_TX, t0, t1      # no buffer: the frame is not sent
    li a0, 0
3:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# netdev_input(a0 = frame, a1 = length): a frame from the wire (the driver's
# interrupt handler calls this; the frame is valid until it returns).
.globl netdev_input
netdev_input:
    NET_COUNT NC_RX, t0, t2
    j ether_input                   # net/ether.s

.section .io.bss, "aw", @nobits
.balign 4
.globl net_up
net_up:                             # 1 once a network device is attached
    .space 4
nd_ops:                             # its driver's functions
    .space 4
.globl net_mac
net_mac:                            # its MAC
    .space 8
