/**
 * `npm run build` (guest-kernel): assemble the kernel and the firmware into
 * dist/: kernel.elf, firmware.elf, and for each a listing (.lst) and a
 * symbol map (.map). Errors are printed GNU-style; the exit code is 1.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildFirmware, buildKernel, DIST_IMAGES, KernelBuildError, type ImageBuild } from '../src/index.js';

/**
 * Written beside and renamed into place: a build while something else boots the images (the build
 * tutorial's test rebuilds them while other tests boot them) never lets a reader see a half-written
 * file (one did: "firmware: not an ELF file (bad magic)").
 */
function put(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function write(path: string, image: ImageBuild): void {
  mkdirSync(dirname(path), { recursive: true });
  put(path, image.elf);
  put(path.replace(/\.elf$/, '.lst'), image.listing);
  put(path.replace(/\.elf$/, '.map'), image.symbolMap);
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
