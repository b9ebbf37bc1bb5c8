# user/ping.s — ping ADDR|peer [N]: N ICMP echo requests (4), each sent when the
# last one was answered or given up on (after a second), not once a second
# as ping(8) does: the network is a lab's.

.include "syscalls.inc"
.include "net/net.inc"

.equ PING_TIMEOUT, 100              # ticks: one second

.section .user.io.text, "ax"
.globl ping_main
ping_main:
    mv s0, a0
    mv s1, a1
    li t0, 2
    blt s0, t0, .Lusage
    lw a0, 4(s1)
    call ip_parse
    beqz a0, .Lnot_address
.Laddress:
    mv s2, a0                       # s2 = the address
    li s3, 4                        # s3 = N
    li t0, 3
    blt s0, t0, 1f
    lw a0, 8(s1)
    call atoi
    mv s3, a0
    blez s3, .Lusage
1:
    addi sp, sp, -16                # the address as text, at sp
    mv a0, sp
    mv a1, s2
    call ip_text
    la a0, start_fmt
    mv a1, sp
    mv a2, s3
    li a3, PING_DATA
    call printf
    li s4, 1                        # s4 = the sequence number
    li s5, 0                        # s5 = replies
2:
    bgt s4, s3, 5f
    mv a0, s2
    mv a1, s4
    li a2, PING_TIMEOUT
    call ping
    bnez a0, 3f
    addi s5, s5, 1
    la a0, reply_fmt
    li a1, ICMP_HLEN + PING_DATA
    mv a2, sp
    mv a3, s4
    call printf
    j 4f
3:
    li t0, NET_TIMEOUT
    bne a0, t0, 6f
    la a0, lost_fmt
    mv a1, sp
    mv a2, s4
    call printf
4:
    addi s4, s4, 1
    j 2b
5:
    la a0, done_fmt
    mv a1, sp
    mv a2, s3
    mv a3, s5
    call printf
    sub a0, s3, s5                  # all answered: status 0
    snez a0, a0
    call exit
6:
    li t0, NET_UNREACHABLE
    bne a0, t0, .Lno_network
    la a0, unreachable_fmt
    mv a1, sp
    call printf
    li a0, 1
    call exit
.Lno_network:
    la a0, no_network
    call printf
    li a0, 1
    call exit
.Lnot_address:
    lw a0, 4(s1)                    # or the word "peer"
    call peer_parse
    bnez a0, .Laddress
    la a0, not_address_fmt
    lw a1, 4(s1)
    call printf
    li a0, 2
    call exit
.Lusage:
    la a0, usage
    call printf
    li a0, 2
    call exit

start_fmt:       .asciz "PING %s: %d echo requests, %d data bytes\n"
reply_fmt:       .asciz "%d bytes from %s: icmp_seq=%d\n"
lost_fmt:        .asciz "no reply from %s: icmp_seq=%d\n"
done_fmt:        .asciz "%s: %d sent, %d received\n"
unreachable_fmt: .asciz "ping: %s does not answer (no ARP reply)\n"
no_network:      .asciz "ping: no network\n"
not_address_fmt: .asciz "ping: '%s' is not an IPv4 address\n"
usage:           .asciz "usage: ping ADDR|peer [N]\n"
.balign 4
