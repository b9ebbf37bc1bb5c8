/**
 * Section layout: a small linker that reproduces GNU ld's placement for
 * bare-metal linker scripts, without relocation (the assembler resolves
 * symbols once it knows the addresses).
 */
export { DEFAULT_LAYOUT_LOCATION, LinkDiagnostics } from './diagnostic.js';
export type { LinkDiagnostic, LinkSeverity, ScriptLocation } from './diagnostic.js';
export type {
  AssertStatement, AssignStatement, BinaryOp, CallFunction, DataStatement, Expr, FillStatement, InputStatement, Layout,
  MemoryRegion, OutputSectionStatement, QueryFunction, SectionItem, SectionPattern, SortKind, Statement, UnaryOp,
} from './layout-types.js';
export { parseLinkerScript } from './parse-script.js';
export type { ParsedScript } from './parse-script.js';
export { DEFAULT_BASE, defaultLayout } from './default-layout.js';
export { layoutSections } from './layout-sections.js';
export type { LayoutOptions, LayoutResult, OutputSection, ScriptSymbol } from './layout-sections.js';
export type { DataValue, FillRun } from './link-state.js';
export type { ProgramSymbol } from './script-symbols.js';
export type { InputSection, SectionPermissions } from './section-flags.js';
export { outputSectionBytes } from './output-bytes.js';
export { LINK_MESSAGES } from './link-messages.js';
export { globMatch } from './glob.js';
