/**
 * The final pass: with every section placed, evaluate what the first pass
 * deferred — fixups, branch targets, `.space` counts — and write the bytes.
 */
import type { Expr } from '../parse/ast.js';
import { evaluate, isFailure, type EvalContext, type EvalResult } from '../front/evaluate.js';
import type { FileAssembler } from '../front/file-assembler.js';
import { hi20, lo12 } from '../front/values.js';
import type { Fixup, Frag, Section } from '../front/sections.js';
import { OPERANDS, insertField, type OperandName } from '../isa/operands.js';
import { encode } from '../isa/encoding.js';
import { INSTRUCTIONS } from '../isa/instructions.js';
import { C_OPERANDS } from '../isa/compressed-operands.js';
import { encodeCompressed, matchCompressed, type CompressedSpec } from '../isa/compressed.js';
import { low32, toNumber, type Num } from '../front/values.js';
import type { SourceLocation } from '../diagnostics/diagnostic.js';

const JAL = INSTRUCTIONS.find((i) => i.name === 'jal')!;
const NOP = 0x00000013;
const C_NOP = 0x0001;

/** Resolves names that a file does not define itself. */
export interface GlobalScope {
  lookup(name: string): number | undefined;
  isWeakUndefined(name: string): boolean;
}

export class FinalPass {
  /** auipc address → the pc-relative offset its %pcrel_hi took, for the matching %pcrel_lo. */
  private readonly pcrelHi = new Map<number, number>();
  /** auipc addresses of calls to undefined weak symbols. */
  private readonly weakCalls = new Set<number>();
  private pc = 0;
  private readonly evaluating = new Set<string>();

  constructor(
    private readonly fa: FileAssembler,
    private readonly globals: GlobalScope,
  ) {}

  private readonly ctx: EvalContext = {
    symbol: (name, col) => {
      const s = this.fa.symbols.get(name);
      if (s && s.bind === 'weak') {
        // A weak definition yields to a strong one from another file.
        const g = this.globals.lookup(name);
        if (g !== undefined) return { v: g };
      }
      if (s && s.kind === 'label') return { v: s.value };
      if (s && s.kind === 'equ') {
        if (s.constant !== undefined) return { v: s.constant };
        if (this.evaluating.has(name)) return { error: `symbol '${name}' is defined in terms of itself`, col };
        this.evaluating.add(name);
        try {
          return evaluate(s.expr!, this.ctx);
        } finally {
          this.evaluating.delete(name);
        }
      }
      const g = this.globals.lookup(name);
      if (g !== undefined) return { v: g };
      if (s?.bind === 'weak' || this.globals.isWeakUndefined(name)) return { v: 0 };
      return { error: `undefined symbol '${displayName(name)}'`, col };
    },
    location: () => ({ v: this.pc }),
    localLabel: (n, d, col) => ({ error: `backward reference to local label '${n}${d}' with no '${n}:' before it`, col }),
    reloc: (fn, a, col) => {
      const x = low32(a.v);
      switch (fn) {
        case 'hi': return { v: hi20(x) };
        case 'lo': return { v: lo12(x) };
        case 'call':
        case 'pcrel_hi': {
          const delta = (x - this.pc) | 0;
          this.pcrelHi.set(this.pc, delta);
          return { v: hi20(delta >>> 0) };
        }
        case 'pcrel_lo': {
          const delta = this.pcrelHi.get(x);
          if (delta === undefined) return { error: `%pcrel_lo: no %pcrel_hi at the label's address 0x${x.toString(16)}`, col };
          return { v: lo12(delta >>> 0) };
        }
      }
      return { error: `unknown relocation function '%${fn}'`, col };
    },
  };

  /** An undefined weak name: defined by no file, weak in this one. */
  private isWeakUndefined(name: string): boolean {
    const s = this.fa.symbols.get(name);
    if (s && s.kind !== 'undef') return false;
    return this.globals.lookup(name) === undefined && (s?.bind === 'weak' || this.globals.isWeakUndefined(name));
  }

  /** Evaluate an expression at address `pc` to an absolute number. */
  value(e: Expr, pc: number, at: SourceLocation): Num | undefined {
    this.pc = pc;
    const r: EvalResult = evaluate(e, this.ctx);
    if (isFailure(r)) {
      this.fa.errorAt('error' in r ? r.error : 'expression cannot be resolved', { ...at, column: r.col + 1 });
      return undefined;
    }
    return r.v;
  }

  /** Write a section's bytes into `out` (sized to the section). */
  private view: DataView | undefined;

  writeSection(section: Section, out: Uint8Array): void {
    this.view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    // The bytes and the %pcrel_hi fixups first, so every %pcrel_lo finds its partner.
    // Indexed loops: for-of allocated an iterator per fragment here.
    const frags = section.frags;
    for (let k = 0; k < frags.length; k++) {
      const f = frags[k];
      if (f.k !== 'data') continue;
      // Copied by hand: `subarray` would move each small fragment's bytes off the heap.
      const bytes = f.bytes;
      for (let i = 0, n = f.size, at = f.offset; i < n; i++) out[at + i] = bytes[i];
      for (let i = 0; i < f.fixups.length; i++) if (isPcrelHi(f.fixups[i])) this.apply(section, f, f.fixups[i], out);
    }
    for (let k = 0; k < frags.length; k++) {
      const f = frags[k];
      if (f.k === 'data') {
        for (let i = 0; i < f.fixups.length; i++) if (!isPcrelHi(f.fixups[i])) this.apply(section, f, f.fixups[i], out);
      } else this.writeVariable(section, f, out);
    }
  }

  private apply(section: Section, f: Frag, x: Fixup, out: Uint8Array): void {
    const pc = section.addr + f.offset + x.pcOffset;
    const view0 = this.view!;
    if (x.expr.k === 'reloc' && x.expr.fn === 'call' && x.expr.arg.k === 'sym' && this.isWeakUndefined(x.expr.arg.name)) {
      this.weakCalls.add(pc >>> 0); // ld links `auipc rd, 0; jalr rd, 0(zero)`
      return;
    }
    if (x.expr.k === 'reloc' && x.expr.fn === 'pcrel_lo') {
      const anchor = this.value(x.expr.arg, pc, x.at);
      if (anchor !== undefined && this.weakCalls.has(low32(anchor))) {
        const at = f.offset + x.offset;
        view0.setUint32(at, view0.getUint32(at, true) & ~(0x1f << 15), true);
        return;
      }
    }
    const v = this.value(x.expr, pc, x.at);
    if (v === undefined) return;
    const at = f.offset + x.offset;
    const view = view0;
    switch (x.kind) {
      case 'data8': out[at] = toNumber(v) & 0xff; return;
      case 'data16': view.setUint16(at, toNumber(v) & 0xffff, true); return;
      case 'data32': view.setUint32(at, low32(v), true); return;
      case 'data64': view.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true); return;
    }
    const kind = OPERANDS[x.kind as OperandName];
    let n = toNumber(v);
    if (kind.class === 'pcrel') n = (low32(v) - pc) | 0;
    if (!this.inRange(x.kind as OperandName, n, x.at)) return;
    view.setUint32(at, insertField(view.getUint32(at, true), kind, n), true);
  }

  private inRange(name: OperandName, n: number, at: SourceLocation): boolean {
    const kind = OPERANDS[name];
    const half = 2 ** (kind.width - 1);
    const signed = kind.class === 'simm' || kind.class === 'pcrel';
    const min = signed ? -half : 0;
    const max = signed ? half - 1 : 2 * half - 1;
    if (kind.class === 'pcrel' && n % 2 !== 0) {
      this.fa.errorAt(`${name === 'bimm' ? 'branch' : 'jump'} target is not 2-byte aligned (offset ${n})`, at);
      return false;
    }
    if (n < min || n > max) {
      const what = kind.class === 'pcrel' ? `${name === 'bimm' ? 'branch' : 'jump'} target out of range: offset ${n} is outside ${min}..${max}` : `value ${n} out of range (${min}..${max})`;
      this.fa.errorAt(what, at);
      return false;
    }
    return true;
  }

  /** A compressed branch or jump's offset, checked against its kind's range (relaxation chose the size for it). */
  private cOffset(c: CompressedSpec, off: number, at: SourceLocation): boolean {
    const kind = C_OPERANDS[c.name === 'c.j' || c.name === 'c.jal' ? 'cjimm' : 'cbimm'];
    const half = 2 ** (kind.width - 1);
    if (off % 2 === 0 && off >= -half && off < half) return true;
    this.fa.errorAt(`${c.name} target out of range: offset ${off} is outside ${-half}..${half - 2}`, at);
    return false;
  }

  private writeVariable(section: Section, f: Frag, out: Uint8Array): void {
    const view = this.view!;
    switch (f.k) {
      case 'branch': {
        const pc = section.addr + f.offset;
        const target = this.value(f.target, pc, f.at);
        if (target === undefined) return;
        const off = (low32(target) - pc) | 0;
        switch (f.size) {
          case 2: // c.beqz/c.bnez rs1', target
            if (this.cOffset(f.rvc!, off, f.at)) view.setUint16(f.offset, encodeCompressed(f.rvc!, [f.rs1, off]), true);
            return;
          case 4:
            if (this.inRange('bimm', off, f.at)) view.setUint32(f.offset, encode(f.spec, [f.rs1, f.rs2, off]), true);
            return;
          case 6: {
            // c.b<inverse> rs1', +6; jal zero, target (GNU flips c.beqz/c.bnez: insn ^= MATCH_C_BEQZ ^ MATCH_C_BNEZ)
            const inverse = matchCompressed(f.rvc!.match ^ 0x2000)!;
            view.setUint16(f.offset, encodeCompressed(inverse, [f.rs1, 6]), true);
            const far = (low32(target) - (pc + 2)) | 0;
            if (this.inRange('jimm', far, f.at)) view.setUint32(f.offset + 2, encode(JAL, [0, far]), true);
            return;
          }
          case 8: {
            // b<inverse> rs1, rs2, +8; jal zero, target
            view.setUint32(f.offset, encode(f.inverse, [f.rs1, f.rs2, 8]), true);
            const far = (low32(target) - (pc + 4)) | 0;
            if (this.inRange('jimm', far, f.at)) view.setUint32(f.offset + 4, encode(JAL, [0, far]), true);
            return;
          }
        }
        return;
      }
      case 'jump': {
        const pc = section.addr + f.offset;
        const target = this.value(f.target, pc, f.at);
        if (target === undefined) return;
        const off = (low32(target) - pc) | 0;
        if (f.size === 2) {
          if (this.cOffset(f.rvc, off, f.at)) view.setUint16(f.offset, encodeCompressed(f.rvc, [off]), true);
        } else if (this.inRange('jimm', off, f.at)) view.setUint32(f.offset, encode(f.spec, [f.rd, off]), true);
        return;
      }
      case 'align': {
        if (!f.code) {
          out.fill(f.fill, f.offset, f.offset + f.size);
          return;
        }
        writeNops(view, f.offset, f.size);
        return;
      }
      case 'space':
        out.fill(f.fill, f.offset, f.offset + f.size);
        return;
    }
  }
}

/** A `%pcrel_hi` (or `%call`) fixup: written in the first round. */
const isPcrelHi = (x: Fixup): boolean => x.expr.k === 'reloc' && (x.expr.fn === 'pcrel_hi' || x.expr.fn === 'call');

/**
 * Code padding as GNU as writes it (tc-riscv.c `riscv_make_nops`): a zero
 * byte if the count is odd (not inside any instruction), one 2-byte `c.nop`
 * if needed to reach a 4-byte boundary, then 4-byte `nop`s.
 */
function writeNops(view: DataView, at: number, bytes: number): void {
  let i = 0;
  if (bytes % 2 === 1) view.setUint8(at + i++, 0);
  if ((bytes - i) % 4 === 2) {
    view.setUint16(at + i, C_NOP, true);
    i += 2;
  }
  for (; i < bytes; i += 4) view.setUint32(at + i, NOP, true);
}

/** User-facing name of an internal symbol (`1f` rather than `.L1^B2`). */
export function displayName(name: string): string {
  const m = /^\.L(\d+)\u0002\d+$/.exec(name);
  return m ? `${m[1]}f (numeric local label)` : name;
}
