# Two VMs under the hypervisor, two gdb threads: each VM's own registers,
# privilege and exits.
info threads
break sys_getpid
continue
info threads
thread 2
info registers priv satp
monitor exits
thread 1
info registers priv satp
delete
detach
