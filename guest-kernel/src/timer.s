# timer.s — time: the scheduler tick and sleep().
#
# Sstc: the timer interrupt is pending while time >= stimecmp, and S-mode
# sets stimecmp itself (no firmware call). The kernel keeps `ticks`, the
# number of TICK periods (10 ms at QEMU virt's 10 MHz) since boot, and the
# time of the next period boundary, `next_tick`:
#
#   time:   |----+----+----+----+--  ...
#           0  TICK                    ticks = how many boundaries passed
#
# Each timer interrupt advances ticks past every boundary already reached,
# wakes the sleepers whose time has come and sets stimecmp to the next
# boundary. When nothing can run and nobody sleeps on the timer, the idle
# loop turns it off (tickless idle) and the next interrupt is input; ticks
# catch up when the timer runs again.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
# timer_init(): the first tick boundary after now, armed.
.globl timer_init
timer_init:
    la t2, next_tick
    sw zero, 0(t2)
    sw zero, 4(t2)
    j timer_arm

# timer_update(): count the tick boundaries passed (next_tick <= time).
.globl timer_update
timer_update:
    pv_read_time t0, t1, t2         # t1:t0 = time
    la a0, next_tick
    lw a1, 0(a0)
    lw a2, 4(a0)                    # a2:a1 = next_tick
    la a3, ticks
    lw a4, 0(a3)
1:
    bltu t1, a2, 2f                 # time < next_tick (64-bit compare)
    bne t1, a2, 3f
    bltu t0, a1, 2f
3:
    addi a4, a4, 1                  # one more tick
    li t2, TICK
    add t2, a1, t2
    sltu a5, t2, a1                 # carry
    mv a1, t2
    add a2, a2, a5
    j 1b
2:
    sw a1, 0(a0)
    sw a2, 4(a0)
    sw a4, 0(a3)
    ret

# timer_arm(): update, then stimecmp = next_tick.
timer_arm:
    addi sp, sp, -16
    sw ra, 12(sp)
    call timer_update
    la t2, next_tick
    lw t0, 0(t2)
    lw t1, 4(t2)
    pv_set_timer t0, t1, t2
    la t2, timer_armed
    li t0, 1
    sw t0, 0(t2)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# timer_intr(): the timer interrupt (device_intr tail-calls it).
.globl timer_intr
timer_intr:
    addi sp, sp, -16
    sw ra, 12(sp)
    call timer_arm                  # ticks up to date, next one armed
    la t0, ticks
    lw t0, 0(t0)
    la t1, proc                     # wake the sleepers whose time has come
    la t2, proc_end
    li t3, PROC_SLEEPING
    la t4, ticks
1:
    lw t5, P_STATE(t1)
    bne t5, t3, 2f
    lw t5, P_CHAN(t1)
    bne t5, t4, 2f
    lw t5, P_WAKE(t1)
    bgtu t5, t0, 2f
    li t5, PROC_RUNNABLE
    sw t5, P_STATE(t1)
2:
    addi t1, t1, PROC_SIZE
    bltu t1, t2, 1b
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# timer_idle(): nothing to run. Turn the timer off unless someone sleeps on it.
.globl timer_idle
timer_idle:
    la t0, proc
    la t1, proc_end
    li t3, PROC_SLEEPING
    la t4, ticks
1:
    lw t2, P_STATE(t0)
    bne t2, t3, 2f
    lw t2, P_CHAN(t0)
    beq t2, t4, 3f                  # a sleeper: keep ticking
2:
    addi t0, t0, PROC_SIZE
    bltu t0, t1, 1b
    la t2, timer_armed
    lw t0, 0(t2)
    beqz t0, 3f
    sw zero, 0(t2)
    # stimecmp = 0x7fffffff_ffffffff: 29,000 years at 10 MHz, so never.
    # (Not all ones: pvlab's board keeps stimecmp in a double, where all
    # ones rounds to 2^64 and the final low-half write then loses the
    # high half, leaving a deadline 7 minutes away.)
    li t0, -1
    li t1, 0x7fffffff
    pv_set_timer t0, t1, t2
3:
    ret

# timer_ensure_armed(): before running a process (preemption needs the tick).
.globl timer_ensure_armed
timer_ensure_armed:
    la t0, timer_armed
    lw t0, 0(t0)
    beqz t0, timer_arm
    ret

# timer_sleep(a0 = ticks) -> a0 = 0, or -1 (negative, or killed).
.globl timer_sleep
timer_sleep:
    bltz a0, 3f
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
    call timer_update
    la t0, ticks
    lw t0, 0(t0)
    add s0, s0, t0                  # s0 = the tick to wake at
    la t0, curproc
    lw t0, 0(t0)
    sw s0, P_WAKE(t0)
1:
    la t0, ticks
    lw t0, 0(t0)
    bgeu t0, s0, 2f
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, 4f
    la a0, ticks
    call sleep_on
    j 1b
2:
    li a0, 0
    j 5f
4:
    li a0, -1
5:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret
3:
    li a0, -1
    ret

# timer_uptime() -> a0 = ticks since boot.
.globl timer_uptime
timer_uptime:
    addi sp, sp, -16
    sw ra, 12(sp)
    call timer_update
    la t0, ticks
    lw a0, 0(t0)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

.data
.balign 8
next_tick:
    .word 0, 0
.globl ticks
ticks:
    .word 0
timer_armed:
    .word 0
