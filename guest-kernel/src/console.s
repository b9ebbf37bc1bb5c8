# console.s — the console: output, and a line discipline for input.
#
# Output goes through the seam's pv_console_write, a whole buffer at a time
# (native: polled NS16550A; paravirtual: one hypercall per buffer).
#
# Input arrives by interrupt (trap.s -> device_intr -> console_intr) into a
# circular buffer, edited like a terminal in canonical mode:
#
#   input_buf:  [ read ... r ...... w ...... e ...  ]   (indexes mod INPUT_BUF)
#                          |<-lines->|<-editing->|
#
# r: next byte read() returns; w: end of the complete lines; e: end of the
# line being typed. Bytes are echoed as they arrive; backspace erases,
# Enter (CR or LF) completes a line, Ctrl-D completes it without a newline
# (at the start of a line: end of input, read() returns 0).
#
# Flow control: receive interrupts are on only while a reader waits for a
# line; once a line is complete they go off and the UART holds the rest.
# So input is echoed when it is read, after the prompt, never ahead of it:
# a scripted session prints the same transcript whatever the input timing.

.include "memmap.inc"
.include "layout.inc"
.include "pvops.inc"
.include "format.inc"

.equ INPUT_BUF, 128
.equ CTRL_D, 4
.equ BACKSPACE, 8
.equ DELETE, 0x7f

.text
.globl console_init
console_init:
    pv_console_init t0, t1
    ret

# console_write(a0 = buf, a1 = len): the bytes, as they are.
.globl console_write
console_write:
    pv_console_write a0, a1, t0, t1
    ret

# console_putc(a0 = byte)
console_putc:
    addi sp, sp, -16
    sw ra, 12(sp)
    sb a0, 0(sp)
    mv a0, sp
    li a1, 1
    call console_write
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

FORMAT_FUNCTION kformat

# kprintf(a0 = format, a1..a5 = arguments): format.inc's conversions, one
# console write for the whole text.
.globl kprintf
kprintf:
    addi sp, sp, -(32 + FORMAT_MAX)
    sw ra, 28(sp)
    sw a1, 4(sp)
    sw a2, 8(sp)
    sw a3, 12(sp)
    sw a4, 16(sp)
    sw a5, 20(sp)
    mv a1, a0
    addi a0, sp, 32
    addi a2, sp, 4
    call kformat
    mv a1, a0
    addi a0, sp, 32
    call console_write
    lw ra, 28(sp)
    addi sp, sp, 32 + FORMAT_MAX
    ret

# panic(a0 = format, a1..a3 = arguments): print and power off.
.globl panic
panic:
    addi sp, sp, -16
    sw a0, 0(sp)
    sw a1, 4(sp)
    sw a2, 8(sp)
    sw a3, 12(sp)
    la a0, panic_prefix
    call kprintf
    lw a0, 0(sp)
    lw a1, 4(sp)
    lw a2, 8(sp)
    lw a3, 12(sp)
    call kprintf
    li a0, '\n'
    call console_putc
    li a0, EXIT_PANIC
    pv_shutdown a0, t0

# console_intr(): the UART has input: take its bytes, up to the end of a
# line (the rest waits in the UART until the next read). An interrupt while
# no reader waits (rx_open = 0) takes nothing: QEMU's PLIC keeps a source
# pending after the UART has dropped its line, so one can still arrive
# after the receive interrupt was turned off.
.globl console_intr
console_intr:
    addi sp, sp, -16
    sw ra, 12(sp)
1:
    la t0, rx_open
    lw t0, 0(t0)
    beqz t0, 2f
    pv_console_getc a0, t0
    bltz a0, 2f
    call console_char
    beqz a0, 1b                     # 1: a line is complete
2:
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

# console_char(a0 = byte) -> a0 = 1 if a line is now complete, else 0:
# the line discipline, one received byte.
console_char:
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    mv s0, a0
    la t0, input_r
    lw t1, 0(t0)                    # r
    lw t2, 4(t0)                    # w
    lw t3, 8(t0)                    # e
    li t4, '\r'                     # a terminal's Enter
    bne s0, t4, 1f
    li s0, '\n'
1:
    li t4, BACKSPACE
    beq s0, t4, 2f
    li t4, DELETE
    bne s0, t4, 3f
2:
    beq t3, t2, 9f                  # nothing to erase
    addi t3, t3, -1
    sw t3, 8(t0)
    la a0, erase
    li a1, 3
    call console_write
    j 9f
3:
    sub t4, t3, t1
    li t5, INPUT_BUF
    bgeu t4, t5, 9f                 # full: drop it
    andi t4, t3, INPUT_BUF - 1
    la t5, input_buf
    add t5, t5, t4
    sb s0, 0(t5)
    addi t3, t3, 1
    sw t3, 8(t0)
    li t4, CTRL_D
    beq s0, t4, 4f                  # Ctrl-D: not echoed
    mv a0, s0
    call console_putc
    la t0, input_r
    lw t1, 0(t0)
    lw t3, 8(t0)
    li t4, '\n'
    beq s0, t4, 4f
    sub t4, t3, t1
    li t5, INPUT_BUF
    bltu t4, t5, 9f
4:                                  # a complete line: wake the reader
    sw t3, 4(t0)                    # w = e
    la t1, rx_open
    sw zero, 0(t1)
    pv_console_rx_disable t0
    la a0, input_r
    call wakeup
    li a0, 1
    j 10f
9:
    li a0, 0
10:
    lw ra, 12(sp)
    lw s0, 8(sp)
    addi sp, sp, 16
    ret

# console_read(a0 = user buffer, a1 = n) -> a0 = bytes copied (one line at
# most), 0 at end of input, -1 for a bad buffer or when killed.
.globl console_read
console_read:
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    mv s0, a0
    mv s1, a1
    li a2, 1
    call uvm_check                  # the whole buffer must be writable
    bnez a0, 8f
1:
    la t0, input_r
    lw t1, 0(t0)
    lw t2, 4(t0)
    bne t1, t2, 2f                  # a line is there
    la t0, curproc
    lw t0, 0(t0)
    lw t0, P_KILLED(t0)
    bnez t0, 8f
    la t0, rx_open
    li t1, 1
    sw t1, 0(t0)
    pv_console_rx_enable t0, t1
    la a0, input_r
    call sleep_on
    j 1b
2:
    li s2, 0                        # s2 = bytes copied
    pv_user_access_begin t0
3:
    la t0, input_r
    lw t1, 0(t0)
    lw t2, 4(t0)
    beq t1, t2, 6f
    beq s2, s1, 6f
    andi t3, t1, INPUT_BUF - 1
    la t4, input_buf
    add t4, t4, t3
    lbu t3, 0(t4)
    li t4, CTRL_D
    bne t3, t4, 4f
    bnez s2, 6f                     # Ctrl-D ends this line; read it next time
    addi t1, t1, 1                  # at the start: end of input
    sw t1, 0(t0)
    j 6f
4:
    addi t1, t1, 1
    sw t1, 0(t0)
    add t4, s0, s2
    sb t3, 0(t4)
    addi s2, s2, 1
    li t4, '\n'
    bne t3, t4, 3b
6:
    pv_user_access_end t0
    mv a0, s2
    j 9f
8:
    li a0, -1
9:
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    addi sp, sp, 32
    ret

.section .rodata
erase:
    .ascii "\b \b"
panic_prefix:
    .asciz "panic: "

.bss
.balign 4
input_r:
    .space 4
input_w:
    .space 4
input_e:
    .space 4
input_buf:
    .space INPUT_BUF
rx_open:                            # 1 while a reader waits for a line
    .space 4
