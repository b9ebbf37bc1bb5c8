/**
 * A nearley "lexer" over an array of tokens that were already lexed by moo:
 * the parser is fed token arrays, never text, so one reused parser can parse
 * many statements.
 */
import type { Token } from './lexer.js';

interface TokenSource {
  reset(chunk: any): void;
  next(): any;
  save(): Record<string, never>;
  formatError(token: never): string;
  has(type: string): boolean;
}

let buffer: Token[] = [];
let index = 0;

export const tokenSource: TokenSource = {
  reset(chunk: any) {
    buffer = chunk;
    index = 0;
  },
  next() {
    return buffer[index++];
  },
  save() {
    return {};
  },
  formatError(token: any) {
    return `unexpected '${token.text}'`;
  },
  has() {
    return true;
  },
};
