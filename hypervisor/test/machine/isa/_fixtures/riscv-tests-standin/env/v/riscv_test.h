/* Stand-in for riscv-test-env/v: the test's code is `userstart`, entered by vm.c (here without paging). */
#define RVTEST_RV32U
#define TESTNUM gp
#define RVTEST_CODE_BEGIN .text; .align 4; .global userstart; userstart:
#define RVTEST_CODE_END
#define RVTEST_PASS li a0, 1; la t0, tohost; sw a0, 0(t0); sw zero, 4(t0); 1: j 1b
#define RVTEST_FAIL sll a0, TESTNUM, 1; ori a0, a0, 1; la t0, tohost; sw a0, 0(t0); sw zero, 4(t0); 1: j 1b
#define RVTEST_DATA_BEGIN
#define RVTEST_DATA_END
