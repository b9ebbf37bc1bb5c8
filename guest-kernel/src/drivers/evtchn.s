# drivers/evtchn.s — event channels, the guest's side (paravirtual build
# only; the native build assembles this file to nothing). Xen's event
# channels, sized to a teaching kernel: how the hypervisor's back ends tell
# the kernel that something happened.
#
# The event page is one of our pages, granted to the hypervisor and named
# by evtchn_setup: a word of pending bits and a word of mask bits, one per
# port (hypercalls.inc, PVLAB_EVTCHN_PAGE_*). A back end signals a port by
# setting its pending bit and, unless it is masked, raising our supervisor
# software interrupt (sip.SSIP, Xen's upcall). trap.s hands that interrupt
# to evtchn_upcall (pv_event_intr), which acknowledges it — SSIP is ours to
# clear, the pending bits are our memory: no exit — and runs the handler
# bound to each pending port.
#
#   evtchn_init()               the event page, once -> a0 = 0 or -1
#   evtchn_bind(port, handler)  handler() runs when port is signalled
#
# The whole file is one pv-ops site: it is part of the seam.

.ifdef PARAVIRT                     # natively: nothing at all, not even symbols

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.section .io.text, "ax"
    PVOP_BEGIN

# evtchn_init() -> a0 = 0 (the event page is there), or -1.
.globl evtchn_init
evtchn_init:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    la t0, evt_page
    lw t0, 0(t0)
    li a0, 0
    bnez t0, 9f                     # done before
    call kalloc                     # a zeroed page: nothing pending, nothing masked
    beqz a0, 8f
    mv s0, a0
    li a1, 0                        # writable: the hypervisor sets pending bits
    HC_GRANT_ACCESS a0, a1
    bnez a0, 7f
    mv a0, a1
    HC_EVTCHN_SETUP a0
    bnez a0, 8f                     # (granted: the page stays ours, unused)
    la t0, evt_page
    sw s0, 0(t0)
    li t0, SIE_SSIE                 # take the upcall from now on
    csrs sie, t0
    li a0, 0
    j 9f
7:
    mv a0, s0                       # not granted: give it back
    call kfree
8:
    li a0, -1
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# evtchn_bind(a0 = port, a1 = handler): handler() runs, from the interrupt
# path, whenever port is signalled.
.globl evtchn_bind
evtchn_bind:
    la t0, evt_handlers
    slli t1, a0, 2
    add t0, t0, t1
    sw a1, 0(t0)
    ret

# evtchn_upcall(): the supervisor software interrupt (tail-called by
# device_intr). Acknowledge it, then take the pending unmasked ports and
# run their handlers, until none is left: a port signalled while a handler
# runs (by a hypercall it makes) is seen on the next round.
.globl evtchn_upcall
evtchn_upcall:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    li t0, SIP_SSIP                 # acknowledge: the upcall is ours to clear
    csrc sip, t0
1:
    la t0, evt_page
    lw t0, 0(t0)
    beqz t0, 8f                     # no event page: the balloon's target is the only event
    lw s0, PVLAB_EVTCHN_PAGE_PENDING(t0)
    lw t1, PVLAB_EVTCHN_PAGE_MASK(t0)
    not t1, t1
    and s0, s0, t1                  # s0 = the ports to serve now
    beqz s0, 9f
    not t1, s0                      # clear just those (one instruction: no exit splits it)
    addi t0, t0, PVLAB_EVTCHN_PAGE_PENDING
    amoand.w zero, t1, (t0)
    li s1, 0                        # s1 = the port
2:
    srl t0, s0, s1
    andi t0, t0, 1
    beqz t0, 3f
    la t0, evt_handlers
    slli t1, s1, 2
    add t0, t0, t1
    lw t0, 0(t0)
    bnez t0, 21f
    li t1, PVLAB_MEMORY_TARGET_PORT # the hypervisor's port for the balloon's target (a virtual IRQ)
    bne s1, t1, 3f                  # anything else, nothing bound: dropped
    la t0, balloon_event
21:
    jalr t0
3:
    addi s1, s1, 1
    li t0, PVLAB_EVTCHN_PORTS
    bltu s1, t0, 2b
    j 1b
8:
    call balloon_event              # drivers/balloon.s
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

    PVOP_END

.section .io.bss, "aw", @nobits
.balign 4
evt_page:                           # the event page, 0 until evtchn_init
    .space 4
evt_handlers:                       # port -> handler (0: none)
    .space 4 * PVLAB_EVTCHN_PORTS

.endif # PARAVIRT
