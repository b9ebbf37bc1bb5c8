# entry.s — boot: from the firmware's jump to the first process.
#
# The firmware (or the hypervisor) enters _start in S-mode with a0 = hart id,
# a1 = the device tree (or 0), paging off (satp = 0) and interrupts off
# (sstatus.SIE = 0, sie = 0); see docs in guest-kernel/README.md. We set up a stack, then kmain brings up the
# subsystems one by one, each in its own file, and never returns: it ends in
# the scheduler, which runs the first process (init).

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.section .text.entry, "ax"
.globl _start
_start:
    la sp, boot_stack_top           # the scheduler keeps this stack forever
    la t0, boot_hartid
    sw a0, 0(t0)
    la t0, boot_dtb
    sw a1, 0(t0)
    call kmain
1:  j 1b                            # kmain does not return

.text
.globl kmain
kmain:
    call console_init               # console.s: the UART, so we can talk
    la a0, banner_fmt
    la a1, build_name
    call kprintf
    la t0, boot_hartid
    lw a1, 0(t0)
    la a0, hart_fmt
    call kprintf
    la t0, boot_dtb                 # fdt.s: read the device tree before the
    lw a0, 0(t0)                    # page allocator may reuse its memory
    call fdt_scan
    call kalloc_init                # kalloc.s: every page after the image is free
    la a0, memory_fmt
    li a1, RAM_BASE
    li a2, RAM_END
    li a3, KERNEL_BASE
    la a4, kernel_end
    la t0, free_pages
    lw a5, 0(t0)
    call kprintf
    la a0, devices_fmt
    li a1, UART0_BASE
    li a2, PLIC_BASE
    li a3, FINISHER_BASE
    call kprintf
    la a0, user_fmt
    li a1, USER_BASE
    la a2, user_image_end
    la t0, user_image_start
    sub a2, a2, t0
    srli a2, a2, 10
    li a3, USER_HEAP_LIMIT
    li a4, USER_STACK_TOP
    call kprintf
    call kvm_init                   # vm.s: the kernel's page table; paging on
    call trap_init                  # trap.s: stvec, timer and external interrupts
    pv_dev_probe                    # drivers/: the disk and the network, if any
    call timer_init                 # timer.s: the first tick
    call userinit                   # proc.s: process 1 runs the program init
    j scheduler                     # sched.s: run processes, forever

.section .rodata
build_name:
    PV_BUILD_NAME
banner_fmt:
    .asciz "pvlab kernel (%s)\n"
hart_fmt:
    .asciz "hart %d, Sv32 paging, Sstc timer, NS16550A console\n"
memory_fmt:
    .asciz "memory: ram 0x%x-0x%x, kernel 0x%x-0x%x, %d free pages\n"
devices_fmt:
    .asciz "devices: uart 0x%x, plic 0x%x, finisher 0x%x\n"
user_fmt:
    .asciz "user: image at 0x%x (%d KiB), heap below 0x%x, stack below 0x%x\n"

.bss
.balign 16
boot_stack:
    .space PAGE_SIZE
boot_stack_top:
.balign 4
boot_hartid:
    .space 4
boot_dtb:                           # the device tree's address, 0 if none
    .space 4
