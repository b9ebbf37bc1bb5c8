/** The RISC-V ISA tables and the encoder/decoder they drive. */
export * from './registers.js';
export * from './operands.js';
export * from './instructions.js';
export * from './csrs.js';
export * from './encoding.js';
export * from './gnu-extras.js';
export * from './privileged.js';
export * from './compressed-operands.js';
export * from './compressed.js';
export * from './arch.js';
