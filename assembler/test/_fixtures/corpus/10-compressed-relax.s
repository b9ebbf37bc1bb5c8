# corpus 10 — compressed branches and jumps at the edges of their reach
# (assembled with -march=rv32imac_zicsr_zifencei).
#
# covers: c.beqz/c.bnez (beqz, bnez, beq rs, zero) 2 bytes within -256..254,
#   4 (beq/bne) within ±4 KiB, 6 (inverted c.bnez/c.beqz over a jal) beyond;
#   c.j (j) 2 bytes within ±2 KiB, else jal; explicit c.j and c.beqz relaxed
#   the same way; targets in another section, a weak label (GNU assumes the
#   worst: a weak label may be replaced at link time), and a chain where one
#   branch growing pushes another out of reach.

	.text
	.globl	_start
_start:
	beqz	s0, near_fwd
	bnez	a0, edge_fwd
	beq	a5, zero, past_edge
	c.beqz	s1, far_fwd
	j	jump_edge
	c.j	jump_far
	j	other
	beqz	a0, other
	.weak	w
	beqz	a0, w
	j	w
w:
near_fwd:
	.space	200
edge_fwd:
	.space	38
past_edge:
	.space	4000
far_fwd:
	.space	1000
jump_edge:
	.space	2000
jump_far:
	nop
	# Backward, at the edges.
back_edge:
	.space	256
	bnez	s0, back_edge
	.space	254
	beqz	s0, back_edge
	.space	2048
	j	back_edge
	.space	4000
	beqz	a1, back_edge
	# A chain: the second growing pushes the first out of c.beqz reach.
	beqz	s0, chain_end
	beqz	s1, chain_far
	.space	240
chain_end:
	nop
	.space	5000
chain_far:
	ret

	.section .text.other, "ax", @progbits
other:
	ret
