/**
 * The statements that may appear both at top level and inside an output
 * section: `sym = expr`, `. += expr`, `PROVIDE(...)`, `PROVIDE_HIDDEN(...)`,
 * `HIDDEN(...)` and `ASSERT(expr, "msg")`.
 */
import type { ScriptLocation } from './diagnostic.js';
import type { AssertStatement, AssignStatement, BinaryOp } from './layout-types.js';
import { parseExpression } from './parse-expression.js';
import type { ScriptScanner } from './script-scanner.js';

// Compound assignments, longest first; `a op= b` means `a = a op b`.
const ASSIGN_OPS: readonly (readonly [string, BinaryOp | undefined])[] = [
  ['<<=', '<<'], ['>>=', '>>'], ['+=', '+'], ['-=', '-'], ['*=', '*'], ['/=', '/'],
  ['&=', '&'], ['|=', '|'], ['=', undefined],
];

/** The wrappers that define a symbol under conditions. */
const WRAPPERS: Readonly<Record<string, { provide: boolean; hidden: boolean }>> = {
  PROVIDE: { provide: true, hidden: false },
  PROVIDE_HIDDEN: { provide: true, hidden: true },
  HIDDEN: { provide: false, hidden: true },
};

/** Is a `PROVIDE`-like wrapper or `ASSERT` next? */
export function peekWrappedStatement(s: ScriptScanner): boolean {
  const w = s.peekWord('symbol');
  if (!(w in WRAPPERS) && w !== 'ASSERT') return false;
  const save = s.pos;
  s.readWord('symbol');
  const paren = s.peek() === '(';
  s.pos = save;
  return paren;
}

/** Parse `PROVIDE(...)`, `PROVIDE_HIDDEN(...)`, `HIDDEN(...)` or `ASSERT(...)`. */
export function parseWrappedStatement(s: ScriptScanner): AssignStatement | AssertStatement | undefined {
  const loc = s.loc();
  const word = s.readWord('symbol') ?? '';
  s.expect('(');
  if (word === 'ASSERT') {
    const expr = parseExpression(s);
    s.expect(',', 'in ASSERT');
    const message = s.readQuoted() ?? s.readWord('section') ?? '';
    s.expect(')');
    s.eat(';');
    return { kind: 'assert', expr, message, loc };
  }
  const target = s.readWord('symbol');
  const a = target === undefined ? undefined : parseAssignmentRest(s, target, loc);
  if (!a) s.error(`expected \`symbol = expression' inside ${word}(...)`);
  s.expect(')');
  s.eat(';');
  if (!a) return undefined;
  if (a.target === '.') {
    s.diags.error(`cannot ${word} an assignment to the location counter`, loc);
    return undefined;
  }
  const w = WRAPPERS[word];
  return { ...a, ...(w.provide ? { provide: true } : {}), ...(w.hidden ? { hidden: true } : {}) };
}

/**
 * If a plain assignment (`name = ...`, `. += ...`) starts here, parse it
 * (with its optional `;`) and return it; otherwise consume nothing.
 */
export function tryParseAssignment(s: ScriptScanner): AssignStatement | undefined {
  const save = s.pos;
  const loc = s.loc();
  const target = s.readWord('symbol');
  if (target === undefined || !peekAssignOp(s)) {
    s.pos = save;
    return undefined;
  }
  const a = parseAssignmentRest(s, target, loc);
  s.eat(';');
  return a;
}

function peekAssignOp(s: ScriptScanner): boolean {
  s.skipSpace();
  return ASSIGN_OPS.some(([sp]) => s.text.startsWith(sp, s.pos) && !(sp === '=' && s.text[s.pos + 1] === '='));
}

function parseAssignmentRest(s: ScriptScanner, target: string, loc: ScriptLocation): AssignStatement | undefined {
  s.skipSpace();
  const found = ASSIGN_OPS.find(([sp]) => s.text.startsWith(sp, s.pos));
  if (!found) return undefined;
  s.pos += found[0].length;
  const rhs = parseExpression(s);
  const left = target === '.' ? ({ kind: 'dot' } as const) : ({ kind: 'symbol', name: target } as const);
  const expr = found[1] ? { kind: 'binary' as const, op: found[1], left, right: rhs } : rhs;
  return { kind: 'assign', target, expr, loc };
}
