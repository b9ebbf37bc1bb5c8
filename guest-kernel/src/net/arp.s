# net/arp.s — ARP (RFC 826): which MAC has an IPv4 address on our link.
#
# A small table of ARP_N {address, MAC} entries, filled from the ARP
# packets that concern us and replaced round robin when full (bounded: a
# flood of senders only cycles it). We answer requests for our address,
# and learn the asker's MAC as we do (RFC 826's "merge"). A process that
# needs a MAC asks (arp_resolve): broadcast a request, sleep until the
# answer is in the table or ARP_WAIT ticks passed, ARP_TRIES times.
#
#   | htype 1 | ptype 0x0800 | hlen 6 | plen 4 | oper | sender MAC, IP | target MAC, IP |

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.equ ARP_N,       8                 # table entries
.equ ARP_TRIES,   4                 # requests before we give up
.equ ARP_WAIT,    25                # ticks we wait for each (250 ms)
.equ AE_IP,       0                 # an entry: its address (0: empty) ...
.equ AE_MAC,      4                 # ... and its MAC
.equ AE_SIZE,     12

.section .io.text, "ax"
# arp_lookup(a0 = IPv4 address) -> a0 = the MAC we know for it, or 0
.globl arp_lookup
arp_lookup:
    beqz a0, 3f
    la t0, arp_table
    li t1, ARP_N
1:
    lw t2, AE_IP(t0)
    beq t2, a0, 2f
    addi t0, t0, AE_SIZE
    addi t1, t1, -1
    bnez t1, 1b
3:
    li a0, 0
    ret
2:
    addi a0, t0, AE_MAC
    ret

# arp_learn(a0 = IPv4 address, a1 = its MAC): update its entry, or take the
# next one round robin.
arp_learn:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a0, 8(sp)
    sw a1, 4(sp)
    call arp_lookup
    bnez a0, 1f
    la t0, arp_next                 # a new entry
    lw t1, 0(t0)
    addi t2, t1, 1
    li a0, ARP_N
    bltu t2, a0, 2f
    li t2, 0
2:
    sw t2, 0(t0)
    li t2, AE_SIZE
    mul t1, t1, t2
    la a0, arp_table
    add a0, a0, t1
    lw t1, 8(sp)
    sw t1, AE_IP(a0)
    addi a0, a0, AE_MAC
1:
    lw a1, 4(sp)                    # a0 = the entry's MAC: copy it in
    li t0, 0
3:
    add t1, a1, t0
    lbu t1, 0(t1)
    add t2, a0, t0
    sb t1, 0(t2)
    addi t0, t0, 1
    li t1, ETH_ALEN
    bltu t0, t1, 3b
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# arp_input(a0 = ARP packet, a1 = its length, a2 = the frame)
.globl arp_input
arp_input:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s0, a0                       # s0 = the packet
    li t0, ARP_SIZE
    bltu a1, t0, .Lbad
    GET16 t0, ARP_HTYPE, s0, t1
    li t1, ARP_HW_ETHER
    bne t0, t1, .Lbad
    GET16 t0, ARP_PTYPE, s0, t1
    li t1, ETH_P_IP
    bne t0, t1, .Lbad
    lbu t0, ARP_HLEN(s0)
    li t1, ETH_ALEN
    bne t0, t1, .Lbad
    lbu t0, ARP_PLEN(s0)
    li t1, 4
    bne t0, t1, .Lbad
    GET32 s1, ARP_SPA, s0, t1       # s1 = the sender's address
    beqz s1, .Lbad                  # (a probe: nothing to learn)
    GET32 t0, ARP_TPA, s0, t1
    la t1, net_ip
    lw t1, 0(t1)
    beq t0, t1, 1f
    mv a0, s1                       # not about us: refresh what we know only
    call arp_lookup
    beqz a0, .Lnot_ours
    mv a0, s1
    addi a1, s0, ARP_SHA
    call arp_learn
.Lnot_ours:
    NET_COUNT NC_NOT_OURS, t0, t1
    j 9f
1:
    mv a0, s1                       # about us: remember the sender
    addi a1, s0, ARP_SHA
    call arp_learn
    call net_wakeup                 # someone may wait for it (netif.s)
    GET16 t0, ARP_OPER, s0, t1
    li t1, ARP_REQUEST
    bne t0, t1, 9f
    call net_tx_buf                 # a request: answer it
    beqz a0, 9f                     # no buffer: the asker will ask again
    mv a1, s1                       # target: the asker
    addi a2, s0, ARP_SHA
    li a3, ARP_REPLY
    call arp_send
    j 9f
.Lbad:
    NET_COUNT NC_BAD, t0, t1
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# arp_send(a0 = frame buffer, a1 = target IPv4 address, a2 = target MAC (a
# request: 0, sent to everyone), a3 = ARP_REQUEST or ARP_REPLY): from us.
arp_send:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a0, 8(sp)
    sw a2, 4(sp)
    addi t0, a0, ETH_HLEN           # t0 = the packet
    li t1, ARP_HW_ETHER
    PUT16 t1, ARP_HTYPE, t0, t2
    li t1, ETH_P_IP
    PUT16 t1, ARP_PTYPE, t0, t2
    li t1, ETH_ALEN
    sb t1, ARP_HLEN(t0)
    li t1, 4
    sb t1, ARP_PLEN(t0)
    PUT16 a3, ARP_OPER, t0, t2
    PUT32 a1, ARP_TPA, t0, t2
    la t1, net_ip
    lw t1, 0(t1)
    PUT32 t1, ARP_SPA, t0, t2
    la a4, net_mac
    li t1, 0
1:
    add t2, a4, t1                  # sender MAC: ours; target MAC: theirs, or 0
    lbu t2, 0(t2)
    add a5, t0, t1
    sb t2, ARP_SHA(a5)
    li t2, 0
    beqz a2, 2f
    add t2, a2, t1
    lbu t2, 0(t2)
2:
    sb t2, ARP_THA(a5)
    addi t1, t1, 1
    li t2, ETH_ALEN
    bltu t1, t2, 1b
    lw a0, 8(sp)
    li a1, ARP_SIZE
    lw a2, 4(sp)
    bnez a2, 3f
    la a2, eth_broadcast            # ether.s
3:
    li a3, ETH_P_ARP
    call ether_send
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# arp_resolve(a0 = IPv4 address on our link, a1 = where to put its MAC) ->
# a0 = 0, NET_UNREACHABLE (no answer), or NET_ERR (killed while waiting).
# A process's call: it may sleep.
.globl arp_resolve
arp_resolve:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    mv s0, a0                       # s0 = the address
    mv s1, a1                       # s1 = the MAC's place
    li s2, ARP_TRIES
1:
    mv a0, s0                       # known already?
    call arp_lookup
    bnez a0, 5f
    beqz s2, 6f
    addi s2, s2, -1
    call net_tx_wait                # no: ask everyone
    beqz a0, 2f
    mv a1, s0
    li a2, 0
    li a3, ARP_REQUEST
    call arp_send
    call net_tx_kick
2:
    li a0, ARP_WAIT
    call net_deadline               # netif.s
    mv s3, a0                       # s3 = when we ask again
3:
    mv a0, s0
    call arp_lookup
    bnez a0, 5f
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, 7f
    call timer_update
    la t0, ticks
    lw t0, 0(t0)
    bgeu t0, s3, 1b                 # this try is over
    mv a0, s3
    call net_sleep
    j 3b
5:
    li t0, 0                        # a0 = the entry's MAC: copy it out
4:
    add t1, a0, t0
    lbu t1, 0(t1)
    add t2, s1, t0
    sb t1, 0(t2)
    addi t0, t0, 1
    li t1, ETH_ALEN
    bltu t0, t1, 4b
    li a0, 0
    j 9f
6:
    li a0, NET_UNREACHABLE
    j 9f
7:
    li a0, NET_ERR
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    addi sp, sp, 32
    ret

# arp_dump(): print the table (netstat)
.globl arp_dump
arp_dump:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    la s0, arp_table
    li s1, ARP_N
1:
    lw a1, AE_IP(s0)
    beqz a1, 2f
    mv a0, sp                       # "a.b.c.d" at sp, "xx:..:xx" at sp+16
    call ip_format                  # netif.s
    addi a0, sp, 16
    addi a1, s0, AE_MAC
    call mac_format
    la a0, arp_fmt
    mv a1, sp
    addi a2, sp, 16
    call kprintf
2:
    addi s0, s0, AE_SIZE
    addi s1, s1, -1
    bnez s1, 1b
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    addi sp, sp, 48
    ret

.section .io.rodata, "a"
arp_fmt:
    .asciz "arp: %s is %s\n"

.section .io.bss, "aw", @nobits
.balign 4
arp_next:                           # the entry a new address takes
    .space 4
arp_table:
    .space AE_SIZE * ARP_N
