/**
 * Relaxation: give every fragment its offset and final size within its
 * section. Conditional branches start short and grow to the long form
 * (`b<inverse> +8; jal zero, target`) when their target is out of reach,
 * is in another section, is weak or undefined — the choices GNU as makes
 * (tc-riscv.c `relaxed_branch_length`). Sizes only grow, so it terminates.
 */
import { evaluate, isFailure, type EvalContext } from './evaluate.js';
import type { FileAssembler } from './file-assembler.js';
import type { Frag, Section } from './sections.js';
import { toNumber } from './values.js';

const BRANCH_REACH = 4096;
const MAX_ROUNDS = 100;

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

function sizeOf(fa: FileAssembler, section: Section, f: Frag, ctx: EvalContext): number {
  dot = f.offset;
  switch (f.k) {
    case 'data':
      return f.size;
    case 'branch': {
      if (f.size === 8) return 8;
      const r = evaluate(f.target, ctx);
      if (isFailure(r) || r.base !== '') return 8;
      const delta = toNumber(r.v) - f.offset;
      return delta >= -BRANCH_REACH && delta < BRANCH_REACH ? 4 : 8;
    }
    case 'align': {
      const pad = (f.alignment - (f.offset % f.alignment)) % f.alignment;
      return pad > f.maxSkip ? 0 : pad;
    }
    case 'space': {
      const r = evaluate(f.count, ctx);
      if (isFailure(r) || r.base !== undefined) return 0;
      return Math.max(0, toNumber(r.v)) * f.unit;
    }
  }
}

export function relaxSections(fa: FileAssembler): void {
  for (const section of fa.sections.values()) {
    const ctx = relaxContext(fa, section, here);
    // Each round: place every fragment with the current sizes, then resize
    // them all against those places; stop when no size changes.
    const place = () => {
      let at = 0;
      for (const f of section.frags) {
        f.offset = at;
        at += f.size;
      }
      return at;
    };
    let offset = place();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let changed = false;
      for (const f of section.frags) {
        if (f.k === 'data') continue;
        const size = sizeOf(fa, section, f, ctx);
        if (size !== f.size) {
          changed = true;
          f.size = size as never;
        }
      }
      offset = place();
      if (!changed) break;
    }
    section.size = offset;
    // Report `.space` counts that never became known.
    for (const f of section.frags) {
      if (f.k !== 'space') continue;
      const r = evaluate(f.count, relaxContext(fa, section, () => f.offset));
      if (isFailure(r) || r.base !== undefined) fa.errorAt('.space/.fill count is not a constant', f.at);
      else if (toNumber(r.v) < 0) fa.errorAt(`.space/.fill count is negative (${toNumber(r.v)})`, f.at);
    }
  }
}
