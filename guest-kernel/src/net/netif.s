# net/netif.s — the network interface: its addresses, its counters, and how
# a process waits for the network.
#
# Addresses come from the kernel command line (/chosen/bootargs, fdt.s):
#
#   ip=10.0.0.2 mask=255.255.255.0 gw=10.0.0.1 peer=10.0.0.1
#
# each optional, with those defaults. `peer` is the host the network
# programs and workloads talk to when not told otherwise (an echo server
# for net-rr). Other words of the command line are not ours: ignored.
#
# Waiting: a process that waits for the network (an ARP answer, an echo
# reply, a datagram) sleeps in net_sleep, on the timer's channel with a
# deadline when it has one (so the tick wakes it in time), on net_sleepers
# otherwise; net_wakeup, called when something arrived, wakes them all and
# each looks again at what it waits for.

.include "memmap.inc"
.include "layout.inc"
.include "net/net.inc"

.equ NET_DEFAULT_IP,   (10 << 24) | 2   # 10.0.0.2
.equ NET_DEFAULT_MASK, 0xffffff00       # 255.255.255.0
.equ NET_DEFAULT_GW,   (10 << 24) | 1   # 10.0.0.1
.equ NET_DEFAULT_PEER, (10 << 24) | 1   # 10.0.0.1

.section .io.text, "ax"
# net_config(): the addresses, from the defaults and the command line, and
# a line saying them. Called once a network device is attached.
.globl net_config
net_config:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    la t0, net_ip
    li t1, NET_DEFAULT_IP
    sw t1, 0(t0)
    li t1, NET_DEFAULT_MASK
    sw t1, 4(t0)
    li t1, NET_DEFAULT_GW
    sw t1, 8(t0)
    li t1, NET_DEFAULT_PEER
    sw t1, 12(t0)
    la s0, bootargs                 # fdt.s: s0 = the next word
1:
    lbu t0, 0(s0)                   # skip blanks
    beqz t0, 5f
    li t1, ' '
    bgtu t0, t1, 2f
    addi s0, s0, 1
    j 1b
2:
    la s1, net_keys                 # key=: which address?
3:
    lw a1, 0(s1)
    beqz a1, 4f                     # none of ours
    mv a0, s0
    call key_match
    bnez a0, 6f
    addi s1, s1, 8
    j 3b
6:
    call parse_ip                   # a0 = after the '='
    li t0, -1
    beq a1, t0, 4f                  # not an address: ignored
    lw t0, 4(s1)
    sw a1, 0(t0)
4:
    lbu t0, 0(s0)                   # to the end of the word
    beqz t0, 5f
    li t1, ' '
    bleu t0, t1, 1b
    addi s0, s0, 1
    j 4b
5:
    call net_config_print
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# net_config_print(): "net: mac M, ip A, mask M, gw G, peer P"
net_config_print:
    addi sp, sp, -112
    sw ra, 108(sp)
    sw s0, 104(sp)
    sw s1, 100(sp)
    mv a0, sp                       # the MAC at sp, the addresses at sp+20, +36, +52, +68
    la a1, net_mac
    call mac_format
    la s0, net_ip
    li s1, 0
1:
    slli t0, s1, 4
    addi a0, sp, 20
    add a0, a0, t0
    slli t0, s1, 2
    add t0, s0, t0
    lw a1, 0(t0)
    call ip_format
    addi s1, s1, 1
    li t0, NETADDR_PEER + 1
    bltu s1, t0, 1b
    la a0, config_fmt
    mv a1, sp
    addi a2, sp, 20
    addi a3, sp, 36
    addi a4, sp, 52
    addi a5, sp, 68
    call kprintf
    lw ra, 108(sp)
    lw s0, 104(sp)
    lw s1, 100(sp)
    addi sp, sp, 112
    ret

# key_match(a0 = word, a1 = "key=") -> a0 = just after the '=' if the word
# starts with the key, else 0
key_match:
1:
    lbu t1, 0(a1)
    beqz t1, 2f
    lbu t0, 0(a0)
    bne t0, t1, 3f
    addi a0, a0, 1
    addi a1, a1, 1
    j 1b
2:
    ret
3:
    li a0, 0
    ret

# parse_ip(a0 = text) -> a1 = the dotted-quad address it starts with (four
# numbers 0..255 and three dots, then a blank or the end), or -1.
.globl parse_ip
parse_ip:
    li a1, 0                        # the address so far
    li t2, 0                        # numbers read
1:
    lbu t0, 0(a0)
    addi t0, t0, -'0'
    li t1, 10
    bgeu t0, t1, 9f                 # a number must start here
    li a2, 0                        # a2 = its value
2:
    lbu t0, 0(a0)
    addi t0, t0, -'0'
    li t1, 10
    bgeu t0, t1, 3f
    mul a2, a2, t1
    add a2, a2, t0
    li t1, 255
    bgtu a2, t1, 9f
    addi a0, a0, 1
    j 2b
3:
    slli a1, a1, 8
    or a1, a1, a2
    addi t2, t2, 1
    lbu t0, 0(a0)
    li t1, 4
    beq t2, t1, 4f
    li t1, '.'
    bne t0, t1, 9f
    addi a0, a0, 1
    j 1b
4:
    li t1, ' '
    bgtu t0, t1, 9f                 # something after the fourth number
    ret
9:
    li a1, -1
    ret

# ip_format(a0 = buffer of 16 bytes, a1 = address) -> "a.b.c.d", NUL-terminated
.globl ip_format
ip_format:
    addi sp, sp, -32
    sw ra, 28(sp)
    srli t0, a1, 24                 # the four bytes as format arguments
    sw t0, 0(sp)
    srli t0, a1, 16
    andi t0, t0, 0xff
    sw t0, 4(sp)
    srli t0, a1, 8
    andi t0, t0, 0xff
    sw t0, 8(sp)
    andi t0, a1, 0xff
    sw t0, 12(sp)
    sw a0, 16(sp)
    la a1, quad_fmt
    mv a2, sp
    call kformat                    # console.s
    lw t0, 16(sp)
    add t0, t0, a0
    sb zero, 0(t0)
    lw ra, 28(sp)
    addi sp, sp, 32
    ret

# mac_format(a0 = buffer of 18 bytes, a1 = MAC) -> "xx:xx:xx:xx:xx:xx", NUL-terminated
.globl mac_format
mac_format:
    li t0, 0
1:
    add t1, a1, t0
    lbu t1, 0(t1)
    srli t2, t1, 4
    li a2, 10
    blt t2, a2, 2f
    addi t2, t2, 'a' - 10 - '0'
2:
    addi t2, t2, '0'
    sb t2, 0(a0)
    andi t2, t1, 15
    blt t2, a2, 3f
    addi t2, t2, 'a' - 10 - '0'
3:
    addi t2, t2, '0'
    sb t2, 1(a0)
    li t2, ':'
    sb t2, 2(a0)
    addi a0, a0, 3
    addi t0, t0, 1
    li t1, ETH_ALEN
    bltu t0, t1, 1b
    sb zero, -1(a0)                 # the last ':' ends it
    ret

# net_deadline(a0 = ticks from now) -> a0 = the tick it ends at
.globl net_deadline
net_deadline:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a0, 8(sp)
    call timer_update               # timer.s: ticks up to date
    la t0, ticks
    lw t0, 0(t0)
    lw a0, 8(sp)
    add a0, a0, t0
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# net_sleep(a0 = deadline tick, or 0 for none): sleep until net_wakeup, or
# until the deadline. The caller looks again at what it waits for.
.globl net_sleep
net_sleep:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    bnez a0, 1f
    la a0, net_sleepers             # no deadline: only net_wakeup wakes us
    call sleep_on
    j 2f
1:
    la t0, curproc                  # a deadline: the timer's channel, and
    lw t0, 0(t0)                    # our bit in net_timed so that
    sw a0, P_WAKE(t0)               # net_wakeup finds us there
    la t1, proc
    sub t0, t0, t1
    srli t0, t0, PROC_SHIFT
    li s0, 1
    sll s0, s0, t0                  # s0 = our bit
    la t0, net_timed
    lw t1, 0(t0)
    or t1, t1, s0
    sw t1, 0(t0)
    la a0, ticks
    call sleep_on
    la t0, net_timed
    lw t1, 0(t0)
    not s0, s0
    and t1, t1, s0
    sw t1, 0(t0)
2:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# net_wakeup(): something arrived: every process in net_sleep runs again.
.globl net_wakeup
net_wakeup:
    addi sp, sp, -16
    sw ra, 12(sp)
    la a0, net_sleepers
    call wakeup                     # sched.s
    la t0, net_timed                # and those on the timer's channel
    lw t0, 0(t0)
    la t1, proc
    li a1, PROC_SLEEPING
    li a2, PROC_RUNNABLE
    la a3, ticks
1:
    beqz t0, 3f
    andi t2, t0, 1
    beqz t2, 2f
    lw t2, P_STATE(t1)
    bne t2, a1, 2f
    lw t2, P_CHAN(t1)
    bne t2, a3, 2f
    sw a2, P_STATE(t1)
2:
    srli t0, t0, 1
    addi t1, t1, PROC_SIZE
    j 1b
3:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# netaddr(which) -> the interface's address, mask, gateway or peer
# (NETADDR_*), host order; 0 without a network, -1 for a bad `which`
.globl sys_netaddr
sys_netaddr:
    li t0, NETADDR_PEER + 1
    bgeu a0, t0, 2f
    la t0, net_up
    lw t0, 0(t0)
    beqz t0, 1f
    la t0, net_ip
    slli a0, a0, 2
    add t0, t0, a0
    lw a0, 0(t0)
    ret
1:
    li a0, 0
    ret
2:
    li a0, -1
    ret

# netstat() -> 0, or -1 without a network: the kernel prints the interface,
# its counters and the ARP table.
.globl sys_netstat
sys_netstat:
    la t0, net_up
    lw t0, 0(t0)
    bnez t0, 1f
    li a0, -1
    ret
1:
    addi sp, sp, -16
    sw ra, 12(sp)
    call net_config_print
    la t0, net_counters
    la a0, counters_fmt
    lw a1, NC_RX(t0)
    lw a2, NC_TX(t0)
    lw a3, NC_NOT_OURS(t0)
    lw a4, NC_BAD(t0)
    lw a5, NC_FRAGMENT(t0)
    call kprintf
    la t0, net_counters
    la a0, udp_counters_fmt
    lw a1, NC_NO_PORT(t0)
    lw a2, NC_QUEUE_FULL(t0)
    lw a3, NC_NO_TX(t0)
    call kprintf
    call arp_dump                   # arp.s
    li a0, 0
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

.section .io.rodata, "a"
.balign 4
net_keys:                           # key, where its address goes
    .word key_ip, net_ip
    .word key_mask, net_mask
    .word key_gw, net_gw
    .word key_peer, net_peer
    .word 0, 0
key_ip:     .asciz "ip="
key_mask:   .asciz "mask="
key_gw:     .asciz "gw="
key_peer:   .asciz "peer="
quad_fmt:   .asciz "%d.%d.%d.%d"
config_fmt: .asciz "net: mac %s, ip %s, mask %s, gw %s, peer %s\n"
counters_fmt:
    .asciz "net: %d frames in, %d out; dropped: %d not ours, %d bad, %d IP fragments, "
udp_counters_fmt:
    .asciz "%d to closed ports, %d queues full; %d not sent (no buffer)\n"

.section .io.bss, "aw", @nobits
.balign 4
.globl net_ip, net_mask, net_gw, net_peer
net_ip:                             # the four addresses, in NETADDR_* order
    .space 4
net_mask:
    .space 4
net_gw:
    .space 4
net_peer:
    .space 4
.globl net_counters
net_counters:                       # NC_* (net.inc)
    .space NC_SIZE
net_timed:                          # bit i: proc[i] sleeps in net_sleep with a deadline
    .space 4
net_sleepers:                       # the channel of those without one
    .space 4
