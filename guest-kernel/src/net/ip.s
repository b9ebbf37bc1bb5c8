# net/ip.s — IPv4 (RFC 791): check a received packet and hand it to ICMP or
# UDP; put the header on a packet to send; route it (our link, or the
# gateway); the Internet checksum (RFC 1071).
#
#   | 4 | IHL | TOS | total length | id | flags, fragment offset | TTL | protocol |
#   | header checksum | source address | destination address | (options) | data
#
# No fragmentation, either way: we never send a packet bigger than the
# link's MTU (UDP_MAX_DATA keeps datagrams within it, DF is set), and a
# received fragment (MF set, or an offset) is counted and dropped, since a
# teaching kernel does not reassemble. Options are skipped.

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.section .io.text, "ax"
# ip_input(a0 = packet, a1 = its length (the frame's, maybe padded), a2 = the frame)
.globl ip_input
ip_input:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw a2, 12(sp)
    mv s0, a0                       # s0 = the packet
    li t0, IP_HLEN
    bltu a1, t0, .Lbad
    lbu t0, IP_VHL(s0)
    srli t1, t0, 4
    li t2, 4
    bne t1, t2, .Lbad               # not version 4
    andi t0, t0, 15
    slli s1, t0, 2                  # s1 = the header's length
    li t2, IP_HLEN
    bltu s1, t2, .Lbad
    bltu a1, s1, .Lbad
    GET16 s2, IP_LEN, s0, t1        # s2 = the packet's length
    bltu s2, s1, .Lbad
    bltu a1, s2, .Lbad              # longer than what arrived
    mv a0, s0                       # the header's checksum sums to 0xffff
    mv a1, s1
    li a2, 0
    call inet_sum
    li t0, 0xffff
    bne a0, t0, .Lbad
    GET16 t0, IP_FRAG, s0, t1       # a fragment: dropped
    li t1, IP_MF | IP_OFFSET
    and t0, t0, t1
    bnez t0, .Lfragment
    GET32 t0, IP_DST, s0, t1        # to us, or to everyone?
    la t1, net_ip
    lw t2, 0(t1)
    beq t0, t2, 1f
    li a3, IP_BROADCAST
    beq t0, a3, 1f
    lw a3, 4(t1)                    # our subnet's broadcast address
    not a3, a3
    or a3, a3, t2
    bne t0, a3, .Lnot_ours
1:
    mv a3, t0                       # a3 = the destination
    GET32 a2, IP_SRC, s0, t1        # a2 = the source
    add a0, s0, s1                  # a0 = the data, a1 = its length
    sub a1, s2, s1
    lbu t0, IP_PROTO(s0)
    li t1, IP_PROTO_UDP
    bne t0, t1, 2f
    call udp_input                  # udp.s
    j 9f
2:
    li t1, IP_PROTO_ICMP
    bne t0, t1, .Lnot_ours
    lw a3, 12(sp)                   # ICMP wants the frame (the sender's MAC)
    call icmp_input                 # icmp.s
    j 9f
.Lfragment:
    NET_COUNT NC_FRAGMENT, t0, t1
    j 9f
.Lnot_ours:
    NET_COUNT NC_NOT_OURS, t0, t1
    j 9f
.Lbad:
    NET_COUNT NC_BAD, t0, t1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

# ip_send(a0 = frame, a1 = bytes of data at FRAME_L4, a2 = destination, a3 =
# IP_PROTO_*, a4 = the next hop's MAC): the IPv4 and Ethernet headers, and
# off it goes (at the next kick).
.globl ip_send
ip_send:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw a0, 20(sp)
    sw a1, 16(sp)
    sw a4, 12(sp)
    addi s0, a0, FRAME_IP           # s0 = the header
    li t0, IP_VHL_PLAIN
    sb t0, IP_VHL(s0)
    sb zero, IP_TOS(s0)
    addi t0, a1, IP_HLEN
    PUT16 t0, IP_LEN, s0, t1
    la t0, ip_next_id
    lw t1, 0(t0)
    addi t2, t1, 1
    sw t2, 0(t0)
    PUT16 t1, IP_ID, s0, t2
    li t0, IP_DF
    PUT16 t0, IP_FRAG, s0, t1
    li t0, IP_TTL_DEFAULT
    sb t0, IP_TTL(s0)
    sb a3, IP_PROTO(s0)
    sb zero, IP_SUM(s0)
    sb zero, IP_SUM + 1(s0)
    la t0, net_ip
    lw t0, 0(t0)
    PUT32 t0, IP_SRC, s0, t1
    PUT32 a2, IP_DST, s0, t1
    mv a0, s0
    li a1, IP_HLEN
    li a2, 0
    call inet_sum
    not a0, a0
    PUT16 a0, IP_SUM, s0, t1
    lw a0, 20(sp)
    lw a1, 16(sp)
    addi a1, a1, IP_HLEN
    lw a2, 12(sp)
    li a3, ETH_P_IP
    call ether_send                 # ether.s
    lw ra, 28(sp)
    lw s0, 24(sp)
    addi sp, sp, 32
    ret

# ip_resolve(a0 = destination, a1 = where to put the next hop's MAC) -> a0 =
# 0, or arp_resolve's error. The next hop is the destination on our link,
# the gateway otherwise; the broadcast address needs no ARP. May sleep.
.globl ip_resolve
ip_resolve:
    li t0, IP_BROADCAST
    bne a0, t0, 2f
    li t0, 0xff                     # everyone
    li t1, ETH_ALEN
1:
    sb t0, 0(a1)
    addi a1, a1, 1
    addi t1, t1, -1
    bnez t1, 1b
    li a0, 0
    ret
2:
    la t0, net_ip
    lw t1, 0(t0)                    # ours
    lw t2, 4(t0)                    # the mask
    xor t1, t1, a0
    and t1, t1, t2
    beqz t1, 3f                     # on our link
    lw t1, 8(t0)                    # through the gateway, if we have one
    beqz t1, 3f
    mv a0, t1
3:
    j arp_resolve                   # arp.s

# inet_sum(a0 = bytes, a1 = length, a2 = a sum to add to) -> a0 = their
# 16-bit ones' complement sum (RFC 1071), folded, not complemented. Big-
# endian pairs; an odd last byte counts as its pair's high half.
.globl inet_sum
inet_sum:
    mv t0, a2
1:
    li t1, 2
    bltu a1, t1, 2f
    lbu t1, 0(a0)
    lbu t2, 1(a0)
    slli t1, t1, 8
    or t1, t1, t2
    add t0, t0, t1
    addi a0, a0, 2
    addi a1, a1, -2
    j 1b
2:
    beqz a1, 3f
    lbu t1, 0(a0)
    slli t1, t1, 8
    add t0, t0, t1
3:
    srli t1, t0, 16                 # fold the carries back in
    beqz t1, 4f
    slli t0, t0, 16
    srli t0, t0, 16
    add t0, t0, t1
    j 3b
4:
    mv a0, t0
    ret

.section .io.bss, "aw", @nobits
.balign 4
ip_next_id:                         # the next packet's identification
    .space 4
