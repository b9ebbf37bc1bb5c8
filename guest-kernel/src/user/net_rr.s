# user/net_rr.s — net-rr [N]: the benchmark's network round trip. N UDP
# request/responses of 64 bytes with the peer's echo port (7), one at a
# time: send, wait for the answer. One operation is one exchange. A first
# exchange before the measured region resolves the peer's MAC (ARP).

.include "syscalls.inc"
.include "net/net.inc"

.equ RR_BYTES, 64
.equ RR_TIMEOUT, 100                # ticks
.equ F_SEND, 0                      # the frame: two messages, the data, the peer as text
.equ F_RECV, 32
.equ F_DATA, 64
.equ F_ADDR, F_DATA + RR_BYTES
.equ F_SIZE, F_ADDR + 16

.section .user.io.text, "ax"
.globl net_rr_main
net_rr_main:
    li a2, 100
    call arg_count
    mv s0, a0                       # s0 = N
    addi sp, sp, -F_SIZE
    li a0, NETADDR_PEER
    call netaddr
    beqz a0, .Lno_network
    mv s1, a0                       # s1 = the peer
    addi a0, sp, F_ADDR
    mv a1, s1
    call ip_text
    li a0, 0
    call udp_open
    bltz a0, .Lno_network
    mv s2, a0                       # s2 = the socket
    addi a0, sp, F_SEND             # the request: to the peer's echo port
    mv a1, s1
    li a2, UDP_PORT_ECHO
    addi a3, sp, F_DATA
    li a4, RR_BYTES
    li a5, 1
    call udp_msg
    call exchange                   # the warm-up: ARP
    bnez a0, .Lfailed
    li a0, 0
    call mark                       # begin
    li s3, 0
1:
    call exchange
    bnez a0, .Lfailed
    addi s3, s3, 1
    bltu s3, s0, 1b
    li a0, 1
    call mark                       # end
    mv a0, s2
    call udp_close
    la a0, done_fmt
    mv a1, s0
    addi a2, sp, F_ADDR
    call printf
    li a0, 0
    call exit
.Lfailed:
    la a0, failed_fmt
    mv a1, s3
    addi a2, sp, F_ADDR
    call printf
    li a0, 1
    call exit
.Lno_network:
    la a0, no_network
    call printf
    li a0, 1
    call exit

# exchange() -> a0 = 0 if the request went and RR_BYTES came back in time
exchange:
    addi sp, sp, -16
    sw ra, 12(sp)
    mv a0, s2
    addi a1, sp, 16 + F_SEND
    call udp_send
    blez a0, 1f
    addi a0, sp, 16 + F_RECV
    li a1, 0
    li a2, 0
    addi a3, sp, 16 + F_DATA
    li a4, RR_BYTES
    li a5, RR_TIMEOUT
    call udp_msg
    mv a0, s2
    addi a1, sp, 16 + F_RECV
    call udp_recv
    addi a0, a0, -RR_BYTES
    j 2f
1:
    li a0, -1
2:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

done_fmt:   .asciz "net-rr: %d request/responses with %s port 7 ok\n"
failed_fmt: .asciz "net-rr: no answer after %d exchanges with %s port 7\n"
no_network: .asciz "net-rr: no network\n"
.balign 4
