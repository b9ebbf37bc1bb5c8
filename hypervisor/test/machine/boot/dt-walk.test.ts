/**
 * The reset ROM's hand-over, against QEMU 7.2: a program reads a0 and the
 * device tree at a1 and prints every node it would use, with 128 MiB and a
 * command line, and with 16 MiB and none (_programs/c/dt-walk.c).
 */
import { C_CASES } from '../_programs/c/cases.js';
import { differentialTests } from '../_programs/c/differential.js';

differentialTests(C_CASES.filter((c) => c.program === 'dt-walk'));
