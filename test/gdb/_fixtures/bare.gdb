# The bare board in gdb (bare.s): a breakpoint, a step, watchpoints of
# every kind, the M-mode trap, the board's monitor commands.
info registers pc priv
break bump
continue
info registers ra
x/3i $pc
stepi
info registers pc t0
delete
watch *(int*)&counter
continue
continue
delete
rwatch *(int*)&counter
continue
delete
awatch *(int*)&counter
continue
delete
break trap_handler
continue
info registers mcause mepc priv
delete
monitor mode
continue
