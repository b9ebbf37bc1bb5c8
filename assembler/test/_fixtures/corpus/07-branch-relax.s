# corpus 07 — conditional branches that do not fit, and the sizes GNU as
# gives them.
#
# covers: GNU as turns a conditional branch whose target is out of B-type
#   range (±4 KiB), in another section, weak, or undefined into the inverted
#   branch over a jal (8 bytes); in-range targets at exactly +4094 and
#   -4096 stay 4 bytes, +4096 and -4098 become 8; a branch pushed out of
#   range by another branch's growth (relaxation iterates); pseudo branches
#   (beqz, bgt, bleu…) relax the same way; jal and j never relax; targets
#   written as label + offset and as '.' expressions.

	.text
	.globl	_start
_start:
	beq	a0, a1, fwd_far			# 8 KiB ahead: 8 bytes
	bnez	a0, other_section		# another section: 8 bytes
	blt	a0, a1, weak_here		# weak target: 8 bytes
	bge	a0, a1, near_global		# global, same section, near: 4
	bltu	a0, a1, near_global + 4		# label + offset
	bgeu	a0, a1, . + 8
	bge	a0, a1, global_here		# global but far: 8
	j	fwd_far
	jal	ra, other_section
	.globl	near_global
near_global:
	nop
	nop

	# Exactly in range, forward: offset +4094.
edge1:	beq	a0, a1, 1f
	.skip	4090
1:	.half	0
	# Just out of range, forward: offset +4096.
edge2:	bne	a0, a1, 1f
	.skip	4092
1:
	# Backward: -4096 fits, -4098 does not.
2:	.skip	4096
	blt	a0, a1, 2b
3:	.skip	4096
	.half	0
	bge	a0, a1, 3b
	.half	0				# back to 4-byte alignment

	# Cascade: +4094 if every branch were 4 bytes, but the one between grows.
cascade: beq	a0, a1, 4f
	bne	a0, a1, fwd_far			# 8 bytes, so 4f ends up at +4098
	.skip	4084
	.half	0
4:	nop

	.weak	weak_here
weak_here:
	.globl	global_here
global_here:
	nop
	nop
	beqz	a0, fwd_far
	bgt	a0, a1, fwd_far
	bleu	a0, a1, fwd_far
	blez	a0, _start
	.skip	8192
fwd_far:
	ret

	.section .text.far, "ax", @progbits
other_section:
	beq	a0, a1, _start			# back into .text: 8 bytes
	ret
