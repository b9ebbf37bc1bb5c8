# A small program for the listing test: labels (global and local), code and
# data in .text (mapping symbols), lui/auipc pairs and gp-relative accesses
# (objdump's `# <address>` comments), CSR names, a run of zeros, and a
# 16-bit parcel. Assembled with GNU as and linked at 0x80000000.
    .option norvc
    .text
    .globl _start
_start:
    la      sp, stack_top
    lui     a0, %hi(message)
    addi    a0, a0, %lo(message)
    call    print
    lw      a1, -2000(gp)
    sw      a1, 16(gp)
    csrr    t0, mhartid
    csrw    mtvec, t0
    csrrs   zero, menvcfg, t1
    csrrwi  a2, mscratch, 7
    rdcycle a3
    rdtimeh a4
    beqz    a0, 1f
    bnez    a1, _start
1:  j       done

print:
    mv      t1, a0
2:  lbu     t2, 0(t1)
    beqz    t2, 3f
    addi    t1, t1, 1
    j       2b
3:  ret

done:
    li      a0, 0x12345678
    not     a1, a0
    neg     a2, a1
    seqz    a3, a2
    snez    a4, a3
    fence
    fence   r, w
    fence.i
    sfence.vma a0
    wfi
    unimp
    ebreak
    jalr    ra, 12(a5)
    jr      t0
    lr.w.aqrl a0, (a1)
    amoswap.w.rl a2, a3, (a4)
    .insn   4, 0x0000000b
    .2byte  0x1
    .2byte  0x0
    j       done

message:
    .string "hello, pvlab\n"
    .balign 4
table:
    .word   0x12345678, print, done
    .half   0xbeef
    .byte   1, 2
    .word   0, 0, 0
    .balign 4
stack_bottom:
    .skip   64
stack_top:
    nop
