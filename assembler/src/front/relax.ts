/**
 * Relaxation: give every fragment its offset and final size within its
 * section. Conditional branches start short and grow to the long form
 * (`b<inverse> +8; jal zero, target`) when their target is out of reach,
 * is in another section, is weak or undefined — the choices GNU as makes
 * (tc-riscv.c `relaxed_branch_length`). With the C extension a compressed
 * branch starts at 2 bytes and may become 4, 6 or 8, a compressed jump 2
 * or 4 (a jump is assumed to reach: "the linker will catch any that
 * aren't"). Sizes only grow, so it terminates.
 */
import { evaluate, isFailure, type EvalContext } from './evaluate.js';
import type { FileAssembler } from './file-assembler.js';
import type { Frag, Section } from './sections.js';
import { toNumber } from './values.js';

// Reaches of the offsets, as GNU's RISCV_BRANCH_REACH / RVC_BRANCH_REACH / RVC_JUMP_REACH halved:
// a target within [-reach, reach) of the instruction fits.
const BRANCH_REACH = 4096;
const RVC_BRANCH_REACH = 256;
const RVC_JUMP_REACH = 2048;
// GNU stops after a bound too (max_iterations); layouts settle in a few passes.
const MAX_ROUNDS = 1000;

/** Whether an offset fits a reach. */
const within = (delta: number, reach: number): boolean => delta >= -reach && delta < reach;

/** Evaluation during relaxation: labels are offsets within their section. */
function relaxContext(fa: FileAssembler, section: Section, dot: () => number): EvalContext {
  const ctx: EvalContext = {
    symbol: (name, col) => {
      const s = fa.symbols.get(name);
      if (!s || s.kind === 'undef') return { unknown: true, col };
      if (s.kind === 'equ') return s.constant !== undefined ? { v: s.constant } : evaluate(s.expr!, ctx);
      if (s.bind === 'weak') return { unknown: true, col };
      return { v: s.frag!.offset + s.fragOffset, base: s.section === section ? '' : s.section!.name };
    },
    location: () => ({ v: dot(), base: '' }),
    localLabel: (_n, _d, col) => ({ unknown: true, col }),
    reloc: (_fn, _a, col) => ({ unknown: true, col }),
  };
  return ctx;
}

let dot = 0;
const here = () => dot;

/** The padding an alignment fragment needs at `at` (none beyond its max-skip). */
function padding(f: Frag & { k: 'align' }, at: number): number {
  const pad = (f.alignment - (at % f.alignment)) % f.alignment;
  return pad > f.maxSkip ? 0 : pad;
}

/**
 * A branch's or jump's length for its target's address now (tc-riscv.c
 * relaxed_branch_length): 2 for a compressed one within its reach, 4 within
 * a 32-bit branch's (and for any jump: "assume jumps are in range"), 6 for
 * a compressed branch beyond, 8 for a 32-bit one; 4/8 when the target is
 * not a defined, non-weak label of this section.
 */
function branchLength(f: Frag & { k: 'branch' | 'jump' }, ctx: EvalContext): number {
  dot = f.offset;
  const jump = f.k === 'jump';
  const r = evaluate(f.target, ctx);
  if (isFailure(r) || r.base !== '') return jump ? 4 : 8;
  const delta = toNumber(r.v) - f.offset;
  if (f.rvc && within(delta, jump ? RVC_JUMP_REACH : RVC_BRANCH_REACH)) return 2;
  if (within(delta, BRANCH_REACH) || jump) return 4;
  return f.rvc ? 6 : 8;
}

/** A `.space`/`.fill` count now (0 while it is not known). */
function spaceSize(f: Frag & { k: 'space' }, ctx: EvalContext): number {
  dot = f.offset;
  const r = evaluate(f.count, ctx);
  if (isFailure(r) || r.base !== undefined) return 0;
  return Math.max(0, toNumber(r.v)) * f.unit;
}

/**
 * Size and place a section's fragments the way GNU as does (write.c
 * relax_segment), so that where two layouts would both be consistent pvlab
 * ends in the one GNU ends in:
 *
 * 1. one walk in order gives each fragment its address and a first size; a
 *    branch is measured against targets placed so far, and a target not
 *    placed yet counts from address 0 (GNU's fragments start at 0);
 * 2. then passes: each fragment is moved by what the ones before it grew in
 *    this pass and re-measured, against targets ahead still where the last
 *    pass left them; sizes may grow or shrink; until a pass changes nothing.
 */
function relaxSection(fa: FileAssembler, section: Section): void {
  const ctx = relaxContext(fa, section, here);
  for (const f of section.frags) f.offset = 0;
  let address = 0;
  for (const f of section.frags) {
    f.offset = address;
    switch (f.k) {
      case 'align': f.size = padding(f, address); break;
      case 'branch': case 'jump': f.size = branchLength(f, ctx) as never; break;
      case 'space': f.size = spaceSize(f, ctx); break;
      case 'data': break;
    }
    address += f.size;
  }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let stretch = 0;
    let changed = false;
    for (const f of section.frags) {
      f.offset += stretch;
      let size: number = f.size;
      switch (f.k) {
        case 'align': size = padding(f, f.offset); break;
        case 'branch': case 'jump': size = branchLength(f, ctx); break;
        case 'space': size = spaceSize(f, ctx); break;
        case 'data': break;
      }
      if (size !== f.size) {
        stretch += size - f.size;
        f.size = size as never;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const last = section.frags[section.frags.length - 1];
  section.size = last ? last.offset + last.size : 0;
}

export function relaxSections(fa: FileAssembler): void {
  for (const section of fa.sections.values()) {
    relaxSection(fa, section);
    // Report `.space` counts that never became known.
    for (const f of section.frags) {
      if (f.k !== 'space') continue;
      const r = evaluate(f.count, relaxContext(fa, section, () => f.offset));
      if (isFailure(r) || r.base !== undefined) fa.errorAt('.space/.fill count is not a constant', f.at);
      else if (toNumber(r.v) < 0) fa.errorAt(`.space/.fill count is negative (${toNumber(r.v)})`, f.at);
    }
  }
}
