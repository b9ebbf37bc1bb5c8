export * from './lexer.js';
export * from './ast.js';
export * from './operand-parser.js';
