export * from './isa/index.js';
