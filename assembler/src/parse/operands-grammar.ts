// generated from operands.ne by nearleyc — do not edit
// Generated automatically by nearley, version 2.20.1
// http://github.com/Hardmath123/nearley
// Bypasses TS6133. Allow declared but unused functions.
// @ts-ignore
function id(d: any[]): any { return d[0]; }
declare var number: any;
declare var ident: any;
declare var localref: any;
declare var char: any;
declare var string: any;
declare var reloc: any;

import { tokenSource } from './token-source.js';
const lexer = tokenSource;

interface NearleyToken {
  value: any;
  [key: string]: any;
};

interface NearleyLexer {
  reset: (chunk: string, info: any) => void;
  next: () => NearleyToken | undefined;
  save: () => any;
  formatError: (token: never) => string;
  has: (tokenType: string) => boolean;
};

interface NearleyRule {
  name: string;
  symbols: NearleySymbol[];
  postprocess?: (d: any[], loc?: number, reject?: {}) => any;
};

type NearleySymbol = string | { literal: any } | { test: (token: any) => boolean };

interface Grammar {
  Lexer: NearleyLexer | undefined;
  ParserRules: NearleyRule[];
  ParserStart: string;
};

const grammar: Grammar = {
  Lexer: lexer,
  ParserRules: [
    {"name": "operands", "symbols": [], "postprocess": () => []},
    {"name": "operands", "symbols": ["list"], "postprocess": id},
    {"name": "list", "symbols": ["operand"], "postprocess": (d) => [d[0]]},
    {"name": "list", "symbols": ["list", {"literal":","}, "operand"], "postprocess": (d) => [...d[0], d[2]]},
    {"name": "operand", "symbols": ["expr"], "postprocess": (d) => ({ k: 'expr', expr: d[0] })},
    {"name": "operand", "symbols": ["expr", {"literal":"("}, "expr", {"literal":")"}], "postprocess": (d) => ({ k: 'mem', offset: d[0], base: d[2] })},
    {"name": "expr", "symbols": ["unary"], "postprocess": (d) => [d[0]]},
    {"name": "expr", "symbols": ["expr", "binop", "unary"], "postprocess": (d) => [...d[0], d[1][0], d[2]]},
    {"name": "unary", "symbols": ["primary"], "postprocess": id},
    {"name": "unary", "symbols": ["unop", "unary"], "postprocess": (d) => ({ k: 'unary', op: d[0][0], arg: d[1] })},
    {"name": "primary", "symbols": [(lexer.has("number") ? {type: "number"} : number)], "postprocess": (d) => ({ k: 'leaf', tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("ident") ? {type: "ident"} : ident)], "postprocess": (d) => ({ k: 'leaf', tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("localref") ? {type: "localref"} : localref)], "postprocess": (d) => ({ k: 'leaf', tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("char") ? {type: "char"} : char)], "postprocess": (d) => ({ k: 'leaf', tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("string") ? {type: "string"} : string)], "postprocess": (d) => ({ k: 'leaf', tok: d[0] })},
    {"name": "primary", "symbols": [{"literal":"("}, "expr", {"literal":")"}], "postprocess": (d) => ({ k: 'paren', inner: d[1], tok: d[0] })},
    {"name": "primary", "symbols": [(lexer.has("reloc") ? {type: "reloc"} : reloc), {"literal":"("}, "expr", {"literal":")"}], "postprocess": (d) => ({ k: 'reloc', fn: d[0], arg: d[2] })},
    {"name": "unop", "symbols": [{"literal":"-"}]},
    {"name": "unop", "symbols": [{"literal":"+"}]},
    {"name": "unop", "symbols": [{"literal":"~"}]},
    {"name": "unop", "symbols": [{"literal":"!"}]},
    {"name": "binop", "symbols": [{"literal":"*"}]},
    {"name": "binop", "symbols": [{"literal":"/"}]},
    {"name": "binop", "symbols": [{"literal":"%"}]},
    {"name": "binop", "symbols": [{"literal":"<<"}]},
    {"name": "binop", "symbols": [{"literal":">>"}]},
    {"name": "binop", "symbols": [{"literal":"|"}]},
    {"name": "binop", "symbols": [{"literal":"&"}]},
    {"name": "binop", "symbols": [{"literal":"^"}]},
    {"name": "binop", "symbols": [{"literal":"!"}]},
    {"name": "binop", "symbols": [{"literal":"+"}]},
    {"name": "binop", "symbols": [{"literal":"-"}]},
    {"name": "binop", "symbols": [{"literal":"=="}]},
    {"name": "binop", "symbols": [{"literal":"!="}]},
    {"name": "binop", "symbols": [{"literal":"<>"}]},
    {"name": "binop", "symbols": [{"literal":"<"}]},
    {"name": "binop", "symbols": [{"literal":"<="}]},
    {"name": "binop", "symbols": [{"literal":">"}]},
    {"name": "binop", "symbols": [{"literal":">="}]},
    {"name": "binop", "symbols": [{"literal":"&&"}]},
    {"name": "binop", "symbols": [{"literal":"||"}]}
  ],
  ParserStart: "operands",
};

export default grammar;
