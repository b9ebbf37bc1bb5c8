# generated from selftest.S by `cpp -P -x assembler-with-cpp` — do not edit
.macro init; li t0, 0x1800; csrs mstatus, t0; .endm
.section .text.init, "ax", @progbits; .align 6; .weak mtvec_handler; .globl _start; _start: j reset_vector; .align 2; trap_vector: csrr t5, mcause; li t6, 0x8; beq t5, t6, write_tohost; li t6, 0xb; beq t5, t6, write_tohost; la t5, mtvec_handler; beqz t5, 1f; jr t5; 1: csrr t5, mepc; addi t5, t5, 4; csrw mepc, t5; mret; write_tohost: sw gp, tohost, t5; sw zero, tohost + 4, t5; j write_tohost; reset_vector: li x1, 0; li x2, 0; li x3, 0; li x4, 0; li x5, 0; li x6, 0; li x7, 0; li x8, 0; li x9, 0; li x10, 0; li x11, 0; li x12, 0; li x13, 0; li x14, 0; li x15, 0; li x16, 0; li x17, 0; li x18, 0; li x19, 0; li x20, 0; li x21, 0; li x22, 0; li x23, 0; li x24, 0; li x25, 0; li x26, 0; li x27, 0; li x28, 0; li x29, 0; li x30, 0; li x31, 0; la t0, trap_vector; csrw mtvec, t0; csrwi mie, 0; csrw mscratch, zero; csrr a0, mhartid; 2: bnez a0, 2b; li t0, 0x1800; csrc mstatus, t0; init; la t0, 3f; csrw mepc, t0; mret; .text; 3:
  test_2: li gp, 2; li a1, 1; li a2, 2; add a0, a1, a2; li t2, 0x00000003; bne a0, t2, fail;
  test_3: li gp, 3; li a1, 0x7fffffff; li a2, 1; add a0, a1, a2; li t2, 0x80000000; bne a0, t2, fail;
  test_4: li gp, 4; li a1, 0; li a2, 1; sub a0, a1, a2; li t2, 0xffffffff; bne a0, t2, fail;
  test_5: li gp, 5; li a1, 1; li a2, 31; sll a0, a1, a2; li t2, 0x80000000; bne a0, t2, fail;
  test_6: li gp, 6; li a1, 0x80000000; li a2, 31; sra a0, a1, a2; li t2, 0xffffffff; bne a0, t2, fail;
  test_7: li gp, 7; li a1, 0x80000000; li a2, 31; srl a0, a1, a2; li t2, 0x00000001; bne a0, t2, fail;
  test_8: li gp, 8; li a1, -1; li a2, 0; slt a0, a1, a2; li t2, 1; bne a0, t2, fail;
  test_9: li gp, 9; li a1, -1; li a2, 0; sltu a0, a1, a2; li t2, 0; bne a0, t2, fail;
  test_10: li gp, 10; li a1, 0xff00ff00; li a2, ((0x0f0f0f0f) << 4); xor a0, a1, a2; li t2, 0x0ff00ff0; bne a0, t2, fail;
  test_11: li gp, 11; li a1, 0; addi a0, a1, 2047; li t2, 0x000007ff; bne a0, t2, fail;
  test_12: li gp, 12; li a1, 0; addi a0, a1, -2048; li t2, 0xfffff800; bne a0, t2, fail;
  test_13: li gp, 13; li a1, 0xff; andi a0, a1, 0xf0; li t2, 0x000000f0; bne a0, t2, fail;
  test_14: li gp, 14; li a1, ((-8) << 4); srai a0, a1, 4; li t2, 0xfffffff8; bne a0, t2, fail;
  test_15: li gp, 15; li a1, 0; sltiu a0, a1, -1; li t2, 1; bne a0, t2, fail;
  test_16: li gp, 16; li a1, 13; add a1, a1, a1; li t2, 26; bne a1, t2, fail;
  test_20: li gp, 20; li a1, 0x24; li a2, 0x80; mul a0, a1, a2; li t2, 0x00001200; bne a0, t2, fail;
  test_21: li gp, 21; li a1, -1; li a2, 1; mulh a0, a1, a2; li t2, 0xffffffff; bne a0, t2, fail;
  test_22: li gp, 22; li a1, -1; li a2, -1; mulhu a0, a1, a2; li t2, 0xfffffffe; bne a0, t2, fail;
  test_23: li gp, 23; li a1, -1; li a2, 1; mulhsu a0, a1, a2; li t2, 0xffffffff; bne a0, t2, fail;
  test_24: li gp, 24; li a1, 20; li a2, -6; div a0, a1, a2; li t2, -3; bne a0, t2, fail;
  test_25: li gp, 25; li a1, 20; li a2, -6; divu a0, a1, a2; li t2, 0; bne a0, t2, fail;
  test_26: li gp, 26; li a1, 20; li a2, -6; rem a0, a1, a2; li t2, 2; bne a0, t2, fail;
  test_27: li gp, 27; li a1, 20; li a2, -6; remu a0, a1, a2; li t2, 20; bne a0, t2, fail;
  test_28: li gp, 28; li a1, 1; li a2, 0; div a0, a1, a2; li t2, -1; bne a0, t2, fail;
  test_30: li gp, 30; la a1, tdat; lw a0, 0(a1); li t2, 0xdeadbeef; bne a0, t2, fail;
  test_31: li gp, 31; la a1, tdat; lbu a0, 0(a1); li t2, 0xef; bne a0, t2, fail;
  test_32: li gp, 32; la a1, tdat; lb a0, 0(a1); li t2, 0xffffffef; bne a0, t2, fail;
  test_33: li gp, 33; la a1, tdat; lh a0, 2(a1); li t2, 0xffffdead; bne a0, t2, fail;
  test_34: li gp, 34; la a1, tdat; lhu a0, 0(a1); li t2, 0x0000beef; bne a0, t2, fail;
  test_35: li gp, 35; la a1, tdat; li a2, 0x12345678; sw a2, 4(a1); lw a0, 4(a1); li t2, 0x12345678; bne a0, t2, fail;
  test_36: li gp, 36; la a1, tdat; li a2, 0x000000aa; sb a2, 9(a1); lbu a0, 9(a1); li t2, 0x000000aa; bne a0, t2, fail;
  test_37: li gp, 37; la a1, tdat; li a2, 0xffff8001; sh a2, 10(a1); lh a0, 10(a1); li t2, 0xffff8001; bne a0, t2, fail;
  test_40: li gp, 40; la a3, amo_slot; li a1, 5; sw a1, 0(a3); li a2, 7; amoadd.w a0, a2, (a3); li t2, 5; bne a0, t2, fail; test_401: li gp, 401; lw a4, 0(a3); li t2, 12; bne a4, t2, fail;
  test_41: li gp, 41; la a3, amo_slot; li a1, 1; sw a1, 0(a3); li a2, 2; amoswap.w.aq a0, a2, (a3); li t2, 1; bne a0, t2, fail; test_411: li gp, 411; lw a4, 0(a3); li t2, 2; bne a4, t2, fail;
  test_42: li gp, 42; la a3, amo_slot; li a1, -4; sw a1, 0(a3); li a2, 3; amomax.w.rl a0, a2, (a3); li t2, -4; bne a0, t2, fail; test_421: li gp, 421; lw a4, 0(a3); li t2, 3; bne a4, t2, fail;
  test_43: li gp, 43; la a3, amo_slot; li a1, 7; sw a1, 0(a3); li a2, 3; amominu.w.aqrl a0, a2, (a3); li t2, 7; bne a0, t2, fail; test_431: li gp, 431; lw a4, 0(a3); li t2, 3; bne a4, t2, fail;
  test_44: li gp, 44; la a3, amo_slot; lr.w a1, (a3); sc.w a0, a1, (a3); li t2, 0; bne a0, t2, fail;
  test_50: li gp, 50; li a1, 3; li a2, 3; beq a1, a2, 2f; bnez gp, fail; 1: bnez gp, 3f; 2: beq a1, a2, 1b; bnez gp, fail; 3:
  test_51: li gp, 51; li a1, 3; li a2, 4; bne a1, a2, 2f; bnez gp, fail; 1: bnez gp, 3f; 2: bne a1, a2, 1b; bnez gp, fail; 3:
  test_52: li gp, 52; li a1, -1; li a2, 0; blt a1, a2, 2f; bnez gp, fail; 1: bnez gp, 3f; 2: blt a1, a2, 1b; bnez gp, fail; 3:
  test_53: li gp, 53; li a1, -1; li a2, 0; bgeu a1, a2, 2f; bnez gp, fail; 1: bnez gp, 3f; 2: bgeu a1, a2, 1b; bnez gp, fail; 3:
  test_54: li gp, 54; li a1, -1; li a2, 0; bltu a1, a2, 1f; bnez gp, 2f; 1: bnez gp, fail; 2: bltu a1, a2, 1b; 3:
  test_55: li gp, 55; li a1, -1; li a2, 0; bge a1, a2, 1f; bnez gp, 2f; 1: bnez gp, fail; 2: bge a1, a2, 1b; 3:
  test_60: li gp, 60; li a1, 0x55aa55aa; csrw mscratch, a1; csrr a0, mscratch; li t2, 0x55aa55aa; bne a0, t2, fail;
  test_61: li gp, 61; li a1, 0x80000000; csrw mepc, a1; csrr a0, mepc; li t2, 0x80000000; bne a0, t2, fail;
  test_62: li gp, 62; jal ra, 1f; 1: la t0, 1b; sub ra, ra, t0; li t2, 0; bne ra, t2, fail;
  test_63: li gp, 63; la t0, 2f; li a0, 0; jalr t0; addi a0, a0, 1; j 3f; 2: ret; 3:; li t2, 1; bne a0, t2, fail;
  bne zero, gp, pass; fail: fence; 1: beqz gp, 1b; slli gp, gp, 1; ori gp, gp, 1; li a7, 93; mv a0, gp; ecall; pass: fence; li gp, 1; li a7, 93; li a0, 0; ecall
unimp
  .data
.pushsection .tohost, "aw", @progbits; .align 6; .global tohost; tohost: .dword 0; .size tohost, 8; .align 6; .global fromhost; fromhost: .dword 0; .size fromhost, 8; .popsection; .align 4; .global begin_signature; begin_signature:
tdat:
  .word 0xdeadbeef
  .word 0, 0, 0
amo_slot:
  .word 0
.align 4; .global end_signature; end_signature:
