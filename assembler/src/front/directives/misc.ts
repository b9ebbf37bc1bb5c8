/**
 * Everything else: `.include`, `.option`, `.attribute`, messages (`.err`,
 * `.error`, `.warning`, `.print`), `.end`, and directives that only carry
 * information for other tools (`.file`, `.ident`, `.cfi_*`, `.loc`).
 */
import { lineReader } from '../source.js';
import { stringValue } from '../../parse/operand-parser.js';
import type { DirectiveHandler } from './call.js';
import { stringOperand } from './call.js';

const include: DirectiveHandler = (fa, call) => {
  const tok = call.tokens[0];
  if (!tok || tok.type !== 'string' || call.tokens.length !== 1) return fa.error('.include needs a file name in double quotes', call.col);
  const name = stringValue(tok.text);
  const path = fa.options.fs.resolveInclude(name, fa.at.file, fa.options.includePaths);
  if (path === undefined) {
    const where = fa.options.includePaths.length ? ` (searched next to ${fa.at.file} and in ${fa.options.includePaths.join(', ')})` : ` (searched next to ${fa.at.file}; add a directory with -I)`;
    return fa.error(`include file '${name}' not found${where}`, tok.col);
  }
  if (fa.frames.some((f) => f.path === path)) return fa.error(`include cycle: '${name}' is already being read`, tok.col);
  const text = fa.options.fs.read(path);
  if (text === undefined) return fa.error(`cannot read include file '${path}'`, tok.col);
  fa.pushFrame({ next: lineReader(text, path), kind: 'include', path, from: { ...fa.at } });
};

const OPTIONS = new Set(['push', 'pop', 'norvc', 'relax', 'norelax', 'pic', 'nopic', 'csr-check', 'no-csr-check', 'arch']);
const optionStack: string[][] = [];

const option: DirectiveHandler = (fa, call) => {
  const word = call.tokens[0]?.text ?? '';
  if (word === 'rvc') return fa.error(".option rvc: pvlab's target has no C extension (RV32IMA)", call.tokens[0].col);
  if (!OPTIONS.has(word)) return fa.error(`unknown .option '${word}' (known: rvc, ${[...OPTIONS].join(', ')})`, call.tokens[0]?.col ?? call.col);
  if (word === 'push') optionStack.push([]);
  if (word === 'pop' && optionStack.pop() === undefined) fa.error('.option pop without .option push', call.tokens[0].col);
  if (word === 'arch' && /\bc\b|_c\b|\+c\b/.test(call.text)) fa.error(".option arch: the C extension is not supported", call.col);
};

const attribute: DirectiveHandler = (fa, call) => {
  const parts = call.text.split(',');
  if (parts.length !== 2) return fa.error('.attribute needs a tag and a value', call.col);
  const tag = parts[0].trim();
  if (!/^(arch|unaligned_access|stack_align|priv_spec|priv_spec_minor|priv_spec_revision|atomic_abi|x3_reg_usage|Tag_RISCV_\w+|\d+)$/.test(tag)) fa.error(`unknown .attribute tag '${tag}'`, call.col);
  if (tag === 'arch' && /^"rv(32|64)\w*c/.test(parts[1].trim().replace(/_.*/, ''))) fa.warning('.attribute arch names the C extension, which pvlab does not assemble', call.col);
};

const message = (kind: 'error' | 'warning' | 'print'): DirectiveHandler => (fa, call) => {
  const text = call.tokens.length ? stringOperand(fa, call, call.tokens[0]) : undefined;
  if (call.tokens.length && text === undefined) return;
  if (kind === 'print') fa.printed.push(text ?? '');
  else if (kind === 'warning') fa.warning(text ?? '.warning directive invoked in source file', call.headCol);
  else fa.error(text ?? (call.name === '.err' ? '.err encountered' : '.error directive invoked in source file'), call.headCol);
};

const ignore: DirectiveHandler = () => {};
const end: DirectiveHandler = (fa) => fa.end();

export const MISC_DIRECTIVES: Record<string, DirectiveHandler> = {
  '.include': include,
  '.option': option,
  '.attribute': attribute,
  '.err': message('error'), '.error': message('error'), '.warning': message('warning'), '.print': message('print'),
  '.end': end,
  '.file': ignore, '.ident': ignore, '.loc': ignore, '.addrsig': ignore, '.addrsig_sym': ignore,
  ...Object.fromEntries(
    ['startproc', 'endproc', 'def_cfa', 'def_cfa_offset', 'def_cfa_register', 'offset', 'restore', 'remember_state', 'restore_state', 'sections', 'rel_offset', 'adjust_cfa_offset', 'register', 'return_column', 'signal_frame', 'undefined', 'same_value', 'escape']
      .map((n) => [`.cfi_${n}`, ignore]),
  ),
};
