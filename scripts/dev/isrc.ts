import { INTERPRETER_SOURCE } from '../../hypervisor/src/machine/hart/interpreter.js';
console.log(INTERPRETER_SOURCE.length);
