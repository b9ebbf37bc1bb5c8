/**
 * `npm run build` (guest-kernel): assemble the kernel and the firmware into
 * dist/: kernel.elf, firmware.elf, and for each a listing (.lst) and a
 * symbol map (.map). Errors are printed GNU-style; the exit code is 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildFirmware, buildKernel, DIST_IMAGES, KernelBuildError, type ImageBuild } from '../src/index.js';

function write(path: string, image: ImageBuild): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, image.elf);
  writeFileSync(path.replace(/\.elf$/, '.lst'), image.listing);
  writeFileSync(path.replace(/\.elf$/, '.map'), image.symbolMap);
  console.log(`${path}: ${image.elf.length} bytes`);
}

try {
  write(DIST_IMAGES.kernel, buildKernel());
  write(DIST_IMAGES['kernel-pv'], buildKernel({ paravirt: true }));
  write(DIST_IMAGES.firmware, buildFirmware());
} catch (e) {
  if (e instanceof KernelBuildError) {
    process.stderr.write(e.diagnostics + '\n');
    process.exit(1);
  }
  throw e;
}
