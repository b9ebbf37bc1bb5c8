/**
 * pvlab's layout when no linker script is given: what a riscv-tests-style
 * link does, without the page gaps. Code at `base` with the entry code
 * first, then read-only data, data and zero-initialised data, and `_end`.
 */
import type { Layout, OutputSectionStatement, SectionItem } from './layout-types.js';

/** The address programs are linked at by default: where QEMU `virt` jumps with `-bios none`. */
export const DEFAULT_BASE = 0x80000000;

/** Output sections of the default layout and the input patterns of each, in order. */
const DEFAULT_SECTIONS: readonly (readonly [string, readonly string[]])[] = [
  ['.text', ['.text.init', '.text.entry', '.text', '.text.*']],
  ['.rodata', ['.rodata', '.rodata.*', '.srodata*']],
  ['.data', ['.data', '.data.*', '.sdata*']],
  ['.bss', ['.bss', '.bss.*', '.sbss*', 'COMMON']],
];

/** The default layout, with code starting at `base`. */
export function defaultLayout(base = DEFAULT_BASE): Layout {
  // one statement per pattern, so e.g. every file's .text.init comes first
  const section = ([name, patterns]: readonly [string, readonly string[]]): OutputSectionStatement => ({
    kind: 'section',
    name,
    body: patterns.map((pattern): SectionItem => ({ kind: 'input', file: '*', sections: [{ pattern }] })),
  });
  return {
    entry: '_start',
    memory: [],
    statements: [
      { kind: 'assign', target: '.', expr: { kind: 'number', value: base } },
      ...DEFAULT_SECTIONS.map(section),
      { kind: 'assign', target: '_end', expr: { kind: 'dot' } },
    ],
  };
}
