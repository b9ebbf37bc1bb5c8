# The kernel in gdb, the same script in every mode (native, trap, paravirt):
# a hardware breakpoint at a kernel symbol, the path of a system call from
# the trap vector into usertrap (the user's ecall read through the guest's
# own page tables), a line of trap.s (next steps over the call, step goes
# in), watchpoints on a kernel variable (write, read), the hypervisor's
# view: mode, trace, shadow walk, physical memory beside virtual, TLB,
# hypercalls, a stop on an exit, the exit table; then detach, and the
# kernel runs on to its end.
info registers priv
hbreak syscall
continue
delete
break trap_vector if $scause == 8
continue
info registers priv scause sepc
x/2i $sepc
stepi
stepi
x/i $pc
advance usertrap
info registers priv scause sepc stval sstatus
delete
monitor trace on
break trap.s:188
continue
monitor trace off
next
info registers pc
continue
step
info registers pc
delete
watch *(int*)&ticks
continue
continue
delete
rwatch *(int*)&ticks
continue
delete
monitor mode
monitor shadow 0x80200000
monitor phys 0x80200000 16
x/4xw 0x80200000
monitor tlb
monitor hypercalls
break timer_intr
monitor break-on-exit timer-irq hypercall
continue
info registers priv
monitor break-on-exit off
delete
monitor exits
detach
