/* Stand-in: riscv-tests' TEST_CASE and TEST_PASSFAIL, by their meaning. */
#define TEST_CASE(testnum, testreg, correctval, code...) \
test_ ## testnum: \
    li TESTNUM, testnum; \
    code; \
    li x7, correctval; \
    bne testreg, x7, fail;

#define TEST_PASSFAIL \
        bne x0, TESTNUM, pass; \
fail: \
        RVTEST_FAIL; \
pass: \
        RVTEST_PASS;
