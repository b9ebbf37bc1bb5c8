/* Stand-in for riscv-test-env/v/entry.S: a stack, then vm_boot. */
  .section .text.init
  .globl _start
_start:
  la sp, stack_top
  call vm_boot
1: j 1b

  .bss
  .align 4
  .space 4096
stack_top:
