/**
 * Everything else: `.include`, `.option`, `.attribute`, messages (`.err`,
 * `.error`, `.warning`, `.print`), `.end`, and directives that only carry
 * information for other tools (`.file`, `.ident`, `.cfi_*`, `.loc`).
 */
import { lineReader } from '../source.js';
import { stringValue } from '../../parse/operand-parser.js';
import type { DirectiveHandler } from './call.js';
import { stringOperand } from './call.js';
import { changeArch, parseArch } from '../../isa/arch.js';

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

/**
 * `.option`, as GNU as 2.40: `rvc`/`norvc` turn the C extension on and off
 * (adding or removing it from the architecture, as `arch, +c`/`arch, -c`
 * do), `arch, …` changes the architecture, `pic`/`nopic` choose how `la`
 * loads an address, `push`/`pop` save and restore all of it. `relax`,
 * `norelax`, `csr-check` and `no-csr-check` change nothing in pvlab, which
 * never relaxes and always checks CSR names.
 */
const IGNORED_OPTIONS = new Set(['relax', 'norelax', 'csr-check', 'no-csr-check']);
const OPTION_WORDS = ['push', 'pop', 'rvc', 'norvc', 'arch', 'pic', 'nopic', ...IGNORED_OPTIONS];

const option: DirectiveHandler = (fa, call) => {
  const head = call.tokens[0];
  const word = head?.text ?? '';
  const col = head?.col ?? call.col;
  const withArch = (text: string): void => {
    const r = changeArch(fa.state.arch, text);
    if (r.error !== undefined) return fa.error(r.error, col);
    fa.setState({ ...fa.state, arch: r.arch });
  };
  switch (word) {
    case 'push':
      fa.optionStack.push(fa.state);
      return;
    case 'pop': {
      const saved = fa.optionStack.pop();
      if (!saved) return fa.error('.option pop without .option push', col);
      return fa.setState(saved);
    }
    case 'rvc': return withArch('+c');
    case 'norvc': return withArch('-c');
    case 'arch': {
      const m = /^\s*arch\s*,(.*)$/.exec(call.text);
      if (!m || m[1].trim() === '') return fa.error(".option arch needs a change (+c, -c, …) or an ISA string (rv32imac)", col);
      return withArch(m[1]);
    }
    case 'pic':
    case 'nopic':
      return fa.setState({ ...fa.state, pic: word === 'pic' });
    default:
      if (!IGNORED_OPTIONS.has(word)) fa.error(`unknown .option '${word}' (known: ${OPTION_WORDS.join(', ')})`, col);
  }
};

const attribute: DirectiveHandler = (fa, call) => {
  const parts = call.text.split(',');
  if (parts.length !== 2) return fa.error('.attribute needs a tag and a value', call.col);
  const tag = parts[0].trim();
  if (!/^(arch|unaligned_access|stack_align|priv_spec|priv_spec_minor|priv_spec_revision|atomic_abi|x3_reg_usage|Tag_RISCV_\w+|\d+)$/.test(tag)) fa.error(`unknown .attribute tag '${tag}'`, call.col);
  if (tag === 'arch' || tag === 'Tag_RISCV_arch' || tag === '5') {
    // GNU as takes the architecture from it, and only before the first instruction.
    const value = /^\s*"(.*)"\s*$/.exec(parts[1]);
    if (!value) return fa.error('.attribute arch needs an ISA string in double quotes', call.col);
    if (fa.sawInstruction) return fa.error('.attribute arch must come before any instruction', call.headCol);
    const r = parseArch(value[1]);
    if (r.error !== undefined) return fa.error(r.error, call.col);
    fa.setState({ ...fa.state, arch: r.arch });
  }
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
