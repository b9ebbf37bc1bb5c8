/*
 * pmp-off.c — what an OS that never sets up PMP sees: M-mode reads
 * pmpcfg0 and writes pmpaddr0 (illegal instructions on a hart without
 * PMP), then mrets to S-mode with no PMP entry enabled. With PMP (16
 * entries, all OFF) the first S-mode fetch is an instruction access fault,
 * as the privileged specification says (§3.7.1) — QEMU 7.2 instead makes
 * the mret itself an illegal instruction (a deviation cases.ts records);
 * without PMP (QEMU's -cpu rv32,pmp=false, pvlab's --pmp 0) S-mode runs.
 */
#include "board.h"

static void s_mode(void) {
  puts_("S-mode runs\n");
  finish(0);
}

static int entering_s(uint32_t mcause, uint32_t mepc) {
  printf_("S-mode did not run: exception %u at %s\n", mcause, mepc == (uintptr_t)s_mode ? "its first instruction" : "the mret");
  finish(0);
}

int main(void) {
  uint32_t v = 0;
  probe_start();
  __asm__ volatile("csrr %0, pmpcfg0" : "=r"(v));
  int c = probe_end();
  if (c >= 0) printf_("pmpcfg0: exception %d\n", c);
  else printf_("pmpcfg0: %x\n", v);
  probe_start();
  __asm__ volatile("csrw pmpaddr0, %0" :: "r"(0xffffffffu));
  c = probe_end();
  printf_("pmpaddr0 write: %s\n", c >= 0 ? "exception" : "done");
  trap_hook = entering_s;
  uint32_t mstatus = csr_read(mstatus);
  csr_write(mstatus, (mstatus & ~(3u << 11)) | (1u << 11)); /* MPP = S */
  csr_write(mepc, (uintptr_t)s_mode);
  __asm__ volatile("mret");
  return 99;
}
