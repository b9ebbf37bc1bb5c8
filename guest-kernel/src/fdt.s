# fdt.s — what the kernel reads from the flattened device tree.
#
# The reset code hands the firmware a1 = the device tree's address (QEMU's
# virt board and pvlab's reset ROM do), the firmware passes it on, and
# _start keeps it in boot_dtb. fdt_scan reads two things from it, once, at
# boot, before the page allocator can reuse the memory it sits in:
#
#   every node compatible with "virtio,mmio": its register window (reg) and
#       PLIC source (interrupts), into fdt_virtio[] (drivers/virtio-mmio.s
#       probes them);
#   /chosen/bootargs, the kernel command line, into `bootargs`
#       (net/netcfg.s reads its ip= gw= mask= peer=).
#
# No device tree (a1 = 0, as under pvlab's hypervisor today) or a bad one:
# no virtio devices and an empty command line; the kernel runs as before.
#
# The format (devicetree specification v0.4, §5): a header of big-endian
# words, a structure block of tokens, a strings block of property names.
#
#   header  magic totalsize off_dt_struct off_dt_strings ... size_dt_struct
#   struct  BEGIN_NODE name\0 (padded to 4)      a node opens
#           PROP len nameoff value (padded to 4)  a property of the open node
#           END_NODE                              it closes
#           NOP, END
#
# A node's `reg` counts its address in its parent's #address-cells (2 on
# QEMU's /soc), so the cells are kept per depth. The walk is bounded by the
# structure block's size and FDT_MAX_DEPTH; anything else stops it.

.include "memmap.inc"
.include "layout.inc"
.include "drivers/virtio.inc"

.equ FDT_MAGIC,          0xd00dfeed
.equ FDT_TOTALSIZE,      4          # header words (big-endian)
.equ FDT_OFF_STRUCT,     8
.equ FDT_OFF_STRINGS,    12
.equ FDT_SIZE_STRUCT,    36
.equ FDT_MAX_SIZE,       0x10000    # we read at most 64 KiB of tree (QEMU's is 8)
.equ FDT_BEGIN_NODE,     1          # structure tokens
.equ FDT_END_NODE,       2
.equ FDT_PROP,           3
.equ FDT_NOP,            4
.equ FDT_END,            9
.equ FDT_MAX_DEPTH,      8
.equ FDT_ADDRESS_CELLS,  2          # #address-cells when a node does not say (§2.3.5)
.equ BOOTARGS_MAX,       128

# flags of the node being read (s5)
.equ NODE_VIRTIO,        1          # compatible with "virtio,mmio"
.equ NODE_REG,           2          # has a usable reg
.equ NODE_CHOSEN,        4          # is /chosen

.section .io.text, "ax"
# be32(a0 = address) -> a0 = the big-endian word there (any alignment);
# uses t0..t2 only
.globl be32
be32:
    lbu t0, 0(a0)
    lbu t1, 1(a0)
    lbu t2, 2(a0)
    lbu a0, 3(a0)
    slli t0, t0, 24
    slli t1, t1, 16
    slli t2, t2, 8
    or a0, a0, t0
    or a0, a0, t1
    or a0, a0, t2
    ret

# fdt_scan(a0 = device tree or 0)
.globl fdt_scan
fdt_scan:
    addi sp, sp, -48
    sw ra, 44(sp)
    sw s0, 40(sp)
    sw s1, 36(sp)
    sw s2, 32(sp)
    sw s3, 28(sp)
    sw s4, 24(sp)
    sw s5, 20(sp)
    sw s6, 16(sp)
    sw s7, 12(sp)
    mv s0, a0                       # s0 = the tree
    beqz s0, .Ldone
    andi t0, s0, 3
    bnez t0, .Ldone
    call be32                       # magic
    li t0, FDT_MAGIC
    bne a0, t0, .Ldone
    addi a0, s0, FDT_TOTALSIZE
    call be32
    li t0, FDT_MAX_SIZE
    bgtu a0, t0, .Ldone
    add s2, s0, a0                  # s2 = end of the tree, for now
    addi a0, s0, FDT_OFF_STRINGS
    call be32
    add s3, s0, a0                  # s3 = the strings block
    addi a0, s0, FDT_OFF_STRUCT
    call be32
    add s1, s0, a0                  # s1 = the next token
    addi a0, s0, FDT_SIZE_STRUCT
    call be32
    add a0, s1, a0
    bgtu a0, s2, .Ldone             # the structure block must lie inside
    mv s2, a0                       # s2 = end of the structure block
    li s4, 0                        # s4 = depth (1 = the root node)
    li s5, 0                        # s5 = NODE_* flags of the open node
.Lnext:
    addi t0, s1, 4
    bgtu t0, s2, .Ldone
    mv a0, s1
    call be32
    addi s1, s1, 4
    li t0, FDT_BEGIN_NODE
    beq a0, t0, .Lbegin
    li t0, FDT_PROP
    beq a0, t0, .Lprop
    li t0, FDT_END_NODE
    beq a0, t0, .Lend_node
    li t0, FDT_NOP
    beq a0, t0, .Lnext
    j .Ldone                        # FDT_END, or not a token

.Lbegin:                            # a node opens: s1 = its name
    addi s4, s4, 1
    li t0, FDT_MAX_DEPTH
    bgeu s4, t0, .Ldone
    la t0, fdt_acells               # its children's #address-cells, until it says
    slli t1, s4, 2
    add t0, t0, t1
    li t1, FDT_ADDRESS_CELLS
    sw t1, 0(t0)
    li s5, 0
    li t0, 2                        # /chosen: a child of the root (depth 1)
    bne s4, t0, 1f
    mv a0, s1
    la a1, str_chosen
    call kstrcmp
    bnez a0, 1f
    li s5, NODE_CHOSEN
1:
    mv a0, s1                       # skip the name, NUL and padding
    call kstrlen
    add s1, s1, a0
    addi s1, s1, 4                  # NUL, then round up to 4
    andi s1, s1, -4
    j .Lnext

.Lend_node:                         # a node closes: a virtio-mmio one is recorded
    li t0, NODE_VIRTIO | NODE_REG
    and t1, s5, t0
    bne t1, t0, 2f
    la t0, fdt_nvirtio
    lw t1, 0(t0)
    li t2, VIO_MAX
    bgeu t1, t2, 2f                 # the table is full: ignore the rest
    addi t2, t1, 1
    sw t2, 0(t0)
    la t0, fdt_virtio
    slli t1, t1, 3
    add t0, t0, t1
    sw s6, 0(t0)
    sw s7, 4(t0)
2:
    li s5, 0
    addi s4, s4, -1
    j .Lnext

.Lprop:                             # a property: len, nameoff, value
    addi t0, s1, 8
    bgtu t0, s2, .Ldone
    mv a0, s1
    call be32
    mv a2, a0                       # a2 = its length (be32 leaves a1..a7 alone)
    addi a0, s1, 4
    call be32
    add a1, s3, a0                  # a1 = its name
    addi a0, s1, 8                  # a0 = its value
    addi s1, a0, 3                  # s1 = past the value, rounded up to 4
    add s1, s1, a2
    andi s1, s1, -4
    bgtu s1, s2, .Ldone
    call fdt_prop
    j .Lnext

.Ldone:
    lw ra, 44(sp)
    lw s0, 40(sp)
    lw s1, 36(sp)
    lw s2, 32(sp)
    lw s3, 28(sp)
    lw s4, 24(sp)
    lw s5, 20(sp)
    lw s6, 16(sp)
    lw s7, 12(sp)
    addi sp, sp, 48
    ret

# fdt_prop(a0 = value, a1 = name, a2 = length): one property of the open
# node (fdt_scan's s4 = depth, s5 = flags, s6 = reg, s7 = interrupt; it may
# update s5..s7, which are fdt_scan's to keep).
fdt_prop:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw a0, 0(sp)
    sw a1, 4(sp)
    sw a2, 8(sp)
    mv a0, a1
    la a1, str_compatible
    call kstrcmp
    beqz a0, .Lcompatible
    lw a0, 4(sp)
    la a1, str_reg
    call kstrcmp
    beqz a0, .Lreg
    lw a0, 4(sp)
    la a1, str_interrupts
    call kstrcmp
    beqz a0, .Linterrupts
    lw a0, 4(sp)
    la a1, str_address_cells
    call kstrcmp
    beqz a0, .Laddress_cells
    lw a0, 4(sp)
    la a1, str_bootargs
    call kstrcmp
    beqz a0, .Lbootargs
    j .Lprop_done

.Lcompatible:                       # a list of strings: is "virtio,mmio" one?
    lw t0, 0(sp)
    lw t1, 8(sp)
    add t1, t0, t1
    sw t1, 12(sp)                   # 12(sp) = end of the list
1:
    lw a0, 0(sp)
    lw t1, 12(sp)
    bgeu a0, t1, .Lprop_done
    la a1, str_virtio_mmio
    call kstrcmp
    beqz a0, 2f
    lw a0, 0(sp)
    call kstrlen
    lw t0, 0(sp)
    add t0, t0, a0
    addi t0, t0, 1
    sw t0, 0(sp)
    j 1b
2:
    ori s5, s5, NODE_VIRTIO
    j .Lprop_done

.Lreg:                              # the first address, in the parent's cells
    la t0, fdt_acells
    slli t1, s4, 2
    add t0, t0, t1
    lw t1, -4(t0)                   # the parent's #address-cells (1 or 2)
    slli t2, t1, 2
    lw t0, 8(sp)
    bltu t0, t2, .Lprop_done        # too short
    li t2, 2
    bne t1, t2, 3f
    lw a0, 0(sp)                    # two cells: the high one must be 0
    call be32
    bnez a0, .Lprop_done
    lw t0, 0(sp)
    addi t0, t0, 4
    sw t0, 0(sp)
3:
    lw a0, 0(sp)
    call be32
    mv s6, a0
    ori s5, s5, NODE_REG
    j .Lprop_done

.Linterrupts:                       # the first cell: the PLIC source
    lw t0, 8(sp)
    li t1, 4
    bltu t0, t1, .Lprop_done
    lw a0, 0(sp)
    call be32
    mv s7, a0
    j .Lprop_done

.Laddress_cells:                    # for this node's children: 1 or 2
    lw t0, 8(sp)
    li t1, 4
    bltu t0, t1, .Lprop_done
    lw a0, 0(sp)
    call be32
    addi t0, a0, -1
    li t1, 2
    bgeu t0, t1, .Lprop_done        # not 1 or 2: keep the default
    la t0, fdt_acells
    slli t1, s4, 2
    add t0, t0, t1
    sw a0, 0(t0)
    j .Lprop_done

.Lbootargs:                         # /chosen's: the command line
    andi t0, s5, NODE_CHOSEN
    beqz t0, .Lprop_done
    lw a2, 8(sp)
    li t0, BOOTARGS_MAX - 1
    bleu a2, t0, 4f
    mv a2, t0
4:
    la a0, bootargs
    add t0, a0, a2
    sb zero, 0(t0)
    lw a1, 0(sp)
    call kmemcpy

.Lprop_done:
    lw ra, 28(sp)
    addi sp, sp, 32
    ret

.section .io.rodata, "a"
str_chosen:       .asciz "chosen"
str_compatible:   .asciz "compatible"
str_reg:          .asciz "reg"
str_interrupts:   .asciz "interrupts"
str_address_cells: .asciz "#address-cells"
str_bootargs:     .asciz "bootargs"
str_virtio_mmio:  .asciz "virtio,mmio"

.section .io.bss, "aw", @nobits
.balign 4
fdt_acells:                         # #address-cells of the open node at each depth
    .space 4 * FDT_MAX_DEPTH
.globl fdt_nvirtio
fdt_nvirtio:                        # entries in fdt_virtio
    .space 4
.globl fdt_virtio
fdt_virtio:                         # {register window, PLIC source} per virtio-mmio node
    .space 8 * VIO_MAX
.globl bootargs
bootargs:                           # /chosen/bootargs, NUL-terminated ("" if none)
    .space BOOTARGS_MAX
