# user/netstat.s — netstat: the kernel prints the network interface (its
# MAC and addresses), its counters and its ARP table.

.include "syscalls.inc"

.section .user.io.text, "ax"
.globl netstat_main
netstat_main:
    call netstat
    bltz a0, 1f
    li a0, 0
    call exit
1:
    la a0, no_network
    call printf
    li a0, 1
    call exit

no_network: .asciz "netstat: no network\n"
.balign 4
