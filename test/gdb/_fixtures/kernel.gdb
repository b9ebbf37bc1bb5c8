# The kernel in gdb, the same script in every mode (native, trap, paravirt):
# a kernel symbol, the path of a system call from the trap vector into
# usertrap, a line of trap.s, a watchpoint on a kernel variable, the
# hypervisor's view; then detach, and the kernel runs on to its end.
info registers priv
break syscall
continue
delete
break trap_vector if $scause == 8
continue
info registers priv scause sepc
stepi
stepi
x/i $pc
advance usertrap
info registers priv scause sepc stval
delete
break trap.s:183
continue
step
info registers pc
delete
watch *(int*)&ticks
continue
continue
delete
monitor mode
monitor shadow 0x80200000
monitor exits
detach
