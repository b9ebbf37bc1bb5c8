/* Stand-in for riscv-test-env/p: M-mode, physical memory; the result to tohost as (case << 1) | 1, the high half last (HTIF acts on it). */
#define RVTEST_RV32U
#define RVTEST_RV32M
#define TESTNUM gp
#define RVTEST_CODE_BEGIN .section .text.init; .align 6; .globl _start; _start:
#define RVTEST_CODE_END
#define RVTEST_PASS li a0, 1; la t0, tohost; sw a0, 0(t0); sw zero, 4(t0); 1: j 1b
#define RVTEST_FAIL sll a0, TESTNUM, 1; ori a0, a0, 1; la t0, tohost; sw a0, 0(t0); sw zero, 4(t0); 1: j 1b
#define RVTEST_DATA_BEGIN .pushsection .tohost,"aw",@progbits; .align 6; .global tohost; tohost: .dword 0; .size tohost, 8; .align 6; .global fromhost; fromhost: .dword 0; .size fromhost, 8; .popsection; .align 4; .global begin_signature; begin_signature:
#define RVTEST_DATA_END .align 4; .global end_signature; end_signature:
