/** Every directive pvlab's assembler knows, by name: one table. */
import type { DirectiveHandler } from './call.js';
import { DATA_DIRECTIVES } from './data.js';
import { SECTION_DIRECTIVES } from './sections.js';
import { SYMBOL_DIRECTIVES } from './symbols.js';
import { CONDITIONAL_DIRECTIVES_TABLE } from './conditionals.js';
import { MACRO_DIRECTIVES } from './macros.js';
import { MISC_DIRECTIVES } from './misc.js';
import { insn } from './insn.js';

export type { DirectiveCall, DirectiveHandler } from './call.js';

export const DIRECTIVES: ReadonlyMap<string, DirectiveHandler> = new Map(Object.entries({
  ...DATA_DIRECTIVES,
  ...SECTION_DIRECTIVES,
  ...SYMBOL_DIRECTIVES,
  ...CONDITIONAL_DIRECTIVES_TABLE,
  ...MACRO_DIRECTIVES,
  ...MISC_DIRECTIVES,
  '.insn': insn,
}));

/** Directives that are read even inside a skipped conditional block. */
export const CONDITIONAL_DIRECTIVES: ReadonlySet<string> = new Set(Object.keys(CONDITIONAL_DIRECTIVES_TABLE));
