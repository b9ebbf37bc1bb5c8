# loads-stores.s — loads and stores (unprivileged spec §2.6), the fences
# (§2.7) and fence.i (Zifencei, §3).
#
# lb/lh sign-extend, lbu/lhu zero-extend; addresses are rs1 + a
# sign-extended 12-bit offset; memory is little-endian; a store changes
# only its own bytes. Misaligned loads and stores are allowed to trap or not
# (§2.6): QEMU 7.2 (and pvlab) perform them in hardware in every mode, so
# here they must not trap and must give the little-endian result.

	.include "macros.inc"
	PROGRAM	"loads-stores: lb lh lw lbu lhu sb sh sw, misaligned, fences"

main:
	la	s0, bytes

	SAY	"sign and zero extension"
	lb	t0, 0(s0)
	CHECK	"lb 0x80", t0, 0xffffff80
	lbu	t0, 0(s0)
	CHECK	"lbu 0x80", t0, 0x00000080
	lb	t0, 1(s0)
	CHECK	"lb 0x7f", t0, 0x0000007f
	lb	t0, 2(s0)
	CHECK	"lb 0xff", t0, 0xffffffff
	lbu	t0, 2(s0)
	CHECK	"lbu 0xff", t0, 0x000000ff
	lh	t0, 4(s0)
	CHECK	"lh 0x8000", t0, 0xffff8000
	lhu	t0, 4(s0)
	CHECK	"lhu 0x8000", t0, 0x00008000
	lh	t0, 6(s0)
	CHECK	"lh 0x7fff", t0, 0x00007fff
	lw	t0, 8(s0)
	CHECK	"lw 0x80000000", t0, 0x80000000

	SAY	"little-endian byte order"
	lw	t0, 12(s0)
	CHECK	"lw of bytes 01 02 03 04", t0, 0x04030201
	lbu	t0, 15(s0)
	CHECK	"lbu of the last byte", t0, 0x04
	lhu	t0, 14(s0)
	CHECK	"lhu of the upper half", t0, 0x0403

	SAY	"offsets: -2048 and +2047 from the base"
	la	t1, big + 2048
	lbu	t0, -2048(t1)
	CHECK	"lbu -2048(base)", t0, 0xa1
	lbu	t0, 2047(t1)
	CHECK	"lbu 2047(base)", t0, 0xb2
	lw	t0, 0(s0)
	addi	t1, s0, 8
	lw	t0, -8(t1)
	CHECK	"lw -8(base)", t0, 0x01ff7f80

	SAY	"destinations: x0 and rd == rs1"
	lw	zero, 0(s0)
	CHECK	"lw into x0", zero, 0
	addi	t0, s0, 8
	lw	t0, 0(t0)
	CHECK	"lw t0, 0(t0)", t0, 0x80000000

	SAY	"stores change only their own bytes (result in the signature)"
	la	s1, sig_begin
	li	t0, 0xaaaaaaaa
	sw	t0, 0(s1)
	sw	t0, 4(s1)
	sw	t0, 8(s1)
	li	t1, 0x12345678
	sb	t1, 1(s1)		# the low byte, 0x78
	lw	t0, 0(s1)
	CHECK	"sb 0x78 at +1", t0, 0xaaaa78aa
	sh	t1, 6(s1)		# the low half, 0x5678
	lw	t0, 4(s1)
	CHECK	"sh 0x5678 at +6", t0, 0x5678aaaa
	sb	zero, 8(s1)
	sh	zero, 10(s1)
	lw	t0, 8(s1)
	CHECK	"sb and sh of x0", t0, 0x0000aa00
	sw	t1, 12(s1)
	lbu	t0, 12(s1)
	CHECK	"sw then lbu: the low byte first", t0, 0x78
	li	t0, -1
	sw	t0, 16(s1)
	sw	zero, 20(s1)

	SAY	"misaligned loads and stores (done in hardware)"
	TRAP_RESET
	lw	t0, 1(s0)
	CHECK	"lw at +1", t0, 0x0001ff7f
	lh	t0, 3(s0)
	CHECK	"lh at +3 (across a word)", t0, 0x0001
	lhu	t0, 5(s0)
	CHECK	"lhu at +5", t0, 0xff80
	lh	t0, 5(s0)
	CHECK	"lh at +5", t0, 0xffffff80
	lw	t0, 6(s0)
	CHECK	"lw at +6", t0, 0x00007fff
	li	t1, 0x11223344
	sw	t1, 25(s1)		# bytes 25..28 of the signature
	lw	t0, 24(s1)
	CHECK	"sw at +1: the first word", t0, 0x223344ef
	lw	t0, 28(s1)
	CHECK	"sw at +1: the second word", t0, 0xdeadbe11
	sh	t1, 35(s1)		# bytes 35..36
	lw	t0, 32(s1)
	CHECK	"sh at +3: the first word", t0, 0x44adbeef
	lw	t0, 36(s1)
	CHECK	"sh at +3: the second word", t0, 0xdeadbe33
	EXPECT_NO_TRAP "misaligned accesses in M-mode"

	SAY	"fences (single hart: ordering only, no visible effect)"
	li	t0, 5
	fence
	fence	rw, rw
	fence	r, w
	fence	iorw, iorw
	fence.tso
	CHECK	"fence, fence rw,rw, fence r,w, fence iorw,iorw, fence.tso", t0, 5

	SAY	"fence.i: code written by stores runs after fence.i"
	call	patch_me
	CHECK	"the original instruction", a0, 7
	LOAD_WORD t0, 0x02a00513	# addi a0, x0, 42
	la	t1, patch_me
	sw	t0, 0(t1)
	fence.i
	call	patch_me
	CHECK	"the new instruction", a0, 42

	mv	s2, a0
	li	s3, 0x5a
	END_PROGRAM

# a one-instruction function that the test rewrites
patch_me:
	li	a0, 7
	ret

	.data
	.balign	4
bytes:	.byte	0x80, 0x7f, 0xff, 0x01	# +0
	.half	0x8000, 0x7fff		# +4
	.word	0x80000000		# +8
	.byte	1, 2, 3, 4		# +12
big:	.byte	0xa1
	.fill	4094, 1, 0
	.byte	0xb2			# big + 4095

	SIGNATURE_REGION 10
