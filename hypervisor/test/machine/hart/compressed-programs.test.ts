/**
 * Compressed code built by gcc against QEMU with the C extension on
 * (_programs/c/, cases with `isa: 'rv32imac'`, built by build.sh with
 * -march=rv32imac): the device-tree walker, the polling virtio-blk driver
 * (legacy and modern) and the xv6-style interrupt-driven one, and
 * mini-os.c, the stand-in for a third-party teaching OS built for QEMU's
 * virt board — M-mode start with PMP set up where the hart has it (and
 * without PMP, QEMU's pmp=false), mret to S-mode, the disk found through
 * the device tree, Sv32, its own trap vector, legacy virtio-blk reads
 * with PLIC interrupts, a U-mode program with system calls and a page
 * fault. Each prints QEMU's transcript and leaves the disk as QEMU did;
 * mini-os is also run built without C, on a hart without C.
 */
import { C_CASES } from '../_programs/c/cases.js';
import { differentialTests } from '../_programs/c/differential.js';

differentialTests(C_CASES.filter((c) => c.isa === 'rv32imac' || c.program === 'mini-os'));
