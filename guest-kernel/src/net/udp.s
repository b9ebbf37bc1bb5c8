# net/udp.s — UDP (RFC 768): sockets for processes.
#
#   | source port | destination port | length | checksum | data ... |
#
# A socket is a local port and a queue of UDP_QLEN received datagrams, in a
# page of its own; UDP_NSOCK sockets exist. A datagram for a port nobody
# has open, or for a full queue, is counted and dropped (bounded: a flood
# costs nothing but the drops). The system calls:
#
#   udp_open(port) -> socket        port 0: one of ours from 49152 up
#   udp_close(socket)
#   udp_send(socket, msg) -> datagrams sent: msg (net.inc, UM_*) names the
#       peer, the data and a count (1..NET_BATCH) of copies to send, all
#       with one notification of the device
#   udp_recv(socket, msg) -> bytes: waits (up to msg's timeout in ticks, 0 =
#       for ever) for a datagram; fills the buffer and says who sent it
#
# A socket belongs to the process that opened it; one left open by a
# process that has gone is taken back by the next udp_open.

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.equ UDP_NSOCK,     4
.equ SK_PORT,       0               # its port; 0: a free socket
.equ SK_OWNER,      4               # the pid that opened it
.equ SK_QUEUE,      8               # its page: UDP_QLEN slots of QD_SIZE bytes
.equ SK_HEAD,       12              # the oldest datagram's slot
.equ SK_COUNT,      16              # datagrams queued
.equ SK_SIZE,       20
.equ UDP_QLEN,      2
.equ QD_ADDR,       0               # a queued datagram: who sent it ...
.equ QD_PORT,       4
.equ QD_LEN,        8               # ... its length, its data
.equ QD_DATA,       12
.equ QD_SIZE,       PAGE_SIZE / UDP_QLEN
.if QD_DATA + UDP_MAX_DATA > QD_SIZE
.error "a queue slot must hold the largest datagram"
.endif
.equ UDP_EPHEMERAL, 49152           # the ports udp_open(0) hands out: 49152..65535
.equ UDP_PORT_MAX,  65535

.section .io.text, "ax"
# udp_open(port) -> a socket, or NET_ERR (no network, a bad or taken port, no
# free socket, no memory)
.globl sys_udp_open
sys_udp_open:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s0, a0                       # s0 = the port
    la t0, net_up
    lw t0, 0(t0)
    beqz t0, 8f
    li t0, UDP_PORT_MAX
    bgtu s0, t0, 8f
    call udp_reclaim
    bnez s0, 3f
    li s1, UDP_NSOCK + 1            # port 0: the next free ephemeral port
1:                                  # (UDP_NSOCK + 1 tries: one is free)
    la t0, udp_next_port
    lw s0, 0(t0)
    addi t1, s0, 1
    li t2, UDP_PORT_MAX
    bleu t1, t2, 2f
    li t1, UDP_EPHEMERAL
2:
    sw t1, 0(t0)
    mv a0, s0
    call udp_find
    beqz a0, 4f
    addi s1, s1, -1
    bnez s1, 1b
    j 8f
3:
    mv a0, s0                       # a port of the caller's choice: not taken
    call udp_find
    bnez a0, 8f
4:
    la s1, udp_socks                # a free socket
    li t0, UDP_NSOCK
5:
    lw t1, SK_PORT(s1)
    beqz t1, 6f
    addi s1, s1, SK_SIZE
    addi t0, t0, -1
    bnez t0, 5b
    j 8f
6:
    call kalloc
    beqz a0, 8f
    sw a0, SK_QUEUE(s1)
    sw s0, SK_PORT(s1)
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_PID(t0)
    sw t0, SK_OWNER(s1)
    sw zero, SK_HEAD(s1)
    sw zero, SK_COUNT(s1)
    la t0, udp_socks                # its index
    sub a0, s1, t0
    li t0, SK_SIZE
    divu a0, a0, t0
    j 9f
8:
    li a0, NET_ERR
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# udp_close(socket) -> 0, or NET_ERR if it is not the caller's
.globl sys_udp_close
sys_udp_close:
    addi sp, sp, -16
    sw ra, 12(sp)
    call udp_sock
    beqz a0, 1f
    call udp_free
    li a0, 0
    j 2f
1:
    li a0, NET_ERR
2:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# udp_free(a0 = socket record): give its page back; the socket is free.
udp_free:
    sw zero, SK_PORT(a0)
    lw a0, SK_QUEUE(a0)
    j kfree

# udp_sock(a0 = socket index) -> a0 = its record if the caller owns it, else 0
udp_sock:
    li t0, UDP_NSOCK
    bgeu a0, t0, 1f
    li t0, SK_SIZE
    mul a0, a0, t0
    la t0, udp_socks
    add a0, a0, t0
    lw t0, SK_PORT(a0)
    beqz t0, 1f
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_PID(t0)
    lw t1, SK_OWNER(a0)
    bne t0, t1, 1f
    ret
1:
    li a0, 0
    ret

# udp_find(a0 = port) -> a0 = the socket open on it, or 0
udp_find:
    la t0, udp_socks
    li t1, UDP_NSOCK
1:
    lw t2, SK_PORT(t0)
    beq t2, a0, 2f
    addi t0, t0, SK_SIZE
    addi t1, t1, -1
    bnez t1, 1b
    li a0, 0
    ret
2:
    mv a0, t0
    ret

# udp_reclaim(): free the sockets whose owner is no more (or a zombie).
udp_reclaim:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    la s0, udp_socks
1:
    lw t0, SK_PORT(s0)
    beqz t0, 4f
    lw t0, SK_OWNER(s0)
    la t1, proc
    la t2, proc_end
2:
    lw a0, P_STATE(t1)              # a live process with that pid?
    li a1, PROC_UNUSED
    beq a0, a1, 3f
    li a1, PROC_ZOMBIE
    beq a0, a1, 3f
    lw a0, P_PID(t1)
    beq a0, t0, 4f                  # yes: the socket stays
3:
    addi t1, t1, PROC_SIZE
    bltu t1, t2, 2b
    mv a0, s0                       # no: take it back
    call udp_free
4:
    addi s0, s0, SK_SIZE
    la t0, udp_socks + SK_SIZE * UDP_NSOCK
    bltu s0, t0, 1b
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# udp_sum(a0 = UDP header, a1 = its length with the data, a2 = source, a3 =
# destination) -> a0 = the ones' complement sum over the pseudo header
# (source, destination, protocol, length) and the datagram, folded
.globl udp_sum
udp_sum:
    srli t0, a2, 16
    slli t1, a2, 16
    srli t1, t1, 16
    add t0, t0, t1
    srli t1, a3, 16
    add t0, t0, t1
    slli t1, a3, 16
    srli t1, t1, 16
    add t0, t0, t1
    addi t0, t0, IP_PROTO_UDP
    add a2, t0, a1
    j inet_sum                      # ip.s

# udp_send(socket, msg) -> datagrams sent (from the first, as buffers come),
# or NET_ERR, or NET_UNREACHABLE
.globl sys_udp_send
sys_udp_send:
    addi sp, sp, -64
    sw ra, 60(sp)
    sw s0, 56(sp)
    sw s1, 52(sp)
    sw s2, 48(sp)
    sw s3, 44(sp)
    mv s1, a1
    call udp_sock
    beqz a0, .Lsend_err
    mv s0, a0                       # s0 = the socket
    mv a0, sp                       # the message, at sp
    mv a1, s1
    li a2, UM_SIZE
    call copyin
    bnez a0, .Lsend_err
    lw t0, UM_LEN(sp)
    li t1, UDP_MAX_DATA
    bgtu t0, t1, .Lsend_err
    lw t0, UM_COUNT(sp)
    addi t0, t0, -1
    li t1, NET_BATCH
    bgeu t0, t1, .Lsend_err
    lw t0, UM_PORT(sp)
    addi t0, t0, -1
    li t1, UDP_PORT_MAX
    bgeu t0, t1, .Lsend_err
    lw a0, UM_BUF(sp)
    lw a1, UM_LEN(sp)
    li a2, 0
    call uvm_check
    bnez a0, .Lsend_err
    lw a0, UM_ADDR(sp)              # the next hop's MAC, at sp+24
    addi a1, sp, 24
    call ip_resolve
    bnez a0, .Lsend_out
    li s2, 0                        # s2 = sent
1:
    lw t0, UM_COUNT(sp)
    bgeu s2, t0, 2f
    call net_tx_wait
    beqz a0, 2f
    mv s3, a0                       # s3 = the frame
    addi a0, s3, FRAME_UDP_DATA
    lw a1, UM_BUF(sp)
    lw a2, UM_LEN(sp)
    call copyin                     # checked above
    addi t0, s3, FRAME_L4           # the header
    lw t1, SK_PORT(s0)
    PUT16 t1, UDP_SPORT, t0, t2
    lw t1, UM_PORT(sp)
    PUT16 t1, UDP_DPORT, t0, t2
    lw t1, UM_LEN(sp)
    addi t1, t1, UDP_HLEN
    PUT16 t1, UDP_LEN, t0, t2
    sb zero, UDP_SUM(t0)
    sb zero, UDP_SUM + 1(t0)
    mv a0, t0
    mv a1, t1
    la t1, net_ip
    lw a2, 0(t1)
    lw a3, UM_ADDR(sp)
    call udp_sum
    not a0, a0
    slli a0, a0, 16
    srli a0, a0, 16
    bnez a0, 3f
    li a0, 0xffff                   # 0 means "no checksum": send its other form
3:
    addi t0, s3, FRAME_L4
    PUT16 a0, UDP_SUM, t0, t1
    mv a0, s3
    lw a1, UM_LEN(sp)
    addi a1, a1, UDP_HLEN
    lw a2, UM_ADDR(sp)
    li a3, IP_PROTO_UDP
    addi a4, sp, 24
    call ip_send
    addi s2, s2, 1
    j 1b
2:
    call net_tx_kick                # one notification for the batch
    mv a0, s2
    bnez a0, .Lsend_out
.Lsend_err:
    li a0, NET_ERR
.Lsend_out:
    lw ra, 60(sp)
    lw s0, 56(sp)
    lw s1, 52(sp)
    lw s2, 48(sp)
    lw s3, 44(sp)
    addi sp, sp, 64
    ret

# udp_recv(socket, msg) -> bytes received, NET_TIMEOUT, or NET_ERR
.globl sys_udp_recv
sys_udp_recv:
    addi sp, sp, -48                # the message at sp, the user's pointer to it at 24
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    sw a1, 24(sp)
    call udp_sock
    beqz a0, .Lrecv_err
    mv s0, a0                       # s0 = the socket
    mv a0, sp
    lw a1, 24(sp)
    li a2, UM_SIZE
    call copyin
    bnez a0, .Lrecv_err
    lw a0, UM_BUF(sp)
    lw a1, UM_LEN(sp)
    li a2, 1
    call uvm_check
    bnez a0, .Lrecv_err
    li s2, 0                        # s2 = the deadline, 0: none
    lw a0, UM_TIMEOUT(sp)
    beqz a0, 1f
    call net_deadline
    mv s2, a0
1:
    lw t0, SK_COUNT(s0)
    bnez t0, 3f
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, .Lrecv_err
    beqz s2, 2f
    call timer_update
    la t0, ticks
    lw t0, 0(t0)
    bgeu t0, s2, .Lrecv_timeout
2:
    mv a0, s2
    call net_sleep                  # netif.s
    j 1b
3:
    lw t0, SK_HEAD(s0)              # the oldest datagram: s1
    li t1, QD_SIZE
    mul t0, t0, t1
    lw t1, SK_QUEUE(s0)
    add s1, t0, t1
    lw a2, QD_LEN(s1)
    lw t0, UM_LEN(sp)
    bleu a2, t0, 4f
    mv a2, t0                       # cut to the buffer
4:
    sw a2, UM_LEN(sp)
    lw t0, QD_ADDR(s1)
    sw t0, UM_ADDR(sp)
    lw t0, QD_PORT(s1)
    sw t0, UM_PORT(sp)
    lw a0, UM_BUF(sp)
    addi a1, s1, QD_DATA
    call copyout                    # checked above
    lw t0, SK_HEAD(s0)              # off the queue
    addi t0, t0, 1
    li t1, UDP_QLEN
    bltu t0, t1, 5f
    li t0, 0
5:
    sw t0, SK_HEAD(s0)
    lw t0, SK_COUNT(s0)
    addi t0, t0, -1
    sw t0, SK_COUNT(s0)
    lw a0, 24(sp)                   # the message back: who sent it, how much
    mv a1, sp
    li a2, UM_SIZE
    call copyout
    bnez a0, .Lrecv_err
    lw a0, UM_LEN(sp)
    j .Lrecv_out
.Lrecv_timeout:
    li a0, NET_TIMEOUT
    j .Lrecv_out
.Lrecv_err:
    li a0, NET_ERR
.Lrecv_out:
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    addi sp, sp, 48
    ret

# udp_input(a0 = datagram, a1 = its length, a2 = the sender, a3 = the destination)
.globl udp_input
udp_input:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    mv s0, a0                       # s0 = the datagram
    mv s2, a2                       # s2 = the sender
    li t0, UDP_HLEN
    bltu a1, t0, .Lin_bad
    GET16 s1, UDP_LEN, s0, t1       # s1 = its length
    bltu s1, t0, .Lin_bad
    bgtu s1, a1, .Lin_bad
    GET16 t0, UDP_SUM, s0, t1
    beqz t0, 1f                     # no checksum
    mv a1, s1
    call udp_sum
    li t0, 0xffff
    bne a0, t0, .Lin_bad
1:
    GET16 a0, UDP_DPORT, s0, t1     # whose?
    call udp_find
    beqz a0, .Lin_no_port
    lw t0, SK_COUNT(a0)
    li t1, UDP_QLEN
    bgeu t0, t1, .Lin_full
    addi t1, t0, 1
    sw t1, SK_COUNT(a0)
    lw t1, SK_HEAD(a0)              # the slot after the last
    add t0, t0, t1
    li t1, UDP_QLEN
    bltu t0, t1, 2f
    sub t0, t0, t1
2:
    li t1, QD_SIZE
    mul t0, t0, t1
    lw t1, SK_QUEUE(a0)
    add a0, t0, t1
    sw s2, QD_ADDR(a0)
    GET16 t0, UDP_SPORT, s0, t1
    sw t0, QD_PORT(a0)
    addi a2, s1, -UDP_HLEN
    sw a2, QD_LEN(a0)
    addi a0, a0, QD_DATA
    addi a1, s0, UDP_HLEN
    call kmemcpy
    call net_wakeup                 # netif.s
    j 9f
.Lin_no_port:
    NET_COUNT NC_NO_PORT, t0, t1
    j 9f
.Lin_full:
    NET_COUNT NC_QUEUE_FULL, t0, t1
    j 9f
.Lin_bad:
    NET_COUNT NC_BAD, t0, t1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

.section .io.data, "aw"
.balign 4
udp_next_port:                      # the next ephemeral port to try
    .word UDP_EPHEMERAL

.section .io.bss, "aw", @nobits
.balign 4
udp_socks:
    .space SK_SIZE * UDP_NSOCK
