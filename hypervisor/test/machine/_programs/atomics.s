# atomics.s — the A extension (unprivileged spec §8): LR/SC and every AMO,
# each in its four orderings (none, .aq, .rl, .aqrl — on one hart they
# order nothing visible, so all four must compute the same).
#
# LR/SC (§8.2): sc.w writes and returns 0 only if the hart holds a
# reservation on the address from its latest lr.w; any sc.w, successful or
# not, ends the reservation; failure returns non-zero (1 on QEMU and
# pvlab) and writes nothing. AMOs (§8.4) return the old value in rd and
# store old OP rs2. Misaligned addresses trap (§8.2, §8.4): lr.w with
# load-address-misaligned, sc.w and AMOs with store/AMO-address-misaligned
# (where QEMU 7.2 departs: see qemu-deviations.ts); an AMO where no
# memory is raises store/AMO access fault (QEMU 7.2 says load access fault).

	.include "macros.inc"
	PROGRAM	"atomics: lr.w sc.w and every AMO, with aq/rl"

# AMO insn, init, operand, new: memory = init; t2 = insn(operand); expect
# t2 = init and memory = new
.macro	AMO insn, init, operand, new
	li	t0, \init
	sw	t0, 0(s0)
	li	t1, \operand
	\insn	t2, t1, (s0)
	CHECK	"\insn: rd is the old value", t2, \init
	lw	t3, 0(s0)
	CHECK	"\insn: memory", t3, \new
	SIG	t3
.endm

# LRSC lr, sc: a successful pair with these orderings
.macro	LRSC lr, sc
	li	t0, 10
	sw	t0, 0(s0)
	\lr	t1, (s0)
	addi	t1, t1, 1
	\sc	t2, t1, (s0)
	lw	t3, 0(s0)
	CHECK	"\lr + \sc: sc returns 0", t2, 0
	CHECK	"\lr + \sc: memory", t3, 11
.endm

main:
	la	s0, word
	la	s1, far_word

	SAY	"lr.w / sc.w success"
	li	t0, 100
	sw	t0, 0(s0)
	lr.w	t1, (s0)
	CHECK	"lr.w loads", t1, 100
	li	t2, 200
	sc.w	t3, t2, (s0)
	CHECK	"sc.w after lr.w returns 0", t3, 0
	CHECK_MEM "... and stores", word, 200
	lr.w	zero, (s0)		# rd = x0: the reservation is still made
	li	t2, 201
	sc.w	t3, t2, (s0)
	CHECK	"sc.w after lr.w x0 returns 0", t3, 0
	lr.w	t1, (s0)
	li	t2, 202
	sc.w	zero, t2, (s0)		# rd = x0: the store still happens
	CHECK_MEM "sc.w x0 after lr.w stores", word, 202

	SAY	"lr.w / sc.w failure: nothing is written, rd = 1"
	li	t2, 300
	sc.w	t3, t2, (s0)		# the last sc.w ended the reservation
	CHECK	"a second sc.w fails", t3, 1
	CHECK_MEM "... and does not store", word, 202
	li	t0, 400
	sw	t0, 0(s1)
	lr.w	t1, (s0)
	li	t2, 500
	sc.w	t3, t2, (s1)		# a different page than the lr.w
	CHECK	"sc.w to another address than lr.w fails", t3, 1
	CHECK_MEM "... leaving that address", far_word, 400
	li	t2, 501
	sc.w	t3, t2, (s0)		# and the failed sc.w ended the reservation
	CHECK	"sc.w after a failed sc.w fails", t3, 1
	CHECK_MEM "... leaving the lr.w address", word, 202

	SAY	"an lr/sc retry loop: atomic increment by 5, three times"
	li	t0, 1000
	sw	t0, 0(s0)
	li	t4, 3
1:	lr.w	t1, (s0)
	addi	t1, t1, 5
	sc.w	t2, t1, (s0)
	bnez	t2, 1b
	addi	t4, t4, -1
	bnez	t4, 1b
	CHECK_MEM "1000 + 3 * 5", word, 1015

	SAY	"lr.w and sc.w in every ordering"
	LRSC	lr.w.aq, sc.w.aq
	LRSC	lr.w.rl, sc.w.rl
	LRSC	lr.w.aqrl, sc.w.aqrl
	LRSC	lr.w, sc.w.aqrl

	SAY	"amoswap.w: swap"
	AMO	amoswap.w, 0x11111111, 0x22222222, 0x22222222
	AMO	amoswap.w.aq, 0x11111111, 0x22222222, 0x22222222
	AMO	amoswap.w.rl, 0x11111111, 0x22222222, 0x22222222
	AMO	amoswap.w.aqrl, 0x11111111, 0x22222222, 0x22222222
	SAY	"amoadd.w: 0x7fffffff + 1 wraps"
	AMO	amoadd.w, 0x7fffffff, 0x00000001, 0x80000000
	AMO	amoadd.w.aq, 0x7fffffff, 0x00000001, 0x80000000
	AMO	amoadd.w.rl, 0x7fffffff, 0x00000001, 0x80000000
	AMO	amoadd.w.aqrl, 0x7fffffff, 0x00000001, 0x80000000
	SAY	"amoxor.w: xor"
	AMO	amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
	AMO	amoxor.w.aq, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
	AMO	amoxor.w.rl, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
	AMO	amoxor.w.aqrl, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
	SAY	"amoand.w: and"
	AMO	amoand.w, 0xff00ff00, 0x0ff00ff0, 0x0f000f00
	AMO	amoand.w.aq, 0xff00ff00, 0x0ff00ff0, 0x0f000f00
	AMO	amoand.w.rl, 0xff00ff00, 0x0ff00ff0, 0x0f000f00
	AMO	amoand.w.aqrl, 0xff00ff00, 0x0ff00ff0, 0x0f000f00
	SAY	"amoor.w: or"
	AMO	amoor.w, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0
	AMO	amoor.w.aq, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0
	AMO	amoor.w.rl, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0
	AMO	amoor.w.aqrl, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0
	SAY	"amomin.w: min(-5, 3) = -5"
	AMO	amomin.w, 0xfffffffb, 0x00000003, 0xfffffffb
	AMO	amomin.w.aq, 0xfffffffb, 0x00000003, 0xfffffffb
	AMO	amomin.w.rl, 0xfffffffb, 0x00000003, 0xfffffffb
	AMO	amomin.w.aqrl, 0xfffffffb, 0x00000003, 0xfffffffb
	SAY	"amomax.w: max(-5, 3) = 3"
	AMO	amomax.w, 0xfffffffb, 0x00000003, 0x00000003
	AMO	amomax.w.aq, 0xfffffffb, 0x00000003, 0x00000003
	AMO	amomax.w.rl, 0xfffffffb, 0x00000003, 0x00000003
	AMO	amomax.w.aqrl, 0xfffffffb, 0x00000003, 0x00000003
	SAY	"amominu.w: minu(0xfffffffb, 3) = 3"
	AMO	amominu.w, 0xfffffffb, 0x00000003, 0x00000003
	AMO	amominu.w.aq, 0xfffffffb, 0x00000003, 0x00000003
	AMO	amominu.w.rl, 0xfffffffb, 0x00000003, 0x00000003
	AMO	amominu.w.aqrl, 0xfffffffb, 0x00000003, 0x00000003
	SAY	"amomaxu.w: maxu(0xfffffffb, 3) = 0xfffffffb"
	AMO	amomaxu.w, 0xfffffffb, 0x00000003, 0xfffffffb
	AMO	amomaxu.w.aq, 0xfffffffb, 0x00000003, 0xfffffffb
	AMO	amomaxu.w.rl, 0xfffffffb, 0x00000003, 0xfffffffb
	AMO	amomaxu.w.aqrl, 0xfffffffb, 0x00000003, 0xfffffffb

	SAY	"AMO operands: rd = x0, rs2 = x0, rd = rs2"
	li	t0, 7
	sw	t0, 0(s0)
	li	t1, 5
	amoadd.w zero, t1, (s0)
	CHECK_MEM "amoadd.w x0: memory still updated", word, 12
	amoor.w	t2, zero, (s0)		# an atomic load
	CHECK	"amoor.w with rs2 = x0 reads", t2, 12
	CHECK_MEM "... and leaves memory", word, 12
	li	t1, 99
	amoswap.w t1, t1, (s0)		# rd = rs2: the old rs2 is stored
	CHECK	"amoswap.w t1, t1: t1 gets the old memory", t1, 12
	CHECK_MEM "... memory gets the old t1", word, 99

	SAY	"misaligned and faulting addresses"
	TRAP_RESET
	addi	a1, s0, 2
lr_mis:	lr.w	t1, (a1)
	EXPECT_TRAP "lr.w misaligned", CAUSE_LOAD_MISALIGNED, lr_mis, word + 2
amo_mis: amoadd.w t1, t2, (a1)
	EXPECT_TRAP "amoadd.w misaligned", CAUSE_STORE_MISALIGNED, amo_mis, word + 2, PRV_M, CAUSE_LOAD_MISALIGNED
	li	t0, 0x77
	sw	t0, 0(s0)
	lr.w	t1, (s0)		# a reservation, on another address
	sc.w	t3, t2, (a1)
	lw	t0, trap_count
	SHOW	"sc.w misaligned: traps taken", t0
	lw	t0, trap_log		# the first entry's cause
	SHOW	"sc.w misaligned: cause", t0
	TRAP_RESET
	li	t0, 0			# (QEMU's values differ here: keep them
	li	t3, 0			#  out of the register signature)
	CHECK_MEM "sc.w misaligned wrote nothing", word, 0x77
	li	a1, 0			# nothing is at address 0
lr_0:	lr.w	t1, (a1)
	EXPECT_TRAP "lr.w from 0", CAUSE_LOAD_ACCESS, lr_0, 0
amo_0:	amoswap.w t1, t2, (a1)
	EXPECT_TRAP "amoswap.w to 0", CAUSE_STORE_ACCESS, amo_0, 0, PRV_M, CAUSE_LOAD_ACCESS

	li	s2, 0x5a5a
	lw	s3, 0(s0)
	END_PROGRAM

	.data
	.balign	16
word:	.word	0, 0, 0, 0
	.balign	4096
far_word: .word	0

	SIGNATURE_REGION 40
