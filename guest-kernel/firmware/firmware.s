# firmware.s — pvlab's M-mode firmware, the part OpenSBI plays on a real
# board: it starts at reset in M-mode, gives S-mode what a kernel needs,
# and enters the kernel at 0x8020_0000 in S-mode with a0 = hart id and a1 =
# the device tree the reset code handed it (0 if none), untouched.
# It stays behind only as the M-mode trap handler, which should never run:
# every trap an S/U kernel takes is delegated to it.
#
# What it sets up (privileged spec sections in brackets); the FIRMWARE_*
# values are the firmware contract (guest-kernel/src/firmware-contract.ts,
# generated into board.inc), which the hypervisor keeps too when it plays
# this firmware for a VM:
#   mtvec     = fw_trap                        [3.1.7]
#   medeleg   = FIRMWARE_MEDELEG: the exceptions of an S/U kernel [3.1.8]
#   mideleg   = FIRMWARE_MIDELEG: SSI | STI | SEI [3.1.8]
#   mcounteren= FIRMWARE_MCOUNTEREN, all ones: cycle, time, instret, and TM
#               for Sstc [3.1.11]
#   menvcfgh.STCE = 1: S-mode owns stimecmp (Sstc) [3.1.18]
#   pmpaddr0/pmpcfg0 = NAPOT over all memory, R W X: without a PMP entry
#                S and U modes could not touch memory at all [3.7]
#   mstatus.MPP = S, mepc = FIRMWARE_KERNEL_ENTRY, then mret [3.1.6, 3.3.2]
# An unexpected M-mode trap fails the run with exit code FIRMWARE_TRAP_EXIT.

.include "board.inc"                    # generated: the board, and this contract
.include "riscv.inc"                    # generated: the architecture's constants

# pmpcfg0: entry 0 matches a naturally aligned power of two (all of memory,
# with pmpaddr0 all ones) and allows everything.
.equ PMP_NAPOT_RWX, (PMP_MATCH_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W | PMP_X

.section .text.entry, "ax"
.globl _start
_start:
    la sp, fw_stack_top
    la t0, fw_trap
    csrw mtvec, t0
    li t0, FIRMWARE_MEDELEG
    csrw medeleg, t0
    li t0, FIRMWARE_MIDELEG
    csrw mideleg, t0
    li t0, FIRMWARE_MCOUNTEREN
    csrw mcounteren, t0
    li t0, MENVCFGH_STCE
    csrs menvcfgh, t0
    li t0, -1                           # all ones: NAPOT covering everything
    csrw pmpaddr0, t0
    li t0, PMP_NAPOT_RWX
    csrw pmpcfg0, t0
    csrw satp, zero                     # the kernel starts with paging off ...
    csrw sie, zero                      # ... and S-mode interrupts masked
    li t0, MSTATUS_MPP                  # mret goes to S-mode ...
    csrc mstatus, t0
    li t0, PRIV_S << MSTATUS_MPP_SHIFT
    csrs mstatus, t0
    li t0, FIRMWARE_KERNEL_ENTRY        # ... at the kernel's entry
    csrw mepc, t0
    csrr a0, mhartid                    # a0 = hart id (the kernel's contract)
    mret                                # a1 = the device tree, passed through

# An M-mode trap: the kernel did something only M-mode could have allowed
# (or the firmware has a bug). Say what, and fail the run.
.balign 4
fw_trap:
    la sp, fw_stack_top
    la a0, msg_trap
    call puts
    csrr a0, mcause
    call puthex
    la a0, msg_mepc
    call puts
    csrr a0, mepc
    call puthex
    la a0, msg_mtval
    call puts
    csrr a0, mtval
    call puthex
    la a0, msg_newline
    call puts
    li t0, FINISHER_BASE
    li t1, (FIRMWARE_TRAP_EXIT << FINISHER_CODE_SHIFT) | FINISHER_FAIL
    sw t1, 0(t0)
1:  j 1b

# putc(a0): polled UART output
putc:
    li t0, UART0_BASE
1:
    lbu t1, UART_LSR(t0)
    andi t1, t1, UART_LSR_THRE
    beqz t1, 1b
    sb a0, UART_THR(t0)
    ret

# puts(a0 = string)
puts:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
1:
    lbu a0, 0(s0)
    beqz a0, 2f
    call putc
    addi s0, s0, 1
    j 1b
2:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# puthex(a0): eight hex digits
puthex:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s0, a0
    li s1, 28
1:
    srl a0, s0, s1
    andi a0, a0, 15
    li t0, 10
    blt a0, t0, 2f
    addi a0, a0, 'a' - 10 - '0'
2:
    addi a0, a0, '0'
    call putc
    addi s1, s1, -4
    bgez s1, 1b
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

.section .rodata
msg_trap:    .asciz "firmware: unexpected trap mcause=0x"
msg_mepc:    .asciz " mepc=0x"
msg_mtval:   .asciz " mtval=0x"
msg_newline: .asciz "\n"

.bss
.balign 16
fw_stack:
    .space 1024
fw_stack_top:
