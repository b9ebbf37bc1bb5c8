// selftest.S — a riscv-tests-style program for pvlab's differential corpus.
// Preprocess with `cpp -P -x assembler-with-cpp` (see the golden generator)
// to get selftest.s, which is what both assemblers read.

#include "rvtest-macros.h"

#define DATA_WORD 0xdeadbeef
#define SHIFTED(x) ((x) << 4)

RVTEST_RV32M
RVTEST_CODE_BEGIN

  // Integer register-register and register-immediate.
  TEST_RR(2, add, 0x00000003, 1, 2)
  TEST_RR(3, add, 0x80000000, 0x7fffffff, 1)
  TEST_RR(4, sub, 0xffffffff, 0, 1)
  TEST_RR(5, sll, 0x80000000, 1, 31)
  TEST_RR(6, sra, 0xffffffff, 0x80000000, 31)
  TEST_RR(7, srl, 0x00000001, 0x80000000, 31)
  TEST_RR(8, slt, 1, -1, 0)
  TEST_RR(9, sltu, 0, -1, 0)
  TEST_RR(10, xor, 0x0ff00ff0, 0xff00ff00, SHIFTED(0x0f0f0f0f))
  TEST_RI(11, addi, 0x000007ff, 0, 2047)
  TEST_RI(12, addi, 0xfffff800, 0, -2048)
  TEST_RI(13, andi, 0x000000f0, 0xff, 0xf0)
  TEST_RI(14, srai, 0xfffffff8, SHIFTED(-8), 4)
  TEST_RI(15, sltiu, 1, 0, -1)
  TEST_SAME_REG(16, add, 26, 13)

  // M extension.
  TEST_RR(20, mul, 0x00001200, 0x24, 0x80)
  TEST_RR(21, mulh, 0xffffffff, -1, 1)
  TEST_RR(22, mulhu, 0xfffffffe, -1, -1)
  TEST_RR(23, mulhsu, 0xffffffff, -1, 1)
  TEST_RR(24, div, -3, 20, -6)
  TEST_RR(25, divu, 0, 20, -6)
  TEST_RR(26, rem, 2, 20, -6)
  TEST_RR(27, remu, 20, 20, -6)
  TEST_RR(28, div, -1, 1, 0)

  // Loads and stores against the data section.
  TEST_LOAD(30, lw, DATA_WORD, 0, tdat)
  TEST_LOAD(31, lbu, 0xef, 0, tdat)
  TEST_LOAD(32, lb, 0xffffffef, 0, tdat)
  TEST_LOAD(33, lh, 0xffffdead, 2, tdat)
  TEST_LOAD(34, lhu, 0x0000beef, 0, tdat)
  TEST_STORE(35, lw, sw, 0x12345678, 4, tdat)
  TEST_STORE(36, lbu, sb, 0x000000aa, 9, tdat)
  TEST_STORE(37, lh, sh, 0xffff8001, 10, tdat)

  // A extension.
  TEST_AMO(40, amoadd.w, 5, 12, 5, 7, amo_slot)
  TEST_AMO(41, amoswap.w.aq, 1, 2, 1, 2, amo_slot)
  TEST_AMO(42, amomax.w.rl, -4, 3, -4, 3, amo_slot)
  TEST_AMO(43, amominu.w.aqrl, 7, 3, 7, 3, amo_slot)
  TEST_CASE(44, a0, 0, la a3, amo_slot; lr.w a1, (a3); sc.w a0, a1, (a3))

  // Branches, each taken and not taken.
  TEST_TAKEN(50, beq, 3, 3)
  TEST_TAKEN(51, bne, 3, 4)
  TEST_TAKEN(52, blt, -1, 0)
  TEST_TAKEN(53, bgeu, -1, 0)
  TEST_NOT_TAKEN(54, bltu, -1, 0)
  TEST_NOT_TAKEN(55, bge, -1, 0)

  // CSRs and jumps.
  TEST_CSR(60, mscratch, 0x55aa55aa, 0x55aa55aa)
  TEST_CSR(61, mepc, 0x80000000, 0x80000000)
  TEST_CASE(62, ra, 0, jal ra, 1f; 1: la t0, 1b; sub ra, ra, t0)
  TEST_CASE(63, a0, 1, la t0, 2f; li a0, 0; jalr t0; addi a0, a0, 1; j 3f; 2: ret; 3:)

  TEST_PASSFAIL

RVTEST_CODE_END

  .data
RVTEST_DATA_BEGIN

tdat:
  .word DATA_WORD
  .word 0, 0, 0
amo_slot:
  .word 0

RVTEST_DATA_END
