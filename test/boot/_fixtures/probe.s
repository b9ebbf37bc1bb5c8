# probe.s — a stand-in kernel (linked at 0x80200000) that checks what the
# firmware promises a kernel (guest-kernel/README.md, "Boot"): it prints
# "ok NAME" or "FAIL NAME" per check and exits with the number of failures.

.equ UART0, 0x10000000
.equ FINISHER, 0x00100000

.macro CHECK name, cond_reg
    la a0, 9100f
    mv a1, \cond_reg
    call report
    .pushsection .rodata
9100:
    .asciz "\name"
    .popsection
.endm

.text
.globl _start
_start:
    li s11, 0                       # failures
    la sp, stack_top
    seqz t0, a0                     # a0 = hart id 0
    CHECK "a0 is the hart id (0)", t0
    csrr t0, satp
    seqz t0, t0
    CHECK "satp is 0", t0
    csrr t0, sie
    seqz t0, t0
    CHECK "sie is 0", t0
    csrr t0, sstatus
    andi t0, t0, 2
    seqz t0, t0
    CHECK "sstatus.SIE is 0", t0
    la t0, handler                  # traps from here on come to us, in S-mode
    csrw stvec, t0
    csrr t0, time                   # mcounteren.TM: S-mode may read time
    li t1, 1000
1:  addi t1, t1, -1
    bnez t1, 1b
    csrr t1, time
    sltu t0, t0, t1
    CHECK "time is readable and runs", t0
    csrr t0, cycle
    csrr t1, instret
    snez t0, t1
    CHECK "cycle and instret are readable", t0
    li t0, 0x12345678               # menvcfgh.STCE: S-mode owns stimecmp
    csrw stimecmph, t0
    csrr t1, stimecmph
    sub t0, t0, t1
    seqz t0, t0
    CHECK "stimecmp is writable", t0
    li s10, 0
    ebreak                          # medeleg: breakpoints come to S-mode
    li t0, 3
    sub t0, s10, t0
    seqz t0, t0
    CHECK "a breakpoint is delegated to S-mode", t0
    li s10, 0
    .word 0                         # an illegal instruction, delegated too
    li t0, 2
    sub t0, s10, t0
    seqz t0, t0
    CHECK "an illegal instruction is delegated to S-mode", t0
    li s10, 0                       # mideleg + Sstc: a timer interrupt comes to S-mode
    li t0, 1 << 5
    csrs sie, t0
    csrs sstatus, 2
    csrw stimecmph, zero
    csrw stimecmp, zero             # due at once
    nop
    nop
    csrc sstatus, 2
    li t0, 0x80000005
    sub t0, s10, t0
    seqz t0, t0
    CHECK "a timer interrupt (stimecmp) is delegated to S-mode", t0
    li t0, FINISHER                 # exit code = failures
    li t1, 0x5555
    beqz s11, 1f
    slli t1, s11, 16
    li t2, 0x3333
    or t1, t1, t2
1:
    sw t1, 0(t0)
2:  j 2b

# S-mode trap handler: s10 = scause; skip the instruction of an exception,
# silence the timer for an interrupt.
.balign 4
handler:
    csrr s10, scause
    bltz s10, 1f
    csrr t0, sepc
    addi t0, t0, 4
    csrw sepc, t0
    sret
1:
    li t0, -1
    csrw stimecmp, t0
    csrw stimecmph, t0
    sret

# report(a0 = name, a1 = 1 ok / 0 fail)
report:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a0, 8(sp)
    la a0, ok
    bnez a1, 1f
    addi s11, s11, 1
    la a0, fail
1:
    call puts
    lw a0, 8(sp)
    call puts
    la a0, nl
    call puts
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

puts:
    li t0, UART0
1:
    lbu t1, 0(a0)
    beqz t1, 2f
3:
    lbu t2, 5(t0)                   # wait for LSR.THRE
    andi t2, t2, 0x20
    beqz t2, 3b
    sb t1, 0(t0)
    addi a0, a0, 1
    j 1b
2:
    ret

.section .rodata
ok:   .asciz "ok "
fail: .asciz "FAIL "
nl:   .asciz "\n"
.bss
.balign 16
    .space 1024
stack_top:
