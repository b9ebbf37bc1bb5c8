/**
 * Differential layout scenarios: a linker script (third-party or typical
 * bare-metal, in ../_fixtures/) and small sources whose sections exercise
 * it. Each source is a list of sections (name, kind, size, alignment) turned
 * into assembly with a global label at the start of every section, plus
 * optional raw text.
 */
import { readFileSync } from 'node:fs';

/** The text of `_fixtures/<name>.ld`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../_fixtures/${name}.ld`, import.meta.url), 'utf8');
}

/** riscv-tests' env/p/link.ld, verbatim. */
export const RISCV_TESTS_LD = fixture('riscv-tests');

/** The text equivalent of `defaultLayout()`, for GNU ld. */
export const DEFAULT_LAYOUT_LD = fixture('pvlab-default');

/** How a generated section is declared. */
export type SectionKind = 'text' | 'rodata' | 'data' | 'bss';

/** [name, kind, size, alignment]. */
export type SectionSpec = readonly [string, SectionKind, number, number?];

/** One differential scenario. */
export interface Scenario {
  readonly name: string;
  /** Linker-script text, given to both GNU ld and parseLinkerScript. */
  readonly script: string;
  /** Source files by base name: generated sections, then raw assembly. */
  readonly sources: Readonly<Record<string, { readonly sections: readonly SectionSpec[]; readonly raw?: string }>>;
}

const FLAGS: Readonly<Record<SectionKind, string>> = {
  text: '"ax",@progbits',
  rodata: '"a",@progbits',
  data: '"aw",@progbits',
  bss: '"aw",@nobits',
};

/** The label generated at the start of a section. */
export function sectionLabel(file: string, section: string): string {
  return `${file}_${section.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Assembly text for one source of a scenario. */
export function sourceText(file: string, spec: Scenario['sources'][string]): string {
  const lines: string[] = [];
  for (const [name, kind, size, align] of spec.sections) {
    const label = sectionLabel(file, name);
    lines.push(`.section ${name},${FLAGS[kind]}`);
    if (align) lines.push(`.balign ${align}`);
    lines.push(`.globl ${label}`, `${label}:`);
    if (size) lines.push(`.skip ${size}`);
  }
  if (spec.raw) lines.push(spec.raw);
  return `${lines.join('\n')}\n`;
}




const START = '.section .text.init,"ax",@progbits\n.globl _start\n_start:\n  nop\n';

/** Every scenario. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'riscv-tests',
    script: fixture('riscv-tests'),
    sources: {
      crt: { sections: [['.text.init', 'text', 0x40, 4], ['.tohost', 'data', 16, 64]], raw: START },
      main: {
        sections: [['.text', 'text', 0x124, 4], ['.data', 'data', 0x21, 8], ['.bss', 'bss', 0x40, 16],
          ['.rodata', 'rodata', 0x11, 4], ['.sdata', 'data', 8, 4], ['.sbss', 'bss', 4, 4], ['.text.startup', 'text', 0x10, 4]],
      },
      lib: { sections: [['.text', 'text', 0x30, 16], ['.data', 'data', 4, 4], ['.bss', 'bss', 8, 8], ['.rodata', 'rodata', 3, 1]] },
    },
  },
  {
    name: 'pvlab-default',
    script: fixture('pvlab-default'),
    sources: {
      boot: { sections: [['.text.init', 'text', 0x20, 4], ['.text', 'text', 0x44, 4], ['.bss', 'bss', 0x100, 16]], raw: START },
      kernel: {
        sections: [['.text', 'text', 0x200, 4], ['.text.entry', 'text', 8, 4], ['.text.trap', 'text', 0x30, 4], ['.rodata', 'rodata', 0x13, 4],
          ['.rodata.str', 'rodata', 5, 1], ['.srodata', 'rodata', 8, 8], ['.data', 'data', 0x18, 8], ['.sdata', 'data', 4, 4],
          ['.sbss', 'bss', 4, 4], ['.bss.stack', 'bss', 0x1000, 16]],
      },
    },
  },
  {
    name: 'memory-regions',
    script: fixture('memory-regions'),
    sources: {
      start: { sections: [['.text.init', 'text', 0x30, 4], ['.data', 'data', 6, 2]], raw: START + '  la a0, __heap_start\n  la a1, __heap_end\n' },
      app: { sections: [['.text', 'text', 0x88, 4], ['.text.main', 'text', 0x20, 4], ['.rodata', 'rodata', 0x9, 4], ['.data', 'data', 0x10, 8], ['.sdata', 'data', 4, 4], ['.bss', 'bss', 0x31, 8]] },
    },
  },
  {
    name: 'xv6-kernel',
    script: fixture('xv6-kernel'),
    sources: {
      entry: { sections: [['.text', 'text', 0x20, 4]], raw: '.globl _entry\n_entry:\n  nop\n' },
      trampoline: { sections: [['trampsec', 'text', 0x9c, 16]] },
      kernel: {
        sections: [['.text', 'text', 0x1234, 4], ['.text.startup', 'text', 0x40, 4], ['.srodata.cst8', 'rodata', 16, 8], ['.rodata', 'rodata', 0x66, 8],
          ['.rodata.str1.8', 'rodata', 0x21, 8], ['.sdata', 'data', 8, 8], ['.data', 'data', 0x30, 8], ['.sbss', 'bss', 8, 8], ['.bss', 'bss', 0x2345, 64]],
      },
    },
  },
  {
    name: 'small-data-gp',
    script: fixture('small-data-gp'),
    sources: {
      crt0: { sections: [['.init', 'text', 0x10, 4], ['.text', 'text', 0x40, 4]], raw: START + '  la gp, __global_pointer$\n  la a0, __bss_start\n  la a1, _end\n' },
      main: {
        sections: [['.text.unlikely', 'text', 0x14, 4], ['.text.main', 'text', 0x60, 4], ['.text', 'text', 0x28, 4], ['.rodata.str1.4', 'rodata', 0x13, 4],
          ['.srodata.cst8', 'rodata', 8, 8], ['.srodata.cst4', 'rodata', 4, 4], ['.data', 'data', 0x14, 4], ['.sdata', 'data', 0xc, 4],
          ['.sbss', 'bss', 0x10, 8], ['.bss', 'bss', 0x205, 4]],
      },
    },
  },
  {
    name: 'orphans',
    script: fixture('orphans'),
    sources: {
      a: {
        sections: [['.text.init', 'text', 0x10, 4], ['.text.hot', 'text', 0xc, 4], ['.rodata', 'rodata', 0x7, 1], ['.rodata.cst4', 'rodata', 8, 4],
          ['.sdata', 'data', 4, 4], ['.sbss', 'bss', 4, 4], ['.bss', 'bss', 0x30, 8], ['.noinit', 'bss', 0x40, 16], ['.mydata', 'data', 3, 1],
          ['.myconst', 'rodata', 2, 2], ['.fast', 'text', 0x18, 8]],
        raw: START,
      },
      b: { sections: [['.text', 'text', 0x24, 4], ['.rodata', 'rodata', 0x5, 1], ['.bss', 'bss', 0x10, 16], ['.data', 'data', 0x4, 4], ['.fast', 'text', 0x4, 4], ['.sdata', 'data', 8, 8]] },
    },
  },
  {
    name: 'quirks',
    script: fixture('quirks'),
    sources: {
      a: { sections: [['.text.init', 'text', 0x10, 4], ['.text.b', 'text', 4, 4], ['.text.a', 'text', 4, 4], ['.data', 'data', 0x9, 4], ['.bss', 'bss', 0x14, 4], ['.discard', 'data', 0x40, 4]], raw: START },
      b: { sections: [['.text', 'text', 0xc, 16], ['.text.a', 'text', 8, 8], ['.data', 'data', 0x3, 1], ['.sbss', 'bss', 0x8, 8]] },
    },
  },
  {
    name: 'sifive-style',
    script: fixture('sifive-style'),
    sources: {
      entry: { sections: [['.init', 'text', 0x1c, 4]], raw: '.section .init,"ax",@progbits\n.globl _enter\n_enter:\n  la gp, __global_pointer$\n  la sp, _sp\n  la a0, __bss_start\n  la a1, _end\n  la a2, _heap_end\n  la a3, _edata\n' },
      app: {
        sections: [['.text.startup', 'text', 0x18, 4], ['.text', 'text', 0x99c, 4], ['.rodata', 'rodata', 0x40, 8], ['.srodata.cst8', 'rodata', 8, 8],
          ['.data', 'data', 0x1c, 4], ['.sdata', 'data', 8, 8], ['.sbss', 'bss', 4, 4], ['.bss', 'bss', 0x64, 8]],
      },
    },
  },
  {
    name: 'quirks-2',
    script: fixture('quirks-2'),
    sources: {
      a: { sections: [['.text.init', 'text', 0x12, 2], ['.text', 'text', 0x8, 4], ['.rodata', 'rodata', 3, 1], ['.rodata.b', 'rodata', 5, 4], ['.bss', 'bss', 0x10, 8], ['.data', 'data', 0x9, 4], ['.x', 'data', 4, 4], ['.text.foo', 'text', 4, 4]], raw: START },
      b: { sections: [['.text', 'text', 0x6, 2], ['.rodata.a', 'rodata', 2, 2], ['.data', 'data', 0x2, 2], ['.sdata', 'data', 4, 4], ['.bss', 'bss', 1, 1]] },
    },
  },
];
