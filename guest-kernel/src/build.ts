/**
 * Building the guest kernel and the firmware with pvlab's assembler.
 *
 * The source lists below are the build: `buildKernel` assembles
 * {@link KERNEL_SOURCES} with `src/link.ld` (and `--defsym PARAVIRT=1` for the
 * paravirtual build), `buildFirmware` assembles {@link FIRMWARE_SOURCES} with
 * `firmware/link.ld`. Assembler errors are thrown as a {@link KernelBuildError}
 * whose message is the GNU-style diagnostics (`file:line:col: error: ...`
 * with the source line and a caret).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble, type Program } from '@pvlab/assembler';

/** The guest-kernel package folder (works from src/ and from dist/). */
export const GUEST_KERNEL_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The kernel's source files, relative to `src/`: one concept per file. */
export const KERNEL_SOURCES = [
  'entry.s', 'kalloc.s', 'vm.s', 'uaccess.s', 'trap.s', 'proc.s', 'exec.s', 'sched.s', 'syscall.s', 'console.s', 'timer.s', 'string.s', 'pvcalls.s',
  'fdt.s', 'drivers/irq.s', 'drivers/virtio-mmio.s', 'drivers/virtqueue.s', 'drivers/blkdev.s', 'drivers/virtio-blk.s',
  'drivers/netdev.s', 'drivers/virtio-net.s', 'drivers/evtchn.s', 'drivers/blkfront.s', 'drivers/netfront.s', 'drivers/balloon.s', 'net/netif.s', 'net/ether.s', 'net/arp.s', 'net/ip.s', 'net/icmp.s', 'net/udp.s',
  'user/programs.s', 'user/ulib.s', 'user/init.s', 'user/sh.s',
  'user/null.s', 'user/ctxsw.s', 'user/pgfault.s', 'user/fork.s', 'user/console.s', 'user/timer.s', 'user/compute.s',
  'user/fault.s', 'user/attack.s',
  'user/disk.s', 'user/dd.s', 'user/disk_read.s', 'user/disk_write.s',
  'user/netlib.s', 'user/ping.s', 'user/udpecho.s', 'user/udpechod.s', 'user/netstat.s', 'user/net_rr.s', 'user/net_stream.s', 'user/free.s',
] as const;

/** The firmware's source files, relative to `firmware/`. */
export const FIRMWARE_SOURCES = ['firmware.s'] as const;

/** Where `npm run build` writes the images (see scripts/build-images.ts). */
export const DIST_IMAGES = {
  kernel: join(GUEST_KERNEL_ROOT, 'dist', 'kernel.elf'),
  'kernel-pv': join(GUEST_KERNEL_ROOT, 'dist', 'kernel-pv.elf'),
  firmware: join(GUEST_KERNEL_ROOT, 'dist', 'firmware.elf'),
} as const;

/** An assembled image and its by-products. */
export interface ImageBuild {
  /** The ELF executable. */
  readonly elf: Uint8Array;
  /** The linked program: sections, symbols, line map. */
  readonly program: Program;
  /** Address, bytes, source line. */
  readonly listing: string;
  /** Address, size, type, binding, section, name. */
  readonly symbolMap: string;
}

/** The sources did not assemble; `message` holds every diagnostic, GNU-style. */
export class KernelBuildError extends Error {
  readonly code = 'kernel-build';
  constructor(readonly image: string, readonly diagnostics: string) {
    super(`${image} did not build:\n${diagnostics}`);
  }
}

/** Options of {@link buildKernel}. */
export interface KernelBuildOptions {
  /** The PARAVIRT build (`kernel-pv.elf`): the seam's hypercall expansion. */
  readonly paravirt?: boolean;
  /** Build constants to set, as `--defsym` (for experiments: e.g. PV_BATCH, the PTE writes per mmu_update). */
  readonly defsym?: Readonly<Record<string, number>>;
}

const display = (path: string) => relative(process.cwd(), path) || path;

function build(image: string, dir: string, sources: readonly string[], defsym: Record<string, number>): ImageBuild {
  const layoutPath = join(dir, 'link.ld');
  const result = assemble(
    sources.map((s) => ({ path: display(join(dir, s)) })),
    {
      includePaths: [dir, join(GUEST_KERNEL_ROOT, 'include')],
      defsym,
      layout: readFileSync(layoutPath, 'utf8'),
      layoutFile: display(layoutPath),
      listing: true,
      werror: true,
    },
  );
  if (!result.ok || !result.program) throw new KernelBuildError(image, result.formatDiagnostics());
  const program = result.program;
  return { elf: program.elf(), program, listing: program.listing(), symbolMap: program.symbolMap() };
}

/** Assemble and link the kernel (`kernel.elf`, or `kernel-pv.elf` with `paravirt`). */
export function buildKernel(options: KernelBuildOptions = {}): ImageBuild {
  return build(options.paravirt ? 'kernel-pv.elf' : 'kernel.elf', join(GUEST_KERNEL_ROOT, 'src'), KERNEL_SOURCES, { ...options.defsym, ...(options.paravirt ? { PARAVIRT: 1 } : {}) });
}

/** Assemble and link pvlab's M-mode firmware (`firmware.elf`). */
export function buildFirmware(): ImageBuild {
  return build('firmware.elf', join(GUEST_KERNEL_ROOT, 'firmware'), FIRMWARE_SOURCES, {});
}
