# sched.s — the scheduler: round robin over the process table.
#
# The scheduler runs on the boot stack in its own context (sched_context).
# A process gives up the hart by calling sched(), which saves its kernel
# registers in its proc entry and switches to the scheduler's; the scheduler
# picks the next RUNNABLE process after it in the table and switches to that
# one. So a context switch is two swtch calls, as in xv6:
#
#   process A --swtch--> scheduler --swtch--> process B
#
# A process runs its kernel code with interrupts off; it is preempted only
# when the timer interrupts it in U-mode (trap.s calls proc_yield).
# With nothing to run, the scheduler idles in pv_idle (wfi), after stopping
# the timer if nobody sleeps on it, so a machine waiting only for input
# really stops.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
.globl scheduler
scheduler:
    la s0, proc                     # s0 = next entry to look at
    li s1, 0                        # s1 = entries looked at without finding work
1:
    lw t0, P_STATE(s0)
    li t1, PROC_RUNNABLE
    bne t0, t1, 2f
    li t1, PROC_RUNNING             # run it
    sw t1, P_STATE(s0)
    la t0, curproc
    sw s0, 0(t0)
    call timer_ensure_armed         # timer.s: preemption needs the tick
    lw a0, P_SATP(s0)
    call switch_as
    la a0, sched_context
    addi a1, s0, P_CONTEXT
    call swtch                      # ... it runs until it calls sched() ...
    la t0, curproc
    sw zero, 0(t0)
    li s1, 0
2:
    addi s0, s0, PROC_SIZE          # the next entry, round robin
    la t0, proc_end
    bltu s0, t0, 3f
    la s0, proc
3:
    addi s1, s1, 1
    li t0, NPROC
    bleu s1, t0, 1b
    call timer_idle                 # timer.s: nothing to run
    pv_idle                         # wait for an interrupt
    li s1, 0
    j 1b

# switch_as(a0 = satp): install an address space unless it is already the
# current one.
.globl switch_as
switch_as:
    la t0, current_satp
    lw t1, 0(t0)
    beq t1, a0, 1f
    sw a0, 0(t0)
    pv_switch_as a0
1:
    ret

# sched(): switch from the current process to the scheduler. The caller has
# changed the process's state.
.globl sched
sched:
    addi sp, sp, -16
    sw ra, 12(sp)
    la t0, curproc
    lw t0, 0(t0)
    addi a0, t0, P_CONTEXT
    la a1, sched_context
    call swtch
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# proc_yield(): give up the hart for one round.
.globl proc_yield
proc_yield:
    la t0, curproc
    lw t0, 0(t0)
    li t1, PROC_RUNNABLE
    sw t1, P_STATE(t0)
    j sched

# sleep_on(a0 = channel): sleep until wakeup(channel).
.globl sleep_on
sleep_on:
    addi sp, sp, -16
    sw ra, 12(sp)
    la t0, curproc
    lw t0, 0(t0)
    sw a0, P_CHAN(t0)
    li t1, PROC_SLEEPING
    sw t1, P_STATE(t0)
    call sched
    la t0, curproc
    lw t0, 0(t0)
    sw zero, P_CHAN(t0)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# wakeup(a0 = channel): make every process sleeping on channel runnable.
.globl wakeup
wakeup:
    la t0, proc
    la t1, proc_end
    li t3, PROC_SLEEPING
    li t4, PROC_RUNNABLE
1:
    lw t2, P_STATE(t0)
    bne t2, t3, 2f
    lw t2, P_CHAN(t0)
    bne t2, a0, 2f
    sw t4, P_STATE(t0)
2:
    addi t0, t0, PROC_SIZE
    bltu t0, t1, 1b
    ret

# swtch(a0 = where to save this context, a1 = the context to resume):
# save ra, sp and s0..s11, load the other set, return into it.
.globl swtch
swtch:
    sw ra, CTX_RA(a0)
    sw sp, CTX_SP(a0)
    sw s0, CTX_S0(a0)
    sw s1, CTX_S1(a0)
    sw s2, CTX_S2(a0)
    sw s3, CTX_S3(a0)
    sw s4, CTX_S4(a0)
    sw s5, CTX_S5(a0)
    sw s6, CTX_S6(a0)
    sw s7, CTX_S7(a0)
    sw s8, CTX_S8(a0)
    sw s9, CTX_S9(a0)
    sw s10, CTX_S10(a0)
    sw s11, CTX_S11(a0)
    lw ra, CTX_RA(a1)
    lw sp, CTX_SP(a1)
    lw s0, CTX_S0(a1)
    lw s1, CTX_S1(a1)
    lw s2, CTX_S2(a1)
    lw s3, CTX_S3(a1)
    lw s4, CTX_S4(a1)
    lw s5, CTX_S5(a1)
    lw s6, CTX_S6(a1)
    lw s7, CTX_S7(a1)
    lw s8, CTX_S8(a1)
    lw s9, CTX_S9(a1)
    lw s10, CTX_S10(a1)
    lw s11, CTX_S11(a1)
    ret

.data
.balign 4
current_satp:
    .word 0
.bss
.balign 4
sched_context:
    .space CTX_SIZE
