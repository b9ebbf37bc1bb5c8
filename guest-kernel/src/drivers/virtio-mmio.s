# drivers/virtio-mmio.s — the virtio-mmio transport (virtio 1.2 §4.2):
# finding devices, and the steps every virtio driver takes to start one.
#
# A slot is a 0x200-byte register window; QEMU's virt board has eight from
# 0x1000_1000, PLIC sources 1..8, all listed in its device tree, most of
# them empty (device id 0). Two versions of the transport exist and QEMU 7.2
# offers the legacy one unless told otherwise, so both are spoken:
#
#                     legacy (version 1, §4.2.4)      modern (version 2, §4.2.2)
#   features          one word (HostFeatures)          two words; VIRTIO_F_VERSION_1
#                                                      must be accepted, FEATURES_OK
#   a queue's memory  GuestPageSize, QueueAlign,       QueueDesc/Driver/Device
#                     QueuePFN (page number)           (64-bit), then QueueReady
#
# Start-up (§3.1.1): reset (status 0), ACKNOWLEDGE, DRIVER, read the device's
# features and write the ones we take, (modern) FEATURES_OK and check it
# stuck, set the queues up, DRIVER_OK. Every register access is a pv_vio_*
# site of the seam (pvops.inc).

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "drivers/virtio.inc"

.section .io.text, "ax"
# virtio_probe(): each virtio-mmio node of the device tree (fdt.s): check
# its magic, version and device id, record it, and attach the drivers of
# the kinds we know (the first disk, the first network device). Only slots
# inside the devices' megapage are looked at: that is what the kernel maps.
.globl virtio_probe
virtio_probe:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    sw s2, 0(sp)
    la s0, fdt_virtio               # s0 = the next {window, source}
    la t0, fdt_nvirtio
    lw s1, 0(t0)                    # s1 = how many are left
1:
    beqz s1, 9f
    addi s1, s1, -1
    lw t0, 0(s0)                    # the window: page-aligned, in the megapage
    lw t1, 4(s0)
    addi s0, s0, 8
    slli t2, t0, 32 - PAGE_SHIFT
    bnez t2, 1b
    li t2, IO_WINDOW_BASE
    bltu t0, t2, 1b
    li t2, IO_WINDOW_END
    bgeu t0, t2, 1b
    la t2, vio_ndev                 # record it
    lw a0, 0(t2)
    slli a0, a0, 4                  # * VIO_SIZE
    la t2, vio_devs
    add s2, t2, a0                  # s2 = its record
    sw t0, VIO_BASE(s2)
    sw t1, VIO_IRQ(s2)
    pv_vio_read t0, s2, VIO_MAGIC_VALUE
    li t1, VIO_MAGIC
    bne t0, t1, 1b
    pv_vio_read t0, s2, VIO_VERSION_REG
    addi t1, t0, -VIO_LEGACY
    li t2, VIO_MODERN - VIO_LEGACY + 1
    bgeu t1, t2, 1b                 # not a version we speak
    sw t0, VIO_VERSION(s2)
    pv_vio_read t0, s2, VIO_DEVICE_ID
    beqz t0, 1b                     # an empty slot
    sw t0, VIO_ID(s2)
    la t2, vio_ndev
    lw t1, 0(t2)
    addi t1, t1, 1
    sw t1, 0(t2)
    mv a0, s2
    li t1, VIO_ID_BLOCK
    bne t0, t1, 2f
    call virtio_blk_attach          # virtio-blk.s
    j 1b
2:
    li t1, VIO_ID_NET
    bne t0, t1, 1b
    call virtio_net_attach          # virtio-net.s
    j 1b
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    lw s2, 0(sp)
    addi sp, sp, 16
    ret

# vio_begin(a0 = device, a1 = the feature bits 0..31 we can use) -> a0 =
# the ones the device offers too (now accepted), or -1 if it refused us.
.globl vio_begin
vio_begin:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s0, a0
    mv s1, a1
    pv_vio_write s0, VIO_STATUS, zero, t0           # reset
    li t1, VIO_S_ACKNOWLEDGE
    pv_vio_write s0, VIO_STATUS, t1, t0
    li t1, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER
    pv_vio_write s0, VIO_STATUS, t1, t0
    pv_vio_write s0, VIO_DEVICE_FEATURES_SEL, zero, t0
    pv_vio_read t1, s0, VIO_DEVICE_FEATURES
    and s1, s1, t1                  # s1 = what we both know
    pv_vio_write s0, VIO_DRIVER_FEATURES_SEL, zero, t0
    pv_vio_write s0, VIO_DRIVER_FEATURES, s1, t0
    lw t1, VIO_VERSION(s0)
    li t2, VIO_MODERN
    beq t1, t2, 1f
    li t1, PAGE_SIZE                # legacy: QueuePFN counts 4 KiB pages
    pv_vio_write s0, VIO_GUEST_PAGE_SIZE, t1, t0
    j 8f
1:                                  # modern: VERSION_1 in the second word
    li t1, 1
    pv_vio_write s0, VIO_DEVICE_FEATURES_SEL, t1, t0
    pv_vio_read t1, s0, VIO_DEVICE_FEATURES
    andi t1, t1, VIO_F_VERSION_1_HI
    beqz t1, 7f
    li t1, 1
    pv_vio_write s0, VIO_DRIVER_FEATURES_SEL, t1, t0
    li t1, VIO_F_VERSION_1_HI
    pv_vio_write s0, VIO_DRIVER_FEATURES, t1, t0
    li t1, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER | VIO_S_FEATURES_OK
    pv_vio_write s0, VIO_STATUS, t1, t0
    pv_vio_read t1, s0, VIO_STATUS
    andi t1, t1, VIO_S_FEATURES_OK
    beqz t1, 7f                     # it did not take them
8:
    mv a0, s1
    j 9f
7:
    mv a0, s0
    call vio_fail
    li a0, -1
9:
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
    ret

# vio_queue(a0 = device, a1 = virtqueue record, a2 = queue index, a3 = a
# zeroed page for it, a4 = descriptors for the free list, at most) -> a0 = 0,
# or -1 (no such queue, or one already in use, or too small).
.globl vio_queue
vio_queue:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    sw s4, 8(sp)
    mv s0, a0
    mv s1, a1
    mv s2, a2
    mv s3, a3
    mv s4, a4
    pv_vio_write s0, VIO_QUEUE_SEL, s2, t0
    lw t1, VIO_VERSION(s0)
    li t2, VIO_MODERN
    beq t1, t2, 1f
    pv_vio_read t1, s0, VIO_QUEUE_PFN
    j 2f
1:
    pv_vio_read t1, s0, VIO_QUEUE_READY
2:
    bnez t1, 8f                     # in use already
    pv_vio_read t1, s0, VIO_QUEUE_NUM_MAX
    li a4, VQ_MAX_NUM               # a4 = the largest power of two we allow
3:
    bleu a4, t1, 4f
    srli a4, a4, 1
    j 3b
4:
    li t1, VQ_MIN_NUM
    bltu a4, t1, 8f                 # no queue, or a tiny one
    bleu s4, a4, 5f                 # a5 = free descriptors: min(asked, size)
    mv s4, a4
5:
    mv a5, s4
    mv a0, s1
    mv a1, s0
    mv a2, s2
    mv a3, s3
    mv s4, a4                       # s4 = the size
    call vq_init                    # virtqueue.s
    pv_vio_write s0, VIO_QUEUE_NUM, s4, t0
    lw t1, VIO_VERSION(s0)
    li t2, VIO_MODERN
    beq t1, t2, 6f
    li t1, VQ_ALIGN                 # legacy: the rings follow each other ...
    pv_vio_write s0, VIO_QUEUE_ALIGN, t1, t0
    srli t1, s3, PAGE_SHIFT         # ... in the page we name
    pv_vio_write s0, VIO_QUEUE_PFN, t1, t0
    j 7f
6:                                  # modern: the three addresses, then ready
    lw t1, VQ_DESC(s1)
    pv_vio_write s0, VIO_QUEUE_DESC_LOW, t1, t0
    pv_vio_write s0, VIO_QUEUE_DESC_HIGH, zero, t0
    lw t1, VQ_AVAIL(s1)
    pv_vio_write s0, VIO_QUEUE_DRIVER_LOW, t1, t0
    pv_vio_write s0, VIO_QUEUE_DRIVER_HIGH, zero, t0
    lw t1, VQ_USED(s1)
    pv_vio_write s0, VIO_QUEUE_DEVICE_LOW, t1, t0
    pv_vio_write s0, VIO_QUEUE_DEVICE_HIGH, zero, t0
    li t1, 1
    pv_vio_write s0, VIO_QUEUE_READY, t1, t0
7:
    li a0, 0
    j 9f
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    lw s4, 8(sp)
    addi sp, sp, 32
    ret

# vio_ready(a0 = device): DRIVER_OK, the device is live.
.globl vio_ready
vio_ready:
    pv_vio_read t1, a0, VIO_STATUS
    ori t1, t1, VIO_S_DRIVER_OK
    pv_vio_write a0, VIO_STATUS, t1, t0
    ret

# vio_fail(a0 = device): FAILED, we gave up on it.
.globl vio_fail
vio_fail:
    pv_vio_read t1, a0, VIO_STATUS
    ori t1, t1, VIO_S_FAILED
    pv_vio_write a0, VIO_STATUS, t1, t0
    ret

# vio_intr_ack(a0 = device) -> a0 = its interrupt status, acknowledged (the
# device lowers its interrupt line when every bit is acknowledged).
.globl vio_intr_ack
vio_intr_ack:
    pv_vio_read t1, a0, VIO_INTERRUPT_STATUS
    pv_vio_write a0, VIO_INTERRUPT_ACK, t1, t0
    mv a0, t1
    ret

# vio_version_name(a0 = device) -> a0 = "legacy" or "modern"
.globl vio_version_name
vio_version_name:
    lw t0, VIO_VERSION(a0)
    la a0, str_legacy
    li t1, VIO_MODERN
    bne t0, t1, 1f
    la a0, str_modern
1:
    ret

.section .io.rodata, "a"
str_legacy: .asciz "legacy"
str_modern: .asciz "modern"

.section .io.bss, "aw", @nobits
.balign 4
vio_ndev:                           # devices recorded
    .space 4
vio_devs:                           # VIO_SIZE bytes each
    .space VIO_SIZE * VIO_MAX
