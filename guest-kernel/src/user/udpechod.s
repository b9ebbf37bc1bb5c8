# user/udpechod.s — udpechod [PORT] [N]: a UDP echo server (RFC 862): every
# datagram to PORT (7) goes back to its sender as it came; N datagrams (0,
# the default: for ever), each reported.

.include "syscalls.inc"
.include "net/net.inc"

.equ F_MSG, 0                       # the frame: the message, the sender as text,
.equ F_ADDR, 32                     # the data
.equ F_DATA, 48
.equ F_SIZE, F_DATA + UDP_MAX_DATA + 16

.section .user.io.text, "ax"
.globl udpechod_main
udpechod_main:
    mv s0, a0
    mv s1, a1
    li t0, -F_SIZE
    add sp, sp, t0
    li s2, UDP_PORT_ECHO            # s2 = the port
    li t0, 2
    blt s0, t0, 1f
    lw a0, 4(s1)
    call atoi
    mv s2, a0
    blez s2, .Lusage
1:
    li s3, 0                        # s3 = N, 0: for ever
    li t0, 3
    blt s0, t0, 2f
    lw a0, 8(s1)
    call atoi
    mv s3, a0
    bltz s3, .Lusage
2:
    mv a0, s2
    call udp_open
    bltz a0, .Lno_port
    mv s4, a0                       # s4 = the socket
    la a0, start_fmt
    mv a1, s2
    call printf
    li s5, 0                        # s5 = datagrams echoed
3:
    beqz s3, 4f
    bgeu s5, s3, 5f
4:
    addi a0, sp, F_MSG              # the next datagram, however long we wait
    li a1, 0
    li a2, 0
    addi a3, sp, F_DATA
    li a4, UDP_MAX_DATA
    li a5, 0
    call udp_msg
    mv a0, s4
    addi a1, sp, F_MSG
    call udp_recv
    bltz a0, 6f
    mv s6, a0                       # s6 = its length; the message names the sender
    li t0, 1
    sw t0, F_MSG + UM_COUNT(sp)     # back to it, once
    mv a0, s4
    addi a1, sp, F_MSG
    call udp_send
    blez a0, 6f
    addi s5, s5, 1
    addi a0, sp, F_ADDR
    lw a1, F_MSG + UM_ADDR(sp)
    call ip_text
    la a0, echo_fmt
    mv a1, s6
    addi a2, sp, F_ADDR
    lw a3, F_MSG + UM_PORT(sp)
    call printf
    j 3b
5:
    mv a0, s4
    call udp_close
    li a0, 0
    call exit
6:
    la a0, failed
    call printf
    li a0, 1
    call exit
.Lno_port:
    la a0, no_port_fmt
    mv a1, s2
    call printf
    li a0, 1
    call exit
.Lusage:
    la a0, usage
    call printf
    li a0, 2
    call exit

start_fmt:   .asciz "udpechod: echoing on port %d\n"
echo_fmt:    .asciz "udpechod: %d bytes from %s port %d, echoed\n"
failed:      .asciz "udpechod: the network failed\n"
no_port_fmt: .asciz "udpechod: no port %d (no network, or taken)\n"
usage:       .asciz "usage: udpechod [PORT] [N]\n"
.balign 4
