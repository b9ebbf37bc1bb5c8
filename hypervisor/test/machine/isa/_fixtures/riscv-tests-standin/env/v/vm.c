/* Stand-in for riscv-test-env/v/vm.c: checks the build's seed, then runs the test. */
#ifndef ENTROPY
#error "the build gives ENTROPY (riscv-tests' isa/Makefile: echo $@ | md5sum | cut -c 1-7)"
#endif

volatile unsigned long long tohost __attribute__((section(".tohost"), aligned(64)));
volatile unsigned long long fromhost __attribute__((section(".tohost"), aligned(64)));

extern void userstart(void);

/* The seed of rv32ui-v-pass (0x3d1bb9f) and rv32ui-v-fail (0x49e5c05), as md5sum gives them: anything else fails the run (case 127). */
void vm_boot(void)
{
  if (ENTROPY != 0x3d1bb9f && ENTROPY != 0x49e5c05) {
    tohost = (127 << 1) | 1;
    for (;;) ;
  }
  userstart();
}
