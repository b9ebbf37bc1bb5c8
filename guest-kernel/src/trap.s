# trap.s — traps: system calls, interrupts and faults.
#
# One entry point, trap_vector (stvec, direct mode). The trap scratch
# register sscratch tells where the trap came from, as in xv6:
#
#   in U-mode: sscratch = the running process's trap frame (proc.P_TF)
#   in S-mode: sscratch = 0
#
# so the first instruction swaps sp with sscratch: a non-zero sp is the trap
# frame of a user trap; zero means a trap from the kernel itself (only the
# idle loop runs with interrupts enabled in S-mode, so that is an interrupt
# during idle, or a kernel bug).
#
#   user ecall/fault/interrupt            kernel (idle) interrupt
#   trap_vector: save x1..x31, sepc       trap_vector: push caller-saved regs
#      -> usertrap (on the kstack)           -> kerneltrap -> pop, sret
#      -> syscall / intr / fault
#      -> usertrapret: restore, sret

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
# trap_init(): install the vector and enable the interrupts we use.
.globl trap_init
trap_init:
    la t0, trap_vector
    pv_csr_write stvec, t0
    pv_scratch_restore zero         # we are in the kernel
    li t0, SIE_STIE | SIE_SEIE
    pv_csr_set sie, t0
    ret

.balign 4
.globl trap_vector
trap_vector:
    pv_scratch_swap sp              # sp = trap frame (user) or 0 (kernel)
    beqz sp, kernel_vector
    sw ra, TF_RA(sp)                # save the user's registers
    sw gp, TF_GP(sp)
    sw tp, TF_TP(sp)
    sw t0, TF_T0(sp)
    sw t1, TF_T1(sp)
    sw t2, TF_T2(sp)
    sw s0, TF_S0(sp)
    sw s1, TF_S1(sp)
    sw a0, TF_A0(sp)
    sw a1, TF_A1(sp)
    sw a2, TF_A2(sp)
    sw a3, TF_A3(sp)
    sw a4, TF_A4(sp)
    sw a5, TF_A5(sp)
    sw a6, TF_A6(sp)
    sw a7, TF_A7(sp)
    sw s2, TF_S2(sp)
    sw s3, TF_S3(sp)
    sw s4, TF_S4(sp)
    sw s5, TF_S5(sp)
    sw s6, TF_S6(sp)
    sw s7, TF_S7(sp)
    sw s8, TF_S8(sp)
    sw s9, TF_S9(sp)
    sw s10, TF_S10(sp)
    sw s11, TF_S11(sp)
    sw t3, TF_T3(sp)
    sw t4, TF_T4(sp)
    sw t5, TF_T5(sp)
    sw t6, TF_T6(sp)
    pv_scratch_save t0              # the user's sp
    sw t0, TF_SP(sp)
    pv_csr_read t0, sepc
    sw t0, TF_EPC(sp)
    pv_scratch_restore zero         # now in the kernel: sscratch = 0
    mv s0, sp                       # s0 = trap frame
    lw sp, TF_KSP(sp)               # the process's kernel stack, empty
    j usertrap

# A trap taken in S-mode. sscratch holds the kernel sp; swap it back.
kernel_vector:
    pv_scratch_swap sp              # sp = kernel sp, sscratch = 0 again
    addi sp, sp, -KTF_SIZE
    sw ra, KTF_RA(sp)
    sw t0, KTF_T0(sp)
    sw t1, KTF_T1(sp)
    sw t2, KTF_T2(sp)
    sw t3, KTF_T3(sp)
    sw t4, KTF_T4(sp)
    sw t5, KTF_T5(sp)
    sw t6, KTF_T6(sp)
    sw a0, KTF_A0(sp)
    sw a1, KTF_A1(sp)
    sw a2, KTF_A2(sp)
    sw a3, KTF_A3(sp)
    sw a4, KTF_A4(sp)
    sw a5, KTF_A5(sp)
    sw a6, KTF_A6(sp)
    sw a7, KTF_A7(sp)
    call kerneltrap
    lw ra, KTF_RA(sp)
    lw t0, KTF_T0(sp)
    lw t1, KTF_T1(sp)
    lw t2, KTF_T2(sp)
    lw t3, KTF_T3(sp)
    lw t4, KTF_T4(sp)
    lw t5, KTF_T5(sp)
    lw t6, KTF_T6(sp)
    lw a0, KTF_A0(sp)
    lw a1, KTF_A1(sp)
    lw a2, KTF_A2(sp)
    lw a3, KTF_A3(sp)
    lw a4, KTF_A4(sp)
    lw a5, KTF_A5(sp)
    lw a6, KTF_A6(sp)
    lw a7, KTF_A7(sp)
    addi sp, sp, KTF_SIZE
    pv_return_to_kernel

# kerneltrap(): an interrupt while idle; anything else is a kernel bug.
kerneltrap:
    addi sp, sp, -16
    sw ra, 12(sp)
    pv_csr_read a0, scause
    bgez a0, 3f                     # an exception in the kernel
    slli a0, a0, 1                  # drop the interrupt bit
    srli a0, a0, 1
    call device_intr
    # An interrupt that arrived between enabling interrupts and the idle
    # loop's wfi returns to that wfi, which would then wait for the next
    # one: step over it instead.
    pv_csr_read t0, sepc
    la t1, idle_wfi
    bne t0, t1, 1f
    addi t0, t0, 4
    pv_csr_write sepc, t0
1:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret
3:
    mv a1, a0
    pv_csr_read a2, sepc
    pv_csr_read a3, stval
    la a0, kerneltrap_panic
    j panic

# device_intr(a0 = interrupt code): the timer or the PLIC: the console's
# source, or a device's (irq_dispatch).
.globl device_intr
device_intr:
    li t0, IRQ_SUPERVISOR_TIMER
    beq a0, t0, timer_intr          # timer.s (tail call)
    li t0, IRQ_SUPERVISOR_EXTERNAL
    bne a0, t0, 2f
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    pv_irq_claim s0
    li t0, UART0_IRQ
    bne s0, t0, 1f
    call console_intr               # console.s
4:
    pv_irq_complete s0, t0
3:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
2:
    ret
1:
    beqz s0, 3b                     # nothing to claim
    mv a0, s0
    call irq_dispatch               # drivers/irq.s: a device's handler
    j 4b

# usertrap: s0 = trap frame, sp = the kernel stack. Does not return: it
# always leaves through usertrapret (or exit).
usertrap:
    addi sp, sp, -16                # a little room for saving a0
    pv_csr_read t0, scause
    bltz t0, .Linterrupt
    li t1, EXC_ECALL_FROM_U
    bne t0, t1, .Lfault
    lw t0, TF_EPC(s0)               # a system call: return after the ecall
    addi t0, t0, 4
    sw t0, TF_EPC(s0)
    mv a0, s0
    call syscall                    # syscall.s
    j usertrapret
.Linterrupt:
    slli a0, t0, 1                  # drop the interrupt bit
    srli a0, a0, 1
    sw a0, 0(sp)
    call device_intr
    lw a0, 0(sp)
    li t0, IRQ_SUPERVISOR_TIMER
    bne a0, t0, usertrapret
    call proc_yield                 # preempted: let the next process run
    j usertrapret
.Lfault:                            # an exception other than ecall (t0 = cause)
    mv s1, t0                       # s1 = cause, s2 = stval, for the message
    pv_csr_read s2, stval
    li t1, EXC_LOAD_PAGE_FAULT
    beq s1, t1, .Lpage_fault
    li t1, EXC_STORE_PAGE_FAULT
    bne s1, t1, .Lname_cause
.Lpage_fault:
    mv a0, s2                       # first touch of a heap page?
    call vm_fault
    beqz a0, usertrapret            # VM_FAULT_MAPPED: run on
    li t1, VM_FAULT_NO_MEMORY
    bne a0, t1, .Lname_cause        # VM_FAULT_NOT_HEAP: a real fault
    la a4, out_of_memory
    j .Lkill
.Lname_cause:
    mv a0, s1
    call cause_name
    mv a4, a0
.Lkill:                             # a4 = why: mark the process killed and say so
    la t0, curproc
    lw t0, 0(t0)
    li t1, 1
    sw t1, P_KILLED(t0)
    lw a2, P_PID(t0)
    addi a3, t0, P_NAME
    lw a5, TF_EPC(s0)
    la a0, killed_fmt
    la a1, killed_addr_fmt          # memory faults also say where
    li t1, EXC_INSTRUCTION_ADDRESS_MISALIGNED
    beq s1, t1, .Lwith_address
    li t1, EXC_ILLEGAL_INSTRUCTION
    beq s1, t1, .Lprint
    li t1, EXC_BREAKPOINT
    beq s1, t1, .Lprint
.Lwith_address:
    mv a0, a1
.Lprint:
    # kprintf(fmt, pid, name, cause, pc, address): shuffle into a1..a5
    mv a1, a2
    mv a2, a3
    mv a3, a4
    mv a4, a5
    mv a5, s2
    call kprintf
    j usertrapret

# usertrapret: back to the current process in U-mode, restoring its trap
# frame. A killed process exits instead.
.globl usertrapret
usertrapret:
    la t0, curproc
    lw t0, 0(t0)
    lw t1, P_KILLED(t0)
    beqz t1, 1f
    li a0, -1
    call proc_exit                  # does not return
1:
    addi a0, t0, P_TF               # a0 = trap frame
    li t1, SSTATUS_SPP              # sret to U-mode ...
    pv_csr_clear sstatus, t1
    li t1, SSTATUS_SPIE             # ... with interrupts enabled there
    pv_csr_set sstatus, t1
    lw t1, TF_EPC(a0)
    pv_csr_write sepc, t1
    pv_scratch_restore a0           # the next trap finds its frame here
    lw ra, TF_RA(a0)
    lw sp, TF_SP(a0)
    lw gp, TF_GP(a0)
    lw tp, TF_TP(a0)
    lw t0, TF_T0(a0)
    lw t1, TF_T1(a0)
    lw t2, TF_T2(a0)
    lw s0, TF_S0(a0)
    lw s1, TF_S1(a0)
    lw a1, TF_A1(a0)
    lw a2, TF_A2(a0)
    lw a3, TF_A3(a0)
    lw a4, TF_A4(a0)
    lw a5, TF_A5(a0)
    lw a6, TF_A6(a0)
    lw a7, TF_A7(a0)
    lw s2, TF_S2(a0)
    lw s3, TF_S3(a0)
    lw s4, TF_S4(a0)
    lw s5, TF_S5(a0)
    lw s6, TF_S6(a0)
    lw s7, TF_S7(a0)
    lw s8, TF_S8(a0)
    lw s9, TF_S9(a0)
    lw s10, TF_S10(a0)
    lw s11, TF_S11(a0)
    lw t3, TF_T3(a0)
    lw t4, TF_T4(a0)
    lw t5, TF_T5(a0)
    lw t6, TF_T6(a0)
    lw a0, TF_A0(a0)                # last: it was the base
    pv_return_to_user

# cause_name(a0 = exception code) -> a0 = its name
cause_name:
    li t0, NCAUSES
    bltu a0, t0, 1f
    li a0, 10                       # "unknown"
1:
    la t0, cause_names
    slli a0, a0, 2
    add t0, t0, a0
    lw a0, 0(t0)
    ret

.section .rodata
.balign 4
# scause exception codes (privileged spec Table 4.2), by number
cause_names:
    .word c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c10, c15
c0:  .asciz "instruction address misaligned"
c1:  .asciz "instruction access fault"
c2:  .asciz "illegal instruction"
c3:  .asciz "breakpoint"
c4:  .asciz "load address misaligned"
c5:  .asciz "load access fault"
c6:  .asciz "store address misaligned"
c7:  .asciz "store access fault"
c8:  .asciz "environment call from U-mode"
c9:  .asciz "environment call from S-mode"
c10: .asciz "unknown cause"
c11: .asciz "environment call from M-mode"
c12: .asciz "instruction page fault"
c13: .asciz "load page fault"
c15: .asciz "store page fault"
out_of_memory:
    .asciz "out of memory"
killed_fmt:
    .asciz "killed pid %d (%s): %s at pc 0x%x\n"
killed_addr_fmt:
    .asciz "killed pid %d (%s): %s at pc 0x%x, address 0x%x\n"
kerneltrap_panic:
    .asciz "kernel trap: scause 0x%x sepc 0x%x stval 0x%x"
