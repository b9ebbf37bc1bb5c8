# user/net_stream.s — net-stream [N] [BATCH]: the benchmark's network
# stream. N UDP datagrams of 1024 bytes to the peer's discard port (9),
# BATCH (8, at most NET_BATCH) a system call, each call one notification
# of the device. One operation is one datagram. A first datagram before the
# measured region resolves the peer's MAC (ARP).

.include "syscalls.inc"
.include "net/net.inc"

.equ STREAM_BYTES, 1024
.equ F_MSG, 0
.equ F_ADDR, 32
.equ F_DATA, 48
.equ F_SIZE, F_DATA + STREAM_BYTES

.section .user.io.text, "ax"
.globl net_stream_main
net_stream_main:
    mv s0, a0
    mv s1, a1
    li t0, -F_SIZE
    add sp, sp, t0
    mv a0, s0
    mv a1, s1
    li a2, 256
    call arg_count
    mv s2, a0                       # s2 = N
    li s3, NET_BATCH                # s3 = BATCH
    li t0, 3
    blt s0, t0, 1f
    lw a0, 8(s1)
    call atoi
    mv s3, a0
    addi t0, s3, -1
    li t1, NET_BATCH
    bgeu t0, t1, .Lusage
1:
    li a0, NETADDR_PEER
    call netaddr
    beqz a0, .Lno_network
    mv s4, a0                       # s4 = the peer
    addi a0, sp, F_ADDR
    mv a1, s4
    call ip_text
    li a0, 0
    call udp_open
    bltz a0, .Lno_network
    mv s5, a0                       # s5 = the socket
    addi a0, sp, F_DATA             # the data: 'x's
    li a1, 'x'
    li a2, STREAM_BYTES
    call memset
    addi a0, sp, F_MSG
    mv a1, s4
    li a2, UDP_PORT_DISCARD
    addi a3, sp, F_DATA
    li a4, STREAM_BYTES
    li a5, 1
    call udp_msg
    mv a0, s5                       # the warm-up: ARP
    addi a1, sp, F_MSG
    call udp_send
    blez a0, .Lfailed
    li a0, 0
    call mark                       # begin
    li s6, 0                        # s6 = sent
2:
    bgeu s6, s2, 4f
    sub t0, s2, s6                  # this call: BATCH, or what is left
    mv t1, s3
    bleu t1, t0, 3f
    mv t1, t0
3:
    sw t1, F_MSG + UM_COUNT(sp)
    mv a0, s5
    addi a1, sp, F_MSG
    call udp_send
    blez a0, .Lfailed
    add s6, s6, a0
    j 2b
4:
    li a0, 1
    call mark                       # end
    mv a0, s5
    call udp_close
    la a0, done_fmt
    mv a1, s2
    li a2, STREAM_BYTES
    addi a3, sp, F_ADDR
    mv a4, s3
    call printf
    li a0, 0
    call exit
.Lfailed:
    la a0, failed_fmt
    mv a1, s6
    call printf
    li a0, 1
    call exit
.Lno_network:
    la a0, no_network
    call printf
    li a0, 1
    call exit
.Lusage:
    la a0, usage
    call printf
    li a0, 2
    call exit

done_fmt:   .asciz "net-stream: %d datagrams of %d bytes to %s port 9, %d a call, ok\n"
failed_fmt: .asciz "net-stream: sending failed after %d datagrams\n"
no_network: .asciz "net-stream: no network\n"
usage:      .asciz "usage: net-stream [N] [BATCH 1..8]\n"
.balign 4
