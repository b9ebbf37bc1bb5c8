# user/free.s — free: the VM's pages, total, free and ballooned, and the
# host's target (the kernel prints them: drivers/balloon.s). Paravirtual
# kernel only: the native kernel has no balloon, and no such program.

.ifdef PARAVIRT

.include "syscalls.inc"

.section .user.io.text, "ax"
.globl free_main
free_main:
    li a7, SYS_FREE_PV
    ecall
    call exit                       # a0 = 0

.endif # PARAVIRT
