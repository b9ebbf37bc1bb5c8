# Operand grammar of a GNU as statement (everything after the mnemonic).
# Compiled by `npm run grammar -w @pvlab/assembler` into operands-grammar.ts.
#
# Tokens come from lexer.ts with whitespace already dropped. Lists are
# left-recursive and binary operators are a flat list whose precedence is
# applied afterwards (precedence.ts): both keep the Earley parser linear and
# the grammar unambiguous (a test asserts one parse per line).
@preprocessor typescript
@{%
import { tokenSource } from './token-source.js';
const lexer = tokenSource;
%}
@lexer lexer

operands  -> null                          {% () => [] %}
           | list                          {% id %}
list      -> operand                       {% (d) => [d[0]] %}
           | list "," operand              {% (d) => [...d[0], d[2]] %}
operand   -> expr                          {% (d) => ({ k: 'expr', expr: d[0] }) %}
           | expr "(" expr ")"             {% (d) => ({ k: 'mem', offset: d[0], base: d[2] }) %}
expr      -> unary                         {% (d) => [d[0]] %}
           | expr binop unary              {% (d) => [...d[0], d[1][0], d[2]] %}
unary     -> primary                       {% id %}
           | unop unary                    {% (d) => ({ k: 'unary', op: d[0][0], arg: d[1] }) %}
primary   -> %number                       {% (d) => ({ k: 'leaf', tok: d[0] }) %}
           | %ident                        {% (d) => ({ k: 'leaf', tok: d[0] }) %}
           | %localref                     {% (d) => ({ k: 'leaf', tok: d[0] }) %}
           | %char                         {% (d) => ({ k: 'leaf', tok: d[0] }) %}
           | %string                       {% (d) => ({ k: 'leaf', tok: d[0] }) %}
           | "(" expr ")"                  {% (d) => ({ k: 'paren', inner: d[1], tok: d[0] }) %}
           | %reloc "(" expr ")"           {% (d) => ({ k: 'reloc', fn: d[0], arg: d[2] }) %}
unop      -> "-" | "+" | "~" | "!"
binop     -> "*" | "/" | "%" | "<<" | ">>" | "|" | "&" | "^" | "!" | "+" | "-"
           | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | "&&" | "||"
