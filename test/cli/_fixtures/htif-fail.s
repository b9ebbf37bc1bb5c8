# Ends through HTIF with exit code 5: tohost = (5 << 1) | 1, as riscv-tests' RVTEST_FAIL writes it.
.globl _start
_start:
  li t0, (5 << 1) | 1
  la t1, tohost
  sw t0, 0(t1)
  sw zero, 4(t1)
1: j 1b
.section .tohost, "aw"
.balign 64
.globl tohost
tohost: .dword 0
.balign 64
.globl fromhost
fromhost: .dword 0
