# drivers/irq.s — external interrupt sources and their handlers.
#
# The PLIC gives the kernel (context 1) one source at a time: device_intr
# (trap.s) claims it, hands the console's to console_intr and every other
# to irq_dispatch, which calls the handler a driver registered for it, then
# completes it. A source nobody registered is completed and ignored.
#
#   irq_handlers[source] = handler (0: none), for sources 1..IRQ_MAX-1

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.equ IRQ_MAX, 32                    # the PLIC's first enable word: sources 0..31

.section .io.text, "ax"
# irq_register(a0 = source, a1 = handler) -> a0 = 0, or -1 for a source the
# kernel cannot route. Routes the source to us (priority 1, enabled).
.globl irq_register
irq_register:
    addi t0, a0, -1
    li t1, IRQ_MAX - 1
    bgeu t0, t1, 1f                 # 0 is "no source"; beyond the first word
    la t0, irq_handlers
    slli t1, a0, 2
    add t0, t0, t1
    sw a1, 0(t0)
    pv_irq_enable a0, t0, t1
    li a0, 0
    ret
1:
    li a0, -1
    ret

# irq_dispatch(a0 = source): run its handler (a tail call), if any.
.globl irq_dispatch
irq_dispatch:
    li t0, IRQ_MAX
    bgeu a0, t0, 1f
    la t0, irq_handlers
    slli t1, a0, 2
    add t0, t0, t1
    lw t0, 0(t0)
    beqz t0, 1f
    jr t0
1:
    ret

.section .io.bss, "aw", @nobits
.balign 4
irq_handlers:
    .space 4 * IRQ_MAX
