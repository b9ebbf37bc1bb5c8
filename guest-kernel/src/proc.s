# proc.s — processes: the table, creation (fork, exec), exit and wait.
#
# A fixed table of NPROC entries (layout.inc, P_*). Each process has a
# one-page kernel stack, its trap frame and saved context inside its entry,
# and its own Sv32 root (vm.s). States:
#
#   UNUSED -> USED (being built) -> RUNNABLE <-> RUNNING -> ZOMBIE -> UNUSED
#                                       ^            |
#                                       +- SLEEPING <+   (sleep_on / wakeup)
#
# A ZOMBIE keeps its entry and memory until its parent's wait() frees them;
# children of an exiting process are given to init, which waits for them.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
# allocproc() -> a0 = a USED entry with a pid, a kernel stack and a context
# that starts in forkret; or 0 if the table or memory is full.
.globl allocproc
allocproc:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    la s0, proc
    la t1, proc_end
1:
    lw t0, P_STATE(s0)
    beqz t0, 2f                     # PROC_UNUSED
    addi s0, s0, PROC_SIZE
    bltu s0, t1, 1b
    li a0, 0
    j 4f
2:
    call kalloc                     # the kernel stack
    beqz a0, 4f
    sw a0, P_KSTACK(s0)
    mv a0, s0                       # clear the entry's other fields
    addi a0, a0, P_PID
    li a1, 0
    li a2, P_KSTACK - P_PID
    call kmemset
    addi a0, s0, P_CHAN
    li a1, 0
    li a2, PROC_SIZE - P_CHAN
    call kmemset
    li t0, PROC_USED
    sw t0, P_STATE(s0)
    la t0, nextpid
    lw t1, 0(t0)
    sw t1, P_PID(s0)
    addi t1, t1, 1
    sw t1, 0(t0)
    lw t0, P_KSTACK(s0)
    li t1, PAGE_SIZE
    add t0, t0, t1
    sw t0, P_TF+TF_KSP(s0)          # traps from U-mode start on an empty kstack
    sw t0, P_CONTEXT+CTX_SP(s0)
    la t0, forkret
    sw t0, P_CONTEXT+CTX_RA(s0)
    mv a0, s0
4:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# forkret: where a new process's first swtch lands.
forkret:
    j usertrapret

# freeproc(a0 = entry): free its memory and mark it UNUSED.
freeproc:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
    lw a0, P_KSTACK(s0)
    beqz a0, 1f
    call kfree
1:
    lw a0, P_ROOT(s0)
    beqz a0, 2f
    call uvm_free
2:
    sw zero, P_ROOT(s0)
    sw zero, P_KSTACK(s0)
    sw zero, P_PID(s0)
    sw zero, P_PARENT(s0)
    sw zero, P_STATE(s0)
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# proc_fork() -> a0 = the child's pid, or -1 (no free entry or memory).
.globl proc_fork
proc_fork:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    la t0, curproc
    lw s1, 0(t0)                    # s1 = parent
    call allocproc
    beqz a0, 3f
    mv s0, a0                       # s0 = child
    call uvm_create
    beqz a0, 2f
    sw a0, P_ROOT(s0)
    srli t0, a0, PAGE_SHIFT
    li t1, SATP_MODE_SV32
    or t0, t0, t1
    sw t0, P_SATP(s0)
    mv a1, a0
    lw a0, P_ROOT(s1)
    call uvm_copy
    bnez a0, 2f
    addi a0, s0, P_TF+TF_RA         # the same user registers ...
    addi a1, s1, P_TF+TF_RA
    li a2, TF_SIZE - TF_RA
    call kmemcpy
    sw zero, P_TF+TF_A0(s0)         # ... except that fork returns 0 in the child
    lw t0, P_HEAP(s1)
    sw t0, P_HEAP(s0)
    lw t0, P_BRK(s1)
    sw t0, P_BRK(s0)
    addi a0, s0, P_NAME
    addi a1, s1, P_NAME
    li a2, PNAME_LEN
    call kstrncpy0
    sw s1, P_PARENT(s0)
    li t0, PROC_RUNNABLE
    sw t0, P_STATE(s0)
    lw a0, P_PID(s0)
    j 4f
2:
    mv a0, s0
    call freeproc
3:
    li a0, -1
4:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# proc_exit(a0 = status): never returns. When init exits, the machine
# shuts down with init's status as the exit code.
.globl proc_exit
proc_exit:
    mv s1, a0
    la t0, curproc
    lw s0, 0(t0)
    la t0, initproc
    lw t0, 0(t0)
    bne s0, t0, 1f
    la a0, halt_fmt
    mv a1, s1
    call kprintf
    andi s1, s1, 0xff
    pv_shutdown s1, t0
1:
    la t2, proc                     # give our children to init
    la t3, proc_end
    la t4, initproc
    lw t4, 0(t4)
2:
    lw t5, P_PARENT(t2)
    bne t5, s0, 3f
    sw t4, P_PARENT(t2)
3:
    addi t2, t2, PROC_SIZE
    bltu t2, t3, 2b
    mv a0, t4                       # init may have a zombie to collect now
    call wakeup
    lw a0, P_PARENT(s0)
    call wakeup                     # the parent waits in sleep_on(itself)
    sw s1, P_XSTATE(s0)
    li t0, PROC_ZOMBIE
    sw t0, P_STATE(s0)
    call sched
    la a0, zombie_panic
    j panic

# proc_wait(a0 = user address for the status, or 0) -> a0 = pid of an exited
# child, or -1 (no children, killed, or a bad address).
.globl proc_wait
proc_wait:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    mv s2, a0
    la t0, curproc
    lw s0, 0(t0)                    # s0 = us
1:
    li s3, 0                        # s3 = have children?
    la s1, proc
2:
    lw t0, P_PARENT(s1)
    bne t0, s0, 4f
    lw t0, P_STATE(s1)
    beqz t0, 4f
    li s3, 1
    li t1, PROC_ZOMBIE
    bne t0, t1, 4f
    beqz s2, 3f                     # found one
    mv a0, s2
    addi a1, s1, P_XSTATE
    li a2, 4
    call copyout
    bnez a0, 6f
3:
    lw a0, P_PID(s1)
    sw a0, 8(sp)
    mv a0, s1
    call freeproc
    lw a0, 8(sp)
    j 7f
4:
    addi s1, s1, PROC_SIZE
    la t0, proc_end
    bltu s1, t0, 2b
    beqz s3, 6f
    lw t0, P_KILLED(s0)
    bnez t0, 6f
    mv a0, s0
    call sleep_on
    j 1b
6:
    li a0, -1
7:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    addi sp, sp, 32
    ret

# proc_kill(a0 = pid) -> a0 = 0, or -1 (no such process, or init). The
# victim exits the next time it would return to U-mode.
.globl proc_kill
proc_kill:
    li t0, 1
    beq a0, t0, 3f                  # init cannot be killed
    blez a0, 3f
    la t0, proc
    la t1, proc_end
1:
    lw t2, P_STATE(t0)
    beqz t2, 2f
    lw t2, P_PID(t0)
    bne t2, a0, 2f
    li t2, 1
    sw t2, P_KILLED(t0)
    lw t2, P_STATE(t0)
    li t3, PROC_SLEEPING
    bne t2, t3, 4f
    li t2, PROC_RUNNABLE            # wake it so that it can die
    sw t2, P_STATE(t0)
4:
    li a0, 0
    ret
2:
    addi t0, t0, PROC_SIZE
    bltu t0, t1, 1b
3:
    li a0, -1
    ret

# proc_sbrk(a0 = delta) -> a0 = the old break, or -1. Growing only moves
# the break (pages come at the first touch, vm_fault); shrinking frees.
.globl proc_sbrk
proc_sbrk:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    la t0, curproc
    lw s0, 0(t0)
    lw s1, P_BRK(s0)                # s1 = old break
    add s2, s1, a0                  # s2 = new break
    bltz a0, 1f
    bltu s2, s1, 3f                 # wrapped
    li t0, USER_HEAP_LIMIT
    bgtu s2, t0, 3f
    j 2f
1:
    lw t0, P_HEAP(s0)
    bltu s2, t0, 3f                 # below the heap's start
    bgtu s2, s1, 3f                 # wrapped
    li t0, PAGE_SIZE - 1               # free the pages above the new break
    add a1, s2, t0
    srli a1, a1, PAGE_SHIFT
    slli a1, a1, PAGE_SHIFT
4:
    bgeu a1, s1, 2f
    sw a1, 0(sp)
    lw a0, P_ROOT(s0)
    call uvm_unmap_page
    lw a1, 0(sp)
    li t0, PAGE_SIZE
    add a1, a1, t0
    j 4b
2:
    sw s2, P_BRK(s0)
    mv a0, s1; pv_flush_deferred    # paravirtually: one flush for the pages freed above
    j 5f
3:
    li a0, -1
5:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

# proc_dump(): the process table, for ps.
.globl proc_dump
proc_dump:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    la a0, ps_header
    call kprintf
    la s0, proc
1:
    lw t0, P_STATE(s0)
    beqz t0, 2f
    la t1, state_names
    slli t0, t0, 2
    add t1, t1, t0
    lw a2, 0(t1)
    lw a1, P_PID(s0)
    addi a3, s0, P_NAME
    la a0, ps_row
    call kprintf
2:
    addi s0, s0, PROC_SIZE
    la t0, proc_end
    bltu s0, t0, 1b
    la a0, ps_free
    la t0, free_pages
    lw a1, 0(t0)
    call kprintf
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

.section .rodata
.balign 4
state_names:
    .word st0, st1, st2, st3, st4, st5
st0: .asciz "unused  "            # padded to one width, for the columns
st1: .asciz "used    "
st2: .asciz "sleeping"
st3: .asciz "runnable"
st4: .asciz "running "
st5: .asciz "zombie  "
ps_header:
    .asciz "  pid  state     name\n"
ps_row:
    .asciz "  %u    %s  %s\n"
ps_free:
    .asciz "  free pages: %u\n"
halt_fmt:
    .asciz "init exited with status %d: shutting down\n"
zombie_panic:
    .asciz "exit: a zombie ran"

.data
.balign 4
nextpid:
    .word 1
.globl curproc
curproc:
    .word 0
.globl initproc
initproc:
    .word 0

.bss
.balign 16
.globl proc
proc:
    .space PROC_SIZE * NPROC
.globl proc_end
proc_end:
