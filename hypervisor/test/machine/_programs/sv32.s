# sv32.s — Sv32 address translation (privileged spec §10.3): two-level
# walks, 4 MiB superpages, the R/W/X/U permission checks with SUM and MXR,
# MPRV, the A and D bits, and sfence.vma after a PTE change.
#
#   VA:  31     22 21     12 11       0     PTE: 31    20 19    10 9  8 7 6 5 4 3 2 1 0
#       | VPN[1]  | VPN[0]  |  offset  |         | PPN[1] | PPN[0] | RSW |D|A|G|U|X|W|R|V|
#
# Page faults (12 fetch, 13 load, 15 store/AMO) have tval = the virtual
# address. A/D: the spec lets hardware either set them or fault when they
# are clear; QEMU 7.2 and pvlab both set them in the PTE during the walk,
# so the tests check the PTE after each access (a board that faulted
# instead would be legal, and this test would show the difference).
#
# the address space used here (identity megapage for the program, so the
# runtime and its S-mode handler keep working under translation):
#
#   0x80000000  4 MiB  -> 0x80000000  R W X A D        (the program)
#   0x00400000  4 MiB  -> 0x80000000  R W A D          (a superpage alias)
#   0x00800000  4 MiB  -> 0x80001000  R W A D          (misaligned superpage)
#   0x00c00000  4 MiB  -> 0x80000000  R W U A D        (a user superpage)
#   0x01000000  4 MiB     W without R at level 1       (reserved)
#   0x40000000  + i * 4 KiB, through table l0: see the MAP lines in main
#
# A misaligned access that crosses a page boundary is checked and performed
# page by page: the second part's bytes come from the page *its* PTE maps, a
# part that may not be accessed faults with tval = its first byte (the next
# page's address for the second part), and a faulting store writes nothing.

	.include "macros.inc"
	PROGRAM	"sv32: page walks, superpages, permissions, SUM MXR MPRV, A/D, sfence.vma"

	.equ	VA, 0x40000000			# page i of the l0 table is at VA + i * 0x1000
	.equ	RWAD, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D

# MAP i, page, flags: l0[i] := a leaf PTE for `page` (a label)
.macro	MAP i, page, flags
	la	t0, \page
	srli	t0, t0, 12
	slli	t0, t0, 10
	ori	t0, t0, \flags
	la	t1, l0 + (\i) * 4
	sw	t0, 0(t1)
.endm

# ROOT i, pte: root[i] := pte (a number)
.macro	ROOT i, pte
	li	t0, \pte
	la	t1, root + (\i) * 4
	sw	t0, 0(t1)
.endm

# RUN mode, label: RUN_IN with a fresh trap log
.macro	RUN mode, label
	TRAP_RESET
	RUN_IN	\mode, \label
.endm

# S_LOAD va: (write va without spaces) in S-mode, a1 := the word at va (a1 = 0xbad if it faults)
.macro	S_LOAD va
	LOAD_WORD a0, \va
	li	a1, 0xbad
	RUN	PRV_S, s_load
.endm

# S_STORE va, value: in S-mode, store value at va
.macro	S_STORE va, value
	LOAD_WORD a0, \va
	li	a2, \value
	RUN	PRV_S, s_store
.endm

main:
	# the tables
	ROOT	0x200, (RAM >> 12 << 10) | RWAD | PTE_X
	la	t0, l0
	srli	t0, t0, 12
	slli	t0, t0, 10
	ori	t0, t0, PTE_V			# a pointer to the next level
	la	t1, root + (VA >> 22) * 4
	sw	t0, 0(t1)
	la	t1, root + 5 * 4		# 0x01400000 -> l0 as well
	sw	t0, 0(t1)
	ROOT	1, (RAM >> 12 << 10) | RWAD
	ROOT	2, ((RAM + 0x1000) >> 12 << 10) | RWAD
	ROOT	3, (RAM >> 12 << 10) | RWAD | PTE_U
	ROOT	4, PTE_V | PTE_W
	MAP	0, page_a, RWAD				# plain S data
	MAP	1, page_a, PTE_V | PTE_R | PTE_A	# read-only
	MAP	2, page_a, PTE_V | PTE_X | PTE_A	# execute-only
	MAP	3, page_a, RWAD | PTE_U			# user data
	# 4: invalid (zero)
	MAP	5, page_a, PTE_V | PTE_W | PTE_A | PTE_D	# W without R: reserved
	MAP	6, page_a, PTE_V			# a pointer at the last level
	MAP	7, page_a, PTE_V | PTE_R | PTE_W	# A = 0, D = 0
	MAP	8, page_a, PTE_V | PTE_R | PTE_W | PTE_A	# D = 0
	MAP	9, code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A	# user code
	MAP	10, code_page, PTE_V | PTE_R | PTE_X | PTE_A	# supervisor code
	MAP	11, code_page, RWAD | PTE_U		# user, not executable
	MAP	12, page_a, RWAD			# remapped later
	MAP	13, page_a, PTE_V | PTE_R | PTE_W | PTE_U	# user, A = 0
	MAP	14, page_c, RWAD			# page-crossing accesses: 15 unmapped (page_d follows
	MAP	16, page_d, RWAD			#   page_c physically); 16 -> page_d, 17 -> page_c
	MAP	17, page_c, RWAD
	MAP	18, page_c, RWAD | PTE_U		# 18 user, 19 supervisor only
	MAP	19, page_d, RWAD
	MAP	20, page_c, RWAD			# 20 writable, 21 read-only
	MAP	21, page_d, PTE_V | PTE_R | PTE_A
	la	t0, root
	srli	t0, t0, 12
	li	t1, SATP_SV32
	or	t0, t0, t1
	csrw	satp, t0
	sfence.vma

	SAY	"two-level walks and superpages"
	S_LOAD	VA
	CHECK	"S load through l0[0]", a1, 0x11111111
	S_STORE	VA + 4, 0x22222222
	CHECK_MEM "S store through l0[0] reached the page", page_a + 4, 0x22222222
	S_LOAD	0x00400000+(page_a-RAM)
	CHECK	"S load through the 4 MiB superpage alias", a1, 0x11111111
	TRAP_RESET
	S_LOAD	0x00800000
	EXPECT_TRAP_AT "misaligned superpage (PPN[0] != 0)", 0, CAUSE_LOAD_PAGE, s_load_insn, 0x00800000
	TRAPS_DONE "misaligned superpage", 2
	S_LOAD	0x01000000
	EXPECT_TRAP_AT "W without R at level 1", 0, CAUSE_LOAD_PAGE, s_load_insn, 0x01000000
	TRAPS_DONE "W without R at level 1", 2
	S_LOAD	0x01400000+6*0x1000
	EXPECT_TRAP_AT "a pointer PTE at level 0", 0, CAUSE_LOAD_PAGE, s_load_insn, 0x01406000
	TRAPS_DONE "a pointer PTE at level 0", 2
	S_LOAD	VA+4*0x1000
	EXPECT_TRAP_AT "invalid PTE: load", 0, CAUSE_LOAD_PAGE, s_load_insn, VA + 0x4000
	TRAPS_DONE "invalid PTE: load", 2
	S_STORE	VA + 4 * 0x1000 + 8, 0
	EXPECT_TRAP_AT "invalid PTE: store", 0, CAUSE_STORE_PAGE, s_store_insn, VA + 0x4008
	TRAPS_DONE "invalid PTE: store", 2
	S_LOAD	VA+5*0x1000
	EXPECT_TRAP_AT "W without R at level 0", 0, CAUSE_LOAD_PAGE, s_load_insn, VA + 0x5000
	TRAPS_DONE "W without R at level 0", 2

	SAY	"R, W, X"
	S_LOAD	VA+1*0x1000
	CHECK	"read-only page: load", a1, 0x11111111
	S_STORE	VA + 1 * 0x1000, 0
	EXPECT_TRAP_AT "read-only page: store", 0, CAUSE_STORE_PAGE, s_store_insn, VA + 0x1000
	TRAPS_DONE "read-only page: store", 2
	S_LOAD	VA+2*0x1000
	EXPECT_TRAP_AT "execute-only page: load", 0, CAUSE_LOAD_PAGE, s_load_insn, VA + 0x2000
	TRAPS_DONE "execute-only page: load", 2
	li	t0, MSTATUS_MXR
	csrs	mstatus, t0
	S_LOAD	VA+2*0x1000
	CHECK	"execute-only page: load with MXR 1", a1, 0x11111111
	li	t0, MSTATUS_MXR
	csrc	mstatus, t0
	li	a0, VA + 10 * 0x1000
	RUN	PRV_S, s_jump
	CHECK	"S fetch from a supervisor code page: ran it", a0, 0x5a
	EXPECT_TRAP "... its ecall", CAUSE_ECALL_S, VA + 10 * 0x1000 + 4, 0
	li	a0, VA + 0 * 0x1000
	RUN	PRV_S, s_jump
	EXPECT_TRAP "S fetch from a page without X", CAUSE_FETCH_PAGE, VA, VA

	SAY	"U pages and user mode: the U bit, SUM"
	S_LOAD	VA+3*0x1000
	EXPECT_TRAP_AT "S load from a U page, SUM 0", 0, CAUSE_LOAD_PAGE, s_load_insn, VA + 0x3000
	TRAPS_DONE "S load from a U page, SUM 0", 2
	li	t0, MSTATUS_SUM
	csrs	mstatus, t0
	S_LOAD	VA+3*0x1000
	CHECK	"S load from a U page, SUM 1", a1, 0x11111111
	S_STORE	VA + 3 * 0x1000 + 8, 0x33333333
	CHECK_MEM "S store to a U page, SUM 1", page_a + 8, 0x33333333
	li	a0, VA + 9 * 0x1000
	RUN	PRV_S, s_jump
	EXPECT_TRAP "S fetch from a U page, even with SUM 1", CAUSE_FETCH_PAGE, VA + 0x9000, VA + 0x9000
	li	t0, MSTATUS_SUM
	csrc	mstatus, t0
	S_LOAD	0x00c00000+(page_a-RAM)
	EXPECT_TRAP_AT "S load from a U superpage, SUM 0", 0, CAUSE_LOAD_PAGE, s_load_insn, 0x00c00000 + (page_a - RAM)
	TRAPS_DONE "U superpage from S", 2
	RUN	PRV_U, VA + 9 * 0x1000
	CHECK	"U fetch from a U code page: ran it", a0, 0x5a
	EXPECT_TRAP "... its ecall", CAUSE_ECALL_U, VA + 0x9004, 0
	RUN	PRV_U, VA + 10 * 0x1000
	EXPECT_TRAP "U fetch from a page without U", CAUSE_FETCH_PAGE, VA + 0xa000, VA + 0xa000
	RUN	PRV_U, VA + 11 * 0x1000
	EXPECT_TRAP "U fetch from a U page without X", CAUSE_FETCH_PAGE, VA + 0xb000, VA + 0xb000
	li	a2, VA + 3 * 0x1000 + 8
	li	a1, 0xbad
	RUN	PRV_U, VA + 9 * 0x1000 + (u_load - code_page)
	CHECK	"U load from a U page", a1, 0x33333333
	EXPECT_TRAP "... then ecall", CAUSE_ECALL_U, VA + 0x9000 + (u_load - code_page) + 4, 0
	li	a2, VA + 0 * 0x1000
	li	a1, 0xbad
	RUN	PRV_U, VA + 9 * 0x1000 + (u_load - code_page)
	EXPECT_TRAP_AT "U load from a page without U", 0, CAUSE_LOAD_PAGE, VA + 0x9000 + (u_load - code_page), VA
	TRAPS_DONE "U load from a page without U", 2
	LOAD_WORD a2, 0x00c00000 + (page_a - RAM)
	RUN	PRV_U, VA + 9 * 0x1000 + (u_load - code_page)
	CHECK	"U load from a U superpage", a1, 0x11111111
	TRAPS_DONE "U load from a U superpage", 1

	SAY	"A and D: set by the walk (QEMU 7.2 and pvlab)"
	S_LOAD	VA+7*0x1000
	CHECK	"load through a PTE with A 0", a1, 0x11111111
	CHECK_MEM "... the PTE now has A", l0 + 7 * 4, (page_a >> 12 << 10) | PTE_V | PTE_R | PTE_W | PTE_A
	S_STORE	VA + 7 * 0x1000 + 12, 0x44444444
	CHECK_MEM "store: the PTE now has D", l0 + 7 * 4, (page_a >> 12 << 10) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	S_LOAD	VA+8*0x1000
	CHECK_MEM "load through a PTE with A 1, D 0: D stays 0", l0 + 8 * 4, (page_a >> 12 << 10) | PTE_V | PTE_R | PTE_W | PTE_A
	S_STORE	VA + 8 * 0x1000 + 12, 0x55555555
	CHECK_MEM "store: D", l0 + 8 * 4, (page_a >> 12 << 10) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	CHECK_MEM "... and the store happened", page_a + 12, 0x55555555
	li	a2, VA + 13 * 0x1000
	RUN	PRV_U, VA + 9 * 0x1000 + (u_load - code_page)
	CHECK_MEM "U load: A set in a U PTE", l0 + 13 * 4, (page_a >> 12 << 10) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A
	TRAP_RESET

	SAY	"MPRV: M-mode loads and stores translated as MPP"
	li	a0, VA
	li	t0, MSTATUS_MPRV | MSTATUS_MPP_S
	csrs	mstatus, t0
	lw	a1, 0(a0)			# as S: through l0[0]
	csrc	mstatus, t0
	CHECK	"MPRV 1, MPP S: M load through the page table", a1, 0x11111111
	li	a0, VA + 3 * 0x1000		# a U page
	li	a1, 0xbad
	li	t0, MSTATUS_MPRV		# MPP = U
	csrs	mstatus, t0
mprv_u:	lw	a1, 0(a0)
	csrc	mstatus, t0
	CHECK	"MPRV 1, MPP U: M load from a U page", a1, 0x11111111
	li	a0, VA
	li	t0, MSTATUS_MPRV
	csrs	mstatus, t0
mprv_u2: lw	a1, 0(a0)			# faults; the handler runs untranslated (MPP = M)
	csrc	mstatus, t0			# (the trap's mret left MPRV 1, MPP U)
	EXPECT_TRAP "MPRV 1, MPP U: M load from an S page faults", CAUSE_LOAD_PAGE, mprv_u2, VA
	li	a0, 0x00400000
	li	t0, MSTATUS_MPRV | MSTATUS_MPP
	csrs	mstatus, t0
mprv_m:	lw	a1, 0(a0)			# MPP = M: physical 0x00400000, nothing there
	li	t0, MSTATUS_MPRV
	csrc	mstatus, t0
	EXPECT_TRAP "MPRV 1, MPP M: no translation (access fault at PA 0x400000)", CAUSE_LOAD_ACCESS, mprv_m, 0x00400000

	SAY	"sfence.vma after changing a PTE"
	S_LOAD	VA+12*0x1000
	CHECK	"l0[12] -> page_a", a1, 0x11111111
	MAP	12, page_b, RWAD
	li	a0, VA + 12 * 0x1000
	sfence.vma a0, zero			# this page, all address spaces
	S_LOAD	VA+12*0x1000
	CHECK	"after the remap and sfence.vma va: page_b", a1, 0x66666666
	MAP	12, page_a, RWAD
	sfence.vma
	S_LOAD	VA+12*0x1000
	CHECK	"remapped back, sfence.vma: page_a", a1, 0x11111111
	SAY	"misaligned accesses across a page boundary: each page translated"
	S_LOAD	VA+14*0x1000+0xffe
	EXPECT_TRAP_AT "lw across into an unmapped page", 0, CAUSE_LOAD_PAGE, s_load_insn, VA + 0xf000
	TRAPS_DONE "lw across into an unmapped page", 2
	S_STORE	VA + 14 * 0x1000 + 0xffe, 0xa1b2c3d4
	EXPECT_TRAP_AT "sw across into an unmapped page", 0, CAUSE_STORE_PAGE, s_store_insn, VA + 0xf000
	TRAPS_DONE "sw across into an unmapped page", 2
	CHECK_MEM "... wrote nothing on the first page", page_c + 0xffc, 0x8899aabb
	CHECK_MEM "... nor on the page after it in memory", page_d, 0x77777777
	S_LOAD	VA+16*0x1000+0xffe
	CHECK	"lw across two pages mapped apart: the bytes of each", a1, 0x22118899
	S_STORE	VA + 16 * 0x1000 + 0xffe, 0xa1b2c3d4
	CHECK_MEM "sw across two pages mapped apart: the first part", page_d + 0xffc, 0xc3d4aabb
	CHECK_MEM "... the second part", page_c, 0x4433a1b2
	S_STORE	VA + 20 * 0x1000 + 0xffe, 0x5a5a5a5a
	EXPECT_TRAP_AT "sw across into a read-only page", 0, CAUSE_STORE_PAGE, s_store_insn, VA + 0x15000
	TRAPS_DONE "sw across into a read-only page", 2
	CHECK_MEM "... wrote nothing", page_c + 0xffc, 0x8899aabb
	LOAD_WORD a2, VA + 18 * 0x1000 + 0xffe
	li	a1, 0xbad
	RUN	PRV_U, VA + 9 * 0x1000 + (u_load - code_page)
	EXPECT_TRAP_AT "U lw across into a page without U", 0, CAUSE_LOAD_PAGE, VA + 0x9000 + (u_load - code_page), VA + 0x13000
	TRAPS_DONE "U lw across into a page without U", 2
	CHECK	"... loaded nothing", a1, 0xbad
	LOAD_WORD a2, VA + 18 * 0x1000 + 0xffe
	li	a3, 0x5a5a5a5a
	RUN	PRV_U, VA + 9 * 0x1000 + (u_store - code_page)
	EXPECT_TRAP_AT "U sw across into a page without U", 0, CAUSE_STORE_PAGE, VA + 0x9000 + (u_store - code_page), VA + 0x13000
	TRAPS_DONE "U sw across into a page without U", 2
	CHECK_MEM "... wrote nothing", page_c + 0xffc, 0x8899aabb
	LOAD_WORD a2, VA + 18 * 0x1000 + 0xffd
	RUN	PRV_U, VA + 9 * 0x1000 + (u_load - code_page)
	EXPECT_TRAP_AT "U lw at the last byte of a U page", 0, CAUSE_LOAD_PAGE, VA + 0x9000 + (u_load - code_page), VA + 0x13000
	TRAPS_DONE "U lw at the last byte of a U page", 2

	csrw	satp, zero
	sfence.vma
	TRAP_RESET

	la	t0, page_a
	lw	s0, 0(t0)
	lw	s1, 4(t0)
	lw	s2, 8(t0)
	lw	s3, 12(t0)
	SIG	s0				# the page the tests wrote through
	SIG	s1
	SIG	s2
	SIG	s3
	la	t0, l0				# the PTEs whose A and D the walks set
	lw	s4, 7 * 4(t0)
	lw	s5, 8 * 4(t0)
	lw	s6, 13 * 4(t0)
	SIG	s4
	SIG	s5
	SIG	s6
	li	t0, 0
	li	t1, 0
	END_PROGRAM

# ---- S-mode code (in the identity-mapped megapage) ---------------------------------------

s_load:
s_load_insn:
	lw	a1, 0(a0)
	ecall

s_store:
s_store_insn:
	sw	a2, 0(a0)
	ecall

s_jump:
	jalr	a0

# ---- a page of code, mapped at several virtual addresses --------------------------------

	.balign	4096
code_page:
	li	a0, 0x5a
	ecall
u_load:					# a1 := word at a2
	lw	a1, 0(a2)
	ecall
u_store:				# word at a2 := a3
	sw	a3, 0(a2)
	ecall
	.balign	4096

	.data
	.balign	4096
page_a:	.word	0x11111111
	.balign	4096
page_b:	.word	0x66666666
	.balign	4096
page_c:	.word	0x44332211			# page_d follows page_c in memory
	.space	4096 - 8
	.word	0x8899aabb
page_d:	.word	0x77777777
	.space	4096 - 8
	.word	0x8899aabb

	.bss
	.balign	4096
root:	.space	4096
l0:	.space	4096

	SIGNATURE_REGION 8
