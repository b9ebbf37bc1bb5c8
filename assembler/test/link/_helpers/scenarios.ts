/**
 * Differential layout scenarios: a linker script (third-party or typical
 * bare-metal) and small sources whose sections exercise it. Each source is
 * a list of sections (name, kind, size, alignment) turned into assembly with
 * a global label at the start of every section, plus optional raw text.
 */

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

/** riscv-tests' env/p/link.ld, verbatim. */
export const RISCV_TESTS_LD = `OUTPUT_ARCH( "riscv" )
ENTRY(_start)

SECTIONS
{
  . = 0x80000000;
  .text.init : { *(.text.init) }
  . = ALIGN(0x1000);
  .tohost : { *(.tohost) }
  . = ALIGN(0x1000);
  .text : { *(.text) }
  . = ALIGN(0x1000);
  .data : { *(.data) }
  .bss : { *(.bss) }
  _end = .;
}
`;

/** xv6-riscv's kernel/kernel.ld. */
export const XV6_KERNEL_LD = `OUTPUT_ARCH( "riscv" )
ENTRY( _entry )

SECTIONS
{
  /*
   * ensure that entry.S / _entry is at 0x80000000,
   * where qemu's -kernel jumps.
   */
  . = 0x80000000;

  .text : {
    *(.text .text.*)
    . = ALIGN(0x1000);
    _trampoline = .;
    *(trampsec)
    . = ALIGN(0x1000);
    ASSERT(. - _trampoline == 0x1000, "error: trampoline larger than one page");
    PROVIDE(etext = .);
  }

  .rodata : {
    . = ALIGN(16);
    *(.srodata .srodata.*) /* do not need to distinguish this from .rodata */
    . = ALIGN(16);
    *(.rodata .rodata.*)
  }

  .data : {
    . = ALIGN(16);
    *(.sdata .sdata.*) /* do not need to distinguish this from .data */
    . = ALIGN(16);
    *(.data .data.*)
  }

  .bss : {
    . = ALIGN(16);
    *(.sbss .sbss.*) /* do not need to distinguish this from .bss */
    . = ALIGN(16);
    *(.bss .bss.*)
  }

  PROVIDE(end = .);
}
`;

/** The text equivalent of `defaultLayout()`, for GNU ld. */
export const DEFAULT_LAYOUT_LD = `ENTRY(_start)
SECTIONS
{
  . = 0x80000000;
  .text : { *(.text.init) *(.text.entry) *(.text) *(.text.*) }
  .rodata : { *(.rodata) *(.rodata.*) *(.srodata*) }
  .data : { *(.data) *(.data.*) *(.sdata*) }
  .bss : { *(.bss) *(.bss.*) *(.sbss*) *(COMMON) }
  _end = .;
}
`;

const START = '.section .text.init,"ax",@progbits\n.globl _start\n_start:\n  nop\n';

/** Every scenario. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'riscv-tests',
    script: RISCV_TESTS_LD,
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
    script: DEFAULT_LAYOUT_LD,
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
    script: `OUTPUT_ARCH(riscv)
ENTRY(_start)
MEMORY
{
  ROM (rx)  : ORIGIN = 0x20000000, LENGTH = 64K
  RAM (rwx) : ORIGIN = 0x80000000, LENGTH = 0x4000
}
__stack_size = 0x800;
SECTIONS
{
  .text : { KEEP(*(.text.init)) *(.text .text.*) } > ROM
  . = ALIGN(0x1000);          /* no effect on sections placed in regions */
  .rodata : { *(.rodata .rodata.*) }
  .data : { _data_start = .; *(.data .data.*) _data_end = .; } > RAM
  .bss : { __bss_start = .; *(.bss .bss.*) *(COMMON) . = ALIGN(8); __bss_end = .; } > RAM
  .stack (NOLOAD) : { . = ALIGN(16); __stack_bottom = .; . += __stack_size; __stack_top = .; } > RAM
  PROVIDE(__heap_start = __bss_end);
  PROVIDE(__heap_end = ORIGIN(RAM) + LENGTH(RAM));
  _end = .;
}
`,
    sources: {
      start: { sections: [['.text.init', 'text', 0x30, 4], ['.data', 'data', 6, 2]], raw: START + '  la a0, __heap_start\n  la a1, __heap_end\n' },
      app: { sections: [['.text', 'text', 0x88, 4], ['.text.main', 'text', 0x20, 4], ['.rodata', 'rodata', 0x9, 4], ['.data', 'data', 0x10, 8], ['.sdata', 'data', 4, 4], ['.bss', 'bss', 0x31, 8]] },
    },
  },
  {
    name: 'xv6-kernel',
    script: XV6_KERNEL_LD,
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
    script: `OUTPUT_ARCH("riscv")
OUTPUT_FORMAT("elf32-littleriscv", "elf32-littleriscv", "elf32-littleriscv")
ENTRY(_start)
SECTIONS
{
  . = 0x80000000;
  .init : { KEEP (*(SORT_NONE(.init))) }
  .text : { *(.text.unlikely .text.*_unlikely .text.unlikely.*) *(.text .stub .text.*) }
  PROVIDE (__etext = .);
  PROVIDE (etext = .);
  .rodata : { *(.rodata .rodata.*) }
  .srodata : { *(.srodata.cst16) *(.srodata.cst8) *(.srodata.cst4) *(.srodata.cst2) *(.srodata .srodata.*) }
  . = ALIGN(0x1000) + (. & (0x1000 - 1));
  .data : { __DATA_BEGIN__ = .; *(.data .data.*) }
  .sdata : { __global_pointer$ = . + 0x800; *(.sdata .sdata.* .gnu.linkonce.s.*) }
  _edata = .; PROVIDE (edata = .);
  . = .;
  __bss_start = .;
  .sbss : { *(.dynsbss) *(.sbss .sbss.*) *(.scommon) }
  .bss : { *(.dynbss) *(.bss .bss.*) *(COMMON) . = ALIGN(. != 0 ? 32 / 8 : 1); }
  . = ALIGN(32 / 8);
  . = SEGMENT_START("ldata-segment", .);
  . = ALIGN(32 / 8);
  __BSS_END__ = .;
  _end = .; PROVIDE (end = .);
}
`,
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
    script: `ENTRY(_start)
SECTIONS
{
  . = 0x80000000;
  .text : { *(.text.init) *(.text) }
  . = ALIGN(0x100);
  .data : { *(.data) }
  _end = .;
}
`,
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
    script: `ENTRY(_start)
abs_value = 0x1234;
SECTIONS
{
  .text 0x80000002 : { *(.text.init) *(.text) *(SORT(.text.*)) }
  .gap : { . = ALIGN(8); }
  .empty : { }
  .marker : { in_empty = .; }
  .table : { table_start = .; LONG(0x11223344) SHORT(0x5566) BYTE(7) . = ALIGN(4); LONG(table_start) table_end = .; }
  .data : ALIGN(64) { . = 0x10; data_rel = 0x20; rel_abs = abs_value; abs_abs = ABSOLUTE(abs_value); *(EXCLUDE_FILE(*b.o) .data) *(.data) }
  .sizes : { sz_data = SIZEOF(.data); sz_bss = SIZEOF(.bss); al_data = ALIGNOF(.data); addr_data = ADDR(.data); mx = MAX(., 0x80001000); mn = MIN(0x10, 0x20); cond = DEFINED(abs_value) ? 1 : 2; undefd = DEFINED(nothing_here); }
  . = ALIGN(0x40);
  .bss : { *(.bss) *(.sbss) }
  /DISCARD/ : { *(.discard) *(.comment) }
  last = . + 1;
}
`,
    sources: {
      a: { sections: [['.text.init', 'text', 0x10, 4], ['.text.b', 'text', 4, 4], ['.text.a', 'text', 4, 4], ['.data', 'data', 0x9, 4], ['.bss', 'bss', 0x14, 4], ['.discard', 'data', 0x40, 4]], raw: START },
      b: { sections: [['.text', 'text', 0xc, 16], ['.text.a', 'text', 8, 8], ['.data', 'data', 0x3, 1], ['.sbss', 'bss', 0x8, 8]] },
    },
  },
  {
    name: 'sifive-style',
    script: `OUTPUT_ARCH("riscv")
ENTRY(_enter)
MEMORY
{
  flash (rxai!w) : ORIGIN = 0x20000000, LENGTH = 0x20000
  ram (wxa!ri) : ORIGIN = 0x80000000, LENGTH = 0x4000
}
REGION_ALIAS("REGION_TEXT", flash)
REGION_ALIAS("REGION_RODATA", flash)
REGION_ALIAS("REGION_DATA", ram)
REGION_ALIAS("REGION_BSS", ram)
PHDRS_NOT_USED = 0;
SECTIONS
{
  __stack_size = DEFINED(__stack_size) ? __stack_size : 0x400;
  PROVIDE(__stack_size = __stack_size);
  .init : { KEEP (*(SORT_NONE(.init))) } >REGION_TEXT
  .text : { *(.text.unlikely .text.unlikely.*) *(.text.startup .text.startup.*) *(.text .text.*) } >REGION_TEXT
  PROVIDE (__etext = .);
  .rodata : { *(.rdata) *(.rodata .rodata.*) . = ALIGN(8); *(.srodata.cst16) *(.srodata.cst8) *(.srodata .srodata.*) } >REGION_RODATA
  . = ALIGN(4);
  .data : { *(.data .data.*) . = ALIGN(8); PROVIDE( __global_pointer$ = . + 0x800 ); *(.sdata .sdata.*) } >REGION_DATA
  . = ALIGN(4);
  PROVIDE( _edata = . );
  .bss : { PROVIDE( __bss_start = . ); *(.sbss*) *(.bss .bss.*) *(COMMON) . = ALIGN(4); PROVIDE( _end = . ); } >REGION_BSS
  .stack ORIGIN(ram) + LENGTH(ram) - __stack_size : { PROVIDE( _heap_end = . ); . = __stack_size; PROVIDE( _sp = . ); } >ram
}
`,
    sources: {
      entry: { sections: [['.init', 'text', 0x1c, 4]], raw: '.section .init,"ax",@progbits\n.globl _enter\n_enter:\n  la gp, __global_pointer$\n  la sp, _sp\n  la a0, __bss_start\n  la a1, _end\n  la a2, _heap_end\n  la a3, _edata\n' },
      app: {
        sections: [['.text.startup', 'text', 0x18, 4], ['.text', 'text', 0x99c, 4], ['.rodata', 'rodata', 0x40, 8], ['.srodata.cst8', 'rodata', 8, 8],
          ['.data', 'data', 0x1c, 4], ['.sdata', 'data', 8, 8], ['.sbss', 'bss', 4, 4], ['.bss', 'bss', 0x64, 8]],
      },
    },
  },
];
