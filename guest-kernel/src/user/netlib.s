# user/netlib.s — the network programs' helpers (the image's second part):
# IPv4 addresses as text, and the udp_send/udp_recv message (net/net.inc).

.include "net/net.inc"

.section .user.io.text, "ax"
# ip_parse(a0 = text) -> a0 = the address "a.b.c.d" is, or 0 if it is not one
.globl ip_parse
ip_parse:
    li a1, 0                        # the address so far
    li a2, 0                        # numbers read
1:
    lbu t0, 0(a0)
    addi t0, t0, -'0'
    li t1, 10
    bgeu t0, t1, 9f                 # a number must start here
    li a3, 0
2:
    lbu t0, 0(a0)
    addi t0, t0, -'0'
    li t1, 10
    bgeu t0, t1, 3f
    mul a3, a3, t1
    add a3, a3, t0
    li t1, 255
    bgtu a3, t1, 9f
    addi a0, a0, 1
    j 2b
3:
    slli a1, a1, 8
    or a1, a1, a3
    addi a2, a2, 1
    lbu t0, 0(a0)
    li t1, 4
    beq a2, t1, 4f
    li t1, '.'
    bne t0, t1, 9f
    addi a0, a0, 1
    j 1b
4:
    bnez t0, 9f                     # more after the fourth number
    mv a0, a1
    ret
9:
    li a0, 0
    ret

# peer_parse(a0 = text) -> a0 = the peer's address (netif.s's peer=) if the
# text is the word "peer", or 0. Programs try it after ip_parse failed, so an
# address costs no instruction more.
.globl peer_parse
peer_parse:
    la a1, peer_word
1:
    lbu t0, 0(a0)
    lbu t1, 0(a1)
    bne t0, t1, 9f
    addi a0, a0, 1
    addi a1, a1, 1
    bnez t0, 1b
    li a0, NETADDR_PEER
    tail netaddr                    # the peer, or 0 with no network
9:
    li a0, 0
    ret

# ip_text(a0 = a 16-byte buffer, a1 = address) -> a0 = the buffer, holding "a.b.c.d"
.globl ip_text
ip_text:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw a0, 24(sp)
    srli t0, a1, 24
    sw t0, 0(sp)
    srli t0, a1, 16
    andi t0, t0, 0xff
    sw t0, 4(sp)
    srli t0, a1, 8
    andi t0, t0, 0xff
    sw t0, 8(sp)
    andi t0, a1, 0xff
    sw t0, 12(sp)
    la a1, quad
    mv a2, sp
    call uformat                    # ulib.s
    lw t0, 24(sp)
    add t0, t0, a0
    sb zero, 0(t0)
    lw a0, 24(sp)
    lw ra, 28(sp)
    addi sp, sp, 32
    ret

# udp_msg(a0 = message, a1 = address, a2 = port, a3 = buffer, a4 = length,
# a5 = count (send) or timeout (receive)): fill a UM_* record.
.globl udp_msg
udp_msg:
    sw a1, UM_ADDR(a0)
    sw a2, UM_PORT(a0)
    sw a3, UM_BUF(a0)
    sw a4, UM_LEN(a0)
    sw a5, UM_COUNT(a0)
    sw a5, UM_TIMEOUT(a0)
    ret

# Text last: GNU as (and so pvlab's) does not pad code after an odd-length string.
quad:      .asciz "%d.%d.%d.%d"
peer_word: .asciz "peer"
.balign 4
