# net/icmp.s — ICMP echo (RFC 792): answering pings, and pinging.
#
#   | type | code | checksum | identifier | sequence | data ... |
#
# An echo request to us is answered at once, from the interrupt handler
# that received it: the same message back with type ECHO_REPLY, to the MAC
# it came from. The ping system call sends a request (identifier = the
# caller's pid) and sleeps until the matching reply arrives or the timeout
# passes; PING_WAITERS pings can wait at once.

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.equ PING_WAITERS, 4
.equ PW_KEY,       0                # identifier << 16 | sequence; 0: free slot
.equ PW_DONE,      4                # 1 once the reply came
.equ PW_SIZE,      8
.equ PING_MAX_WAIT, 1000            # ticks (10 s) a ping waits at most

.section .io.text, "ax"
# icmp_input(a0 = message, a1 = its length, a2 = the sender's address, a3 = the frame)
.globl icmp_input
icmp_input:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw a3, 12(sp)
    mv s0, a0                       # s0 = the message
    mv s1, a1                       # s1 = its length
    mv s2, a2                       # s2 = the sender
    li t0, ICMP_HLEN
    bltu a1, t0, .Lbad
    li a2, 0                        # the checksum covers it all
    call inet_sum
    li t0, 0xffff
    bne a0, t0, .Lbad
    lbu t0, ICMP_TYPE(s0)
    li t1, ICMP_ECHO_REQUEST
    beq t0, t1, .Lrequest
    li t1, ICMP_ECHO_REPLY
    bne t0, t1, .Lnot_ours
    GET16 t0, ICMP_ID, s0, t1       # a reply: whose?
    GET16 t1, ICMP_SEQ, s0, t2
    slli t0, t0, 16
    or t0, t0, t1
    beqz t0, .Lnot_ours
    la t1, ping_waiters
    li t2, PING_WAITERS
1:
    lw a0, PW_KEY(t1)
    beq a0, t0, 2f
    addi t1, t1, PW_SIZE
    addi t2, t2, -1
    bnez t2, 1b
    j .Lnot_ours                    # nobody waits for it (late, or not ours)
2:
    li t0, 1
    sw t0, PW_DONE(t1)
    call net_wakeup                 # netif.s
    j 9f
.Lrequest:                          # a request: the same message back
    call net_tx_buf
    beqz a0, 9f                     # no buffer: the pinger will see a loss
    sw a0, 8(sp)
    addi a0, a0, FRAME_L4
    mv a1, s0
    mv a2, s1
    call kmemcpy
    li t0, ICMP_ECHO_REPLY
    sb t0, ICMP_TYPE(a0)
    sb zero, ICMP_SUM(a0)
    sb zero, ICMP_SUM + 1(a0)
    mv a1, s1
    li a2, 0
    call inet_sum
    not a0, a0
    lw t0, 8(sp)
    addi t0, t0, FRAME_L4
    PUT16 a0, ICMP_SUM, t0, t1
    lw a0, 8(sp)
    mv a1, s1
    mv a2, s2
    li a3, IP_PROTO_ICMP
    lw a4, 12(sp)                   # to the MAC it came from
    addi a4, a4, ETH_SRC
    call ip_send                    # ip.s (the driver kicks after its batch)
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

# ping(addr, seq, timeout) -> 0: the echo reply came; NET_TIMEOUT: not within
# timeout ticks; NET_UNREACHABLE: the next hop did not answer ARP; NET_ERR: no
# network, a bad argument, or killed. One echo request of PING_DATA bytes.
.globl sys_ping
sys_ping:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    sw s3, 28(sp)
    mv s0, a0                       # s0 = the address
    mv s1, a2                       # s1 = the timeout
    la t0, net_up
    lw t0, 0(t0)
    beqz t0, .Lerr
    addi t0, s1, -1
    li t1, PING_MAX_WAIT
    bgeu t0, t1, .Lerr              # 1..PING_MAX_WAIT ticks
    la t0, curproc                  # s2 = the key: pid << 16 | seq
    lw t0, 0(t0)
    lw t0, P_PID(t0)
    slli s2, t0, 16
    slli a1, a1, 16
    srli a1, a1, 16
    or s2, s2, a1
    la s3, ping_waiters             # s3 = a free slot
    li t0, PING_WAITERS
1:
    lw t1, PW_KEY(s3)
    beqz t1, 2f
    addi s3, s3, PW_SIZE
    addi t0, t0, -1
    bnez t0, 1b
    j .Lerr                         # too many pings at once
2:
    sw s2, PW_KEY(s3)               # ours (resolving may sleep)
    sw zero, PW_DONE(s3)
    mv a0, s0                       # the next hop's MAC, at 16(sp)
    addi a1, sp, 16
    call ip_resolve
    beqz a0, 7f
    sw zero, PW_KEY(s3)
    j .Lout
7:
    call net_tx_wait
    beqz a0, .Lfree
    sw a0, 0(sp)
    addi t0, a0, FRAME_L4           # the request
    li t1, ICMP_ECHO_REQUEST
    sb t1, ICMP_TYPE(t0)
    sb zero, ICMP_CODE(t0)
    sb zero, ICMP_SUM(t0)
    sb zero, ICMP_SUM + 1(t0)
    srli t1, s2, 16
    PUT16 t1, ICMP_ID, t0, t2
    PUT16 s2, ICMP_SEQ, t0, t2
    li t1, 0                        # data: 0, 1, 2, ...
3:
    add t2, t0, t1
    sb t1, ICMP_HLEN(t2)
    addi t1, t1, 1
    li t2, PING_DATA
    bltu t1, t2, 3b
    mv a0, t0
    li a1, ICMP_HLEN + PING_DATA
    li a2, 0
    call inet_sum
    not a0, a0
    lw t0, 0(sp)
    addi t0, t0, FRAME_L4
    PUT16 a0, ICMP_SUM, t0, t1
    lw a0, 0(sp)
    li a1, ICMP_HLEN + PING_DATA
    mv a2, s0
    li a3, IP_PROTO_ICMP
    addi a4, sp, 16
    call ip_send
    call net_tx_kick
    mv a0, s1
    call net_deadline
    mv s1, a0                       # s1 = the deadline
4:
    lw t0, PW_DONE(s3)
    bnez t0, 5f
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, .Lfree
    call timer_update
    la t0, ticks
    lw t0, 0(t0)
    bgeu t0, s1, 6f
    mv a0, s1
    call net_sleep
    j 4b
5:
    sw zero, PW_KEY(s3)             # the reply
    li a0, 0
    j .Lout
6:
    sw zero, PW_KEY(s3)             # none in time
    li a0, NET_TIMEOUT
    j .Lout
.Lfree:
    sw zero, PW_KEY(s3)
.Lerr:
    li a0, NET_ERR
.Lout:
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    lw s3, 28(sp)
    addi sp, sp, 48
    ret

.section .io.bss, "aw", @nobits
.balign 4
ping_waiters:
    .space PW_SIZE * PING_WAITERS
