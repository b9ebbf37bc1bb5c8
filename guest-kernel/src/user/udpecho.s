# user/udpecho.s — udpecho [ADDR] [N] [PORT]: a UDP echo client. N (3)
# datagrams "udpecho 1", "udpecho 2", ... to ADDR (the peer) port PORT (7,
# RFC 862's echo); each must come back, the same, within a second.

.include "syscalls.inc"
.include "net/net.inc"

.equ ECHO_TIMEOUT, 100              # ticks
.equ TEXT_MAX, 32

# the frame: the message at 0, the text sent at 32, the text back at 64,
# the address as text at 96, the format's argument at 112
.equ F_MSG, 0
.equ F_OUT, 32
.equ F_IN, 64
.equ F_ADDR, 96
.equ F_ARG, 112
.equ F_SIZE, 128

.section .user.io.text, "ax"
.globl udpecho_main
udpecho_main:
    mv s0, a0
    mv s1, a1
    addi sp, sp, -F_SIZE
    li a0, NETADDR_PEER             # s2 = the address: the peer's, or ADDR
    call netaddr
    mv s2, a0
    li t0, 2
    blt s0, t0, 1f
    lw a0, 4(s1)
    call ip_parse
    beqz a0, .Lusage
    mv s2, a0
1:
    beqz s2, .Lno_network
    li s3, 3                        # s3 = N
    li t0, 3
    blt s0, t0, 2f
    lw a0, 8(s1)
    call atoi
    mv s3, a0
    blez s3, .Lusage
2:
    li s4, UDP_PORT_ECHO            # s4 = the port
    li t0, 4
    blt s0, t0, 3f
    lw a0, 12(s1)
    call atoi
    mv s4, a0
    blez s4, .Lusage
3:
    addi a0, sp, F_ADDR
    mv a1, s2
    call ip_text
    li a0, 0
    call udp_open
    bltz a0, .Lno_network
    mv s5, a0                       # s5 = the socket
    li s6, 1                        # s6 = the datagram's number
4:
    bgt s6, s3, 6f
    sw s6, F_ARG(sp)                # "udpecho N"
    addi a0, sp, F_OUT
    la a1, text_fmt
    addi a2, sp, F_ARG
    call uformat
    mv s7, a0                       # s7 = its length
    addi a0, sp, F_MSG
    mv a1, s2
    mv a2, s4
    addi a3, sp, F_OUT
    mv a4, s7
    li a5, 1
    call udp_msg
    mv a0, s5
    addi a1, sp, F_MSG
    call udp_send
    blez a0, .Lsend_failed
    addi a0, sp, F_MSG              # wait for it to come back
    li a1, 0
    li a2, 0
    addi a3, sp, F_IN
    li a4, TEXT_MAX
    li a5, ECHO_TIMEOUT
    call udp_msg
    mv a0, s5
    addi a1, sp, F_MSG
    call udp_recv
    bltz a0, .Lno_echo
    bne a0, s7, .Lwrong             # the same bytes?
    li t0, 0
5:
    add t1, sp, t0
    lbu t2, F_OUT(t1)
    lbu t1, F_IN(t1)
    bne t1, t2, .Lwrong
    addi t0, t0, 1
    bltu t0, s7, 5b
    addi s6, s6, 1
    j 4b
6:
    mv a0, s5
    call udp_close
    la a0, done_fmt
    mv a1, s3
    mv a2, s3
    addi a3, sp, F_ADDR
    mv a4, s4
    call printf
    li a0, 0
    call exit
.Lsend_failed:
.Lno_echo:
    la a0, no_echo_fmt
    mv a1, s6
    addi a2, sp, F_ADDR
    mv a3, s4
    call printf
    li a0, 1
    call exit
.Lwrong:
    la a0, wrong_fmt
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

text_fmt:    .asciz "udpecho %d"
done_fmt:    .asciz "udpecho: %d of %d datagrams echoed by %s port %d\n"
no_echo_fmt: .asciz "udpecho: datagram %d: no echo from %s port %d\n"
wrong_fmt:   .asciz "udpecho: datagram %d came back changed\n"
no_network:  .asciz "udpecho: no network\n"
usage:       .asciz "usage: udpecho [ADDR] [N] [PORT]\n"
.balign 4
