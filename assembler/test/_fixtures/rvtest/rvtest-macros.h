/*
 * rvtest-macros.h — a small riscv-tests-style harness, written for pvlab's
 * differential corpus (not copied from riscv-tests; it follows the same
 * conventions: one test per macro, statements joined with ';' so that each
 * macro expands to a single line after `cpp -P`, the HTIF tohost/fromhost
 * pair in its own section, pass/fail reported through an ecall).
 *
 * A test number lives in TESTNUM; a failing test leaves (n << 1) | 1 in it
 * and the trap handler writes it to tohost; success writes 1.
 */
#ifndef PVLAB_RVTEST_MACROS_H
#define PVLAB_RVTEST_MACROS_H

#define TESTNUM gp
#define CAUSE_USER_ECALL 0x8
#define CAUSE_MACHINE_ECALL 0xb
#define MSTATUS_MPP 0x1800

/* The machine-mode prologue that every test program starts with. */
#define RVTEST_RV32U .macro init; .endm
#define RVTEST_RV32M .macro init; li t0, MSTATUS_MPP; csrs mstatus, t0; .endm

#define ZERO_REGS \
  li x1, 0; li x2, 0; li x3, 0; li x4, 0; li x5, 0; li x6, 0; li x7, 0; \
  li x8, 0; li x9, 0; li x10, 0; li x11, 0; li x12, 0; li x13, 0; \
  li x14, 0; li x15, 0; li x16, 0; li x17, 0; li x18, 0; li x19, 0; \
  li x20, 0; li x21, 0; li x22, 0; li x23, 0; li x24, 0; li x25, 0; \
  li x26, 0; li x27, 0; li x28, 0; li x29, 0; li x30, 0; li x31, 0

#define RVTEST_CODE_BEGIN \
  .section .text.init, "ax", @progbits; \
  .align 6; \
  .weak mtvec_handler; \
  .globl _start; \
_start: \
  j reset_vector; \
  .align 2; \
trap_vector: \
  csrr t5, mcause; \
  li t6, CAUSE_USER_ECALL; beq t5, t6, write_tohost; \
  li t6, CAUSE_MACHINE_ECALL; beq t5, t6, write_tohost; \
  la t5, mtvec_handler; beqz t5, 1f; jr t5; \
1: csrr t5, mepc; addi t5, t5, 4; csrw mepc, t5; mret; \
write_tohost: \
  sw TESTNUM, tohost, t5; \
  sw zero, tohost + 4, t5; \
  j write_tohost; \
reset_vector: \
  ZERO_REGS; \
  la t0, trap_vector; csrw mtvec, t0; \
  csrwi mie, 0; csrw mscratch, zero; \
  csrr a0, mhartid; 2: bnez a0, 2b; \
  li t0, MSTATUS_MPP; csrc mstatus, t0; \
  init; \
  la t0, 3f; csrw mepc, t0; mret; \
  .text; \
3:

#define RVTEST_CODE_END unimp

#define RVTEST_PASS fence; li TESTNUM, 1; li a7, 93; li a0, 0; ecall
#define RVTEST_FAIL \
  fence; 1: beqz TESTNUM, 1b; slli TESTNUM, TESTNUM, 1; ori TESTNUM, TESTNUM, 1; \
  li a7, 93; mv a0, TESTNUM; ecall

#define RVTEST_DATA_BEGIN \
  .pushsection .tohost, "aw", @progbits; \
  .align 6; .global tohost; tohost: .dword 0; .size tohost, 8; \
  .align 6; .global fromhost; fromhost: .dword 0; .size fromhost, 8; \
  .popsection; \
  .align 4; .global begin_signature; begin_signature:
#define RVTEST_DATA_END .align 4; .global end_signature; end_signature:

/* One test: run `code`, then compare `reg` against `expect`. */
#define TEST_CASE(n, reg, expect, code...) \
test_ ## n: li TESTNUM, n; code; li t2, expect; bne reg, t2, fail;

#define TEST_RR(n, op, expect, a, b) TEST_CASE(n, a0, expect, li a1, a; li a2, b; op a0, a1, a2)
#define TEST_RI(n, op, expect, a, imm) TEST_CASE(n, a0, expect, li a1, a; op a0, a1, imm)
#define TEST_SAME_REG(n, op, expect, a) TEST_CASE(n, a1, expect, li a1, a; op a1, a1, a1)
#define TEST_LOAD(n, op, expect, offset, base) TEST_CASE(n, a0, expect, la a1, base; op a0, offset(a1))
#define TEST_STORE(n, ld, st, value, offset, base) \
  TEST_CASE(n, a0, value, la a1, base; li a2, value; st a2, offset(a1); ld a0, offset(a1))
#define TEST_AMO(n, op, old, after, init, operand, base) \
  TEST_CASE(n, a0, old, la a3, base; li a1, init; sw a1, 0(a3); li a2, operand; op a0, a2, (a3)) \
  TEST_CASE(n ## 1, a4, after, lw a4, 0(a3))
#define TEST_CSR(n, csr, expect, value) TEST_CASE(n, a0, expect, li a1, value; csrw csr, a1; csrr a0, csr)

/* A branch that must be taken, forward then backward, with both operands. */
#define TEST_TAKEN(n, op, a, b) \
test_ ## n: li TESTNUM, n; li a1, a; li a2, b; op a1, a2, 2f; bnez TESTNUM, fail; \
1: bnez TESTNUM, 3f; 2: op a1, a2, 1b; bnez TESTNUM, fail; 3:
#define TEST_NOT_TAKEN(n, op, a, b) \
test_ ## n: li TESTNUM, n; li a1, a; li a2, b; op a1, a2, 1f; bnez TESTNUM, 2f; 1: bnez TESTNUM, fail; 2: op a1, a2, 1b; 3:

#define TEST_PASSFAIL bne zero, TESTNUM, pass; fail: RVTEST_FAIL; pass: RVTEST_PASS

#endif
