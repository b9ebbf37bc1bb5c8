# net/ether.s — Ethernet: a received frame's first look, and the header of a
# frame to send.
#
#   | destination MAC 6 | source MAC 6 | type 2 | packet ... |
#
# A frame is ours if it is sent to our MAC or to the broadcast address
# ff:ff:ff:ff:ff:ff; its type says whose it is: ARP (arp.s) or IPv4 (ip.s).
# Everything else is counted and dropped.

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.section .io.text, "ax"
# ether_input(a0 = frame, a1 = length)
.globl ether_input
ether_input:
    li t0, ETH_HLEN
    bltu a1, t0, 8f
    la t0, net_mac                  # to us?
    li t1, 0
    li a3, 1                        # a3 = 1 while it is to us
    li a4, 1                        # a4 = 1 while it is to everyone
1:
    add t2, a0, t1
    lbu t2, ETH_DST(t2)
    add a5, t0, t1
    lbu a5, 0(a5)
    beq t2, a5, 2f
    li a3, 0
2:
    li a5, 0xff
    beq t2, a5, 3f
    li a4, 0
3:
    addi t1, t1, 1
    li t2, ETH_ALEN
    bltu t1, t2, 1b
    or a3, a3, a4
    beqz a3, 9f
    GET16 t1, ETH_TYPE, a0, t2
    mv a2, a0                       # a2 = the frame (for the sender's MAC)
    addi a0, a0, ETH_HLEN           # a0 = the packet, a1 = its length
    addi a1, a1, -ETH_HLEN
    li t2, ETH_P_IP
    bne t1, t2, 4f
    j ip_input                      # ip.s
4:
    li t2, ETH_P_ARP
    bne t1, t2, 9f
    j arp_input                     # arp.s
9:
    NET_COUNT NC_NOT_OURS, t0, t1
    ret
8:
    NET_COUNT NC_BAD, t0, t1
    ret

# ether_send(a0 = frame, a1 = bytes after the header, a2 = destination MAC,
# a3 = ETH_P_*): fill the header (we are the source) and send the frame.
.globl ether_send
ether_send:
    la t0, net_mac
    li t1, 0
1:
    add t2, a2, t1
    lbu t2, 0(t2)
    add a4, a0, t1
    sb t2, ETH_DST(a4)
    add t2, t0, t1
    lbu t2, 0(t2)
    sb t2, ETH_SRC(a4)
    addi t1, t1, 1
    li t2, ETH_ALEN
    bltu t1, t2, 1b
    PUT16 a3, ETH_TYPE, a0, t0
    addi a1, a1, ETH_HLEN
    j net_tx_send                   # drivers/netdev.s

.section .io.rodata, "a"
.globl eth_broadcast
eth_broadcast:
    .byte 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
