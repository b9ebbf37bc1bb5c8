# pmp.s — physical memory protection (privileged spec §3.7): TOR, NA4 and
# NAPOT regions, R/W/X, priority (the lowest-numbered matching entry
# decides), S/U accesses that no entry matches, and the lock bit.
#
#   pmpcfg byte:   7   6:5   4:3   2   1   0      A: 0 OFF, 1 TOR, 2 NA4, 3 NAPOT
#                  L   0     A     X   W   R
#
# Unlocked entries bind S and U only; a locked one binds M too, and can
# no longer be written (nor can the pmpaddr below a locked TOR entry).
# A denied access raises an access fault (1 fetch, 5 load, 7 store) with
# tval = the address. If no entry matches an S or U access, it fails
# (at least one entry is implemented; QEMU 7.2 instead makes an mret to S
# or U illegal when no entry is active: qemu-deviations.ts).
#
# entry 15 stays a NAPOT catch-all (RWX) so that the program itself keeps
# running in S and U; the entries under test are the lower ones.

	.include "macros.inc"
	PROGRAM	"pmp: TOR NA4 NAPOT, priority, no match, lock"

	.equ	R, 0x01
	.equ	W, 0x02
	.equ	X, 0x04
	.equ	TOR, 0x08
	.equ	NA4, 0x10
	.equ	NAPOT, 0x18
	.equ	LOCK, 0x80

# RUN mode, label: RUN_IN with a fresh trap log
.macro	RUN mode, label
	TRAP_RESET
	RUN_IN	\mode, \label
.endm

# RW "name", mode, address, load, store: in `mode`, load from and store to
# the word at `address`; load/store = 1 when allowed, 0 when PMP denies it
.macro	RW name, mode, address, load, store
	LOAD_WORD a0, \address
	li	t0, 0x5a5a5a5a
	sw	t0, 0(a0)			# (M-mode: unlocked entries do not apply)
	li	a1, 0xbad
	li	a2, 0x600d
	RUN	\mode, rw_code
	.if	\load
	CHECK	"\name: load allowed", a1, 0x5a5a5a5a
	.else
	EXPECT_TRAP_AT "\name: load denied", 0, CAUSE_LOAD_ACCESS, rw_load, \address
	.endif
	.if	\store
	CHECK_MEM "\name: store allowed", \address, 0x600d
	.else
	EXPECT_TRAP_AT "\name: store denied", 1 - \load, CAUSE_STORE_ACCESS, rw_store, \address
	CHECK_MEM "\name: ... memory unchanged", \address, 0x5a5a5a5a
	.endif
	TRAPS_DONE "\name", 3 - \load - \store
.endm

# NAPOT_ADDR reg, label, size: reg := pmpaddr of the naturally aligned
# power-of-two region of `size` bytes at `label`
.macro	NAPOT_ADDR reg, label, size
	la	\reg, \label
	srli	\reg, \reg, 2
	ori	\reg, \reg, (\size / 8) - 1
.endm

main:
	SAY	"a catch-all at entry 15"
	li	t0, -1
	csrw	pmpaddr15, t0
	li	t0, (NAPOT | X | W | R) << 24
	csrw	pmpcfg3, t0
	csrw	pmpcfg0, zero			# the runtime's entry 0, no longer needed
	CHECK_CSR "pmpcfg3", pmpcfg3, (NAPOT | X | W | R) << 24
	CHECK_CSR "pmpaddr15 (NAPOT, everything)", pmpaddr15, 0xffffffff
	RW	"catch-all, U", PRV_U, region_a, 1, 1

	SAY	"NA4: one word, R only (entry 0)"
	la	t0, region_a
	srli	t0, t0, 2
	csrw	pmpaddr0, t0
	li	t0, NA4 | R
	csrw	pmpcfg0, t0
	RW	"NA4 word, U", PRV_U, region_a, 1, 0
	RW	"NA4 word, S", PRV_S, region_a, 1, 0
	RW	"the next word, U", PRV_U, region_a + 4, 1, 1
	sw	zero, 0(a0)
	la	t0, region_a
	sw	t0, 0(t0)			# M ignores an unlocked entry
	EXPECT_NO_TRAP "NA4 word, M store"

	SAY	"NAPOT: 4 KiB, no permissions (entry 1), under NA4 R (entry 0)"
	NAPOT_ADDR t0, region_a, 4096
	csrw	pmpaddr1, t0
	CHECK_CSR "pmpaddr1 (NAPOT 4 KiB)", pmpaddr1, (region_a >> 2) | 0x1ff
	li	t0, (NAPOT << 8) | NA4 | R
	csrw	pmpcfg0, t0
	RW	"entry 0 wins: NA4 R inside NAPOT none, U", PRV_U, region_a, 1, 0
	RW	"NAPOT none, U", PRV_U, region_a + 8, 0, 0
	RW	"NAPOT none, S", PRV_S, region_a + 0xffc, 0, 0
	RW	"just above the NAPOT region, U", PRV_U, region_a + 0x1000, 1, 1
	li	t0, (NAPOT | R | W) << 8	# now RW, and entry 0 off
	csrw	pmpcfg0, t0
	RW	"NAPOT RW, U", PRV_U, region_a, 1, 1
	RUN	PRV_U, region_a			# no X
	EXPECT_TRAP "NAPOT RW: U fetch", CAUSE_FETCH_ACCESS, region_a, region_a

	SAY	"X: a page of code"
	NAPOT_ADDR t0, pmp_code, 4096
	csrw	pmpaddr1, t0
	li	t0, (NAPOT | R | W) << 8
	csrw	pmpcfg0, t0
	RUN	PRV_U, pmp_code
	EXPECT_TRAP "code page without X: U fetch", CAUSE_FETCH_ACCESS, pmp_code, pmp_code
	li	t0, (NAPOT | X) << 8
	csrw	pmpcfg0, t0
	RUN	PRV_U, pmp_code
	CHECK	"code page with X only: U ran it", a0, 0x77
	EXPECT_TRAP "... its ecall", CAUSE_ECALL_U, pmp_code + 4, 0
	li	a0, 0
	csrw	pmpcfg0, zero

	SAY	"TOR: [pmpaddr2, pmpaddr3), R only (entry 3; entry 2 OFF)"
	la	t0, tor_lo
	srli	t0, t0, 2
	csrw	pmpaddr2, t0
	la	t0, tor_hi
	srli	t0, t0, 2
	csrw	pmpaddr3, t0
	li	t0, ((TOR | R) << 24)
	csrw	pmpcfg0, t0
	RW	"TOR, first word", PRV_U, tor_lo, 1, 0
	RW	"TOR, last word", PRV_U, tor_hi - 4, 1, 0
	RW	"TOR, the top word is outside", PRV_U, tor_hi, 1, 1
	RW	"TOR, the word below", PRV_U, tor_lo - 4, 1, 1
	RW	"TOR, S", PRV_S, tor_lo + 8, 1, 0

	SAY	"an S or U access that no entry matches fails"
	li	t0, TOR << 24			# entry 3: TOR, no permissions
	csrw	pmpcfg0, t0
	csrw	pmpcfg3, zero			# no catch-all
	RUN	PRV_S, rw_code
	EXPECT_TRAP "entries active, none matching: S fetch", CAUSE_FETCH_ACCESS, rw_code, rw_code
	csrw	pmpcfg0, zero			# no entry active at all
	RUN	PRV_U, rw_code
	# (QEMU 7.2 refuses the mret itself: illegal instruction, at the mret)
	EXPECT_TRAP "no entry active: U fetch still fails", CAUSE_FETCH_ACCESS, ANY, ANY, PRV_M, CAUSE_ILLEGAL
	li	t0, (NAPOT | X | W | R) << 24
	csrw	pmpcfg3, t0
	RW	"the catch-all back", PRV_U, tor_lo, 1, 1

	SAY	"lock: binds M too, and freezes the entry"
	la	t0, word_l
	srli	t0, t0, 2
	csrw	pmpaddr4, t0
	li	t0, LOCK | NA4 | R
	csrw	pmpcfg1, t0
	TRAP_RESET
	lw	t1, word_l
	CHECK	"locked NA4 R: M load", t1, 0x4c4c4c4c
lk_st:	sw	zero, word_l, t2
	EXPECT_TRAP "locked NA4 R: M store", CAUSE_STORE_ACCESS, lk_st + 4, word_l
	CHECK_MEM "... memory unchanged", word_l, 0x4c4c4c4c
	csrw	pmpcfg1, zero
	CHECK_CSR "pmpcfg1 byte 0 ignores writes", pmpcfg1, LOCK | NA4 | R
	csrw	pmpaddr4, zero
	CHECK_CSR "pmpaddr4 ignores writes", pmpaddr4, word_l >> 2
	la	t0, lk_lo
	srli	t0, t0, 2
	csrw	pmpaddr5, t0
	la	t0, lk_hi
	srli	t0, t0, 2
	csrw	pmpaddr6, t0
	li	t0, ((LOCK | TOR | R) << 16) | LOCK | NA4 | R
	csrw	pmpcfg1, t0
	csrw	pmpaddr5, zero
	CHECK_CSR "pmpaddr5 under a locked TOR entry 6 ignores writes", pmpaddr5, lk_lo >> 2
lk_st2:	sw	zero, lk_lo + 4, t2
	EXPECT_TRAP "locked TOR R: M store", CAUSE_STORE_ACCESS, lk_st2 + 4, lk_lo + 4
	RW	"locked TOR R: U", PRV_U, lk_hi, 1, 1

	csrr	s0, pmpcfg0
	csrr	s1, pmpcfg1
	csrr	s2, pmpcfg3
	csrr	s3, pmpaddr15
	SIG	s1
	SIG	s2
	END_PROGRAM

# ---- code run in S and U mode -----------------------------------------------------------

rw_code:				# a1 := word at a0, then store a2 there
rw_load:
	lw	a1, 0(a0)
rw_store:
	sw	a2, 0(a0)
rw_ecall:
	ecall

	.balign	4096
pmp_code:				# a page of code of its own
	li	a0, 0x77
	ecall
	.balign	4096

	.data
	.balign	4096
region_a:
	.fill	1024, 4, 0
	.fill	256, 4, 0			# (the word just above region_a)
	.balign	1024
	.space	256
tor_lo:	.space	256
tor_hi:	.space	256
word_l:	.word	0x4c4c4c4c
	.balign	64
	.space	16
lk_lo:	.space	64
lk_hi:	.space	16

	SIGNATURE_REGION 4
