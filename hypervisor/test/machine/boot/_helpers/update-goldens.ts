/**
 * Regenerate the boot goldens after a change to the board or its device
 * tree:
 *
 *   npx tsx --conditions=source hypervisor/test/machine/boot/_helpers/update-goldens.ts
 *
 * Writes board.dtb and board.dts (pvlab's tree, decompiled by dtc) and,
 * when QEMU is installed, qemu-virt.dtb and qemu-virt.dts (QEMU 7.2's tree
 * for the same configuration), all in ../_golden.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from '@pvlab/hypervisor';
import { GOLDEN, GOLDEN_BOOTARGS, decompile, hasDtc, hasQemu, qemuDtb } from './qemu-board.js';

const ours = new Machine({ bootargs: GOLDEN_BOOTARGS }).deviceTree();
writeFileSync(join(GOLDEN, 'board.dtb'), ours);
if (!hasDtc()) throw new Error('dtc is needed to write board.dts (apt-get install device-tree-compiler)');
writeFileSync(join(GOLDEN, 'board.dts'), decompile(ours).dts);
if (hasQemu()) {
  const theirs = qemuDtb({ bootargs: GOLDEN_BOOTARGS });
  writeFileSync(join(GOLDEN, 'qemu-virt.dtb'), theirs);
  writeFileSync(join(GOLDEN, 'qemu-virt.dts'), decompile(theirs).dts);
}
console.log(`wrote ${GOLDEN}`);
