# uaccess.s — the kernel touching user memory, checked.
#
# A pointer from a system call is the user's word only: before the kernel
# reads or writes through it, uvm_check walks the current process's page
# table for every page of the range (below USER_TOP, mapped, U, readable or
# writable as the access needs). Then the copy runs with sstatus.SUM set,
# and only for the copy (pv_user_access_begin/end), so that a stray kernel
# access to user memory anywhere else still faults.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"

.text
# uvm_check(a0 = va, a1 = len, a2 = 1 for writing) -> a0 = 0 if the current
# process may access [va, va+len) from U-mode, else -1. Heap pages never
# touched are faulted in, as the access itself would have done.
.globl uvm_check
uvm_check:
    beqz a1, 6f
    add t0, a0, a1
    bltu t0, a0, 5f                 # wraps around
    li t1, USER_TOP
    bgtu t0, t1, 5f                 # reaches kernel space
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    li t1, -PAGE_SIZE
    and s0, a0, t1                  # s0 = first page
    addi s1, t0, -1                 # s1 = last byte
    li s2, PTE_V | PTE_U | PTE_R
    beqz a2, 1f
    ori s2, s2, PTE_W
1:
    la t0, curproc
    lw t0, 0(t0)
    lw a0, P_ROOT(t0)
    mv a1, s0
    li a2, 0
    call walk
    beqz a0, 2f
    lw t0, 0(a0)
    and t0, t0, s2
    beq t0, s2, 3f
    andi t0, t0, PTE_V
    bnez t0, 4f                     # mapped, but not for this access
2:
    mv a0, s0                       # not mapped: an untouched heap page?
    call vm_fault
    bnez a0, 4f                     # not VM_FAULT_MAPPED: no access
    j 1b                            # check it again, now mapped
3:
    li t0, PAGE_SIZE
    add s0, s0, t0
    bleu s0, s1, 1b
    li a0, 0
    j 7f
4:
    li a0, -1
7:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret
5:
    li a0, -1
    ret
6:
    li a0, 0
    ret

# copyin(a0 = kernel dst, a1 = user src, a2 = n) -> a0 = 0 or -1
.globl copyin
copyin:
    li a3, 0
    j copy_user
# copyout(a0 = user dst, a1 = kernel src, a2 = n) -> a0 = 0 or -1
.globl copyout
copyout:
    li a3, 1
copy_user:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw a0, 24(sp)
    sw a1, 20(sp)
    sw a2, 16(sp)
    sw a3, 12(sp)
    beqz a3, 1f
    mv a1, a2                       # copyout: check the destination for writing
    li a2, 1
    call uvm_check
    j 2f
1:
    mv a0, a1                       # copyin: check the source for reading
    mv a1, a2
    li a2, 0
    call uvm_check
2:
    bnez a0, 3f
    lw a0, 24(sp)
    lw a1, 20(sp)
    lw a2, 16(sp)
    pv_user_access_begin t0
    call kmemcpy
    pv_user_access_end t0
    li a0, 0
3:
    lw ra, 28(sp)
    addi sp, sp, 32
    ret

# copyinstr(a0 = kernel dst, a1 = user src, a2 = size) -> a0 = length, or -1
# (unreadable, or no NUL within size bytes). One page is checked at a time.
.globl copyinstr
copyinstr:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    mv s0, a0                       # s0 = dst
    mv s1, a1                       # s1 = src
    mv s2, a2                       # s2 = room left
    li s3, 0                        # s3 = length
1:
    beqz s2, 4f
    mv a0, s1                       # check the page under src
    li a1, 1
    li a2, 0
    call uvm_check
    bnez a0, 4f                     # not VM_FAULT_MAPPED: no access
    pv_user_access_begin t0
2:
    lbu t1, 0(s1)
    sb t1, 0(s0)
    beqz t1, 3f
    addi s0, s0, 1
    addi s1, s1, 1
    addi s3, s3, 1
    addi s2, s2, -1
    beqz s2, 5f
    slli t1, s1, 32 - PAGE_SHIFT       # page offset zero: a new page
    bnez t1, 2b
    pv_user_access_end t0           # crossed into the next page: check it
    j 1b
3:
    pv_user_access_end t0
    mv a0, s3
    j 6f
5:
    pv_user_access_end t0
4:
    li a0, -1
6:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    addi sp, sp, 32
    ret
