/**
 * virtio-mmio and virtio-blk against QEMU 7.2, with programs of our own
 * (_programs/c/): the registers of empty and populated slots on both
 * transports and a read-only disk (virtio-regs), a polling driver that
 * writes, flushes, reads back and checks error outcomes on both transports
 * and in other slots (virtio-blk), and an interrupt-driven driver written
 * like xv6's that never acknowledges interrupts (virtio-xv6). Same
 * transcript, same exit status, same disk images afterwards.
 */
import { C_CASES } from '../../_programs/c/cases.js';
import { differentialTests } from '../../_programs/c/differential.js';

// virtio-hostile (hostile.test.ts) and virtio-persist (blk.test.ts) run on pvlab only.
differentialTests(C_CASES.filter((c) => c.program.startsWith('virtio-') && c.isa === undefined), ['virtio-hostile', 'virtio-persist']); // the compressed builds: hart/compressed-programs.test.ts
