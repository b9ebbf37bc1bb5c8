/**
 * Errors of booting a kernel: named factories, one line each, values in hex.
 */
import { hex8 } from '../machine/hex.js';

/** Why a boot could not start. */
export type BootErrorCode = 'unknown-mode' | 'bad-image' | 'no-firmware' | 'wrong-image' | 'bad-memory' | 'bad-devices';

/** A boot that cannot start (bad mode, bad image): the CLI prints `message` alone. */
export class BootError extends Error {
  constructor(readonly code: BootErrorCode, message: string) {
    super(message);
  }
}

const mib = (bytes: number) => (bytes % (1 << 20) === 0 ? `${bytes / (1 << 20)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

/** Factories, so that the wording lives in one place and tests can match it. */
export const bootErrors = {
  unknownMode: (mode: string, modes: readonly string[]) =>
    new BootError('unknown-mode', `unknown boot mode '${mode}' (modes: ${modes.join(', ')})`),
  badImage: (what: string, detail: string) => new BootError('bad-image', `${what}: ${detail}`),
  noFirmware: () => new BootError('no-firmware', 'native boot, and a trap boot with firmwareMode guest, need the M-mode firmware (firmware.elf): pass firmware'),
  /** `firmwareMode: 'guest'` outside trap mode. */
  guestFirmwareNeedsTrap: (mode: string) =>
    new BootError('no-firmware', `a firmware in the guest's own M-mode runs under trap and emulate (mode trap), not in mode ${mode}`),
  /** The PARAVIRT build outside paravirt mode, or the native build in it. */
  wrongImage: (mode: string, build: 'native' | 'paravirt', modesForIt: readonly string[], imageForMode: string) =>
    new BootError('wrong-image', build === 'paravirt'
      ? `this is the kernel's PARAVIRT build (kernel-pv.elf: it asks a hypervisor by hypercall), which runs only in mode ${modesForIt.join(', ')}; mode ${mode} runs ${imageForMode}`
      : `this is the kernel's native build (kernel.elf: no PARAVIRT symbol), which runs in mode ${modesForIt.join(' or ')}; mode ${mode} runs its PARAVIRT build, ${imageForMode}`),
  /** RAM the board or the hypervisor cannot have, or less than the kernel uses. */
  badMemory: (detail: string) => new BootError('bad-memory', `memory: ${detail}`),
  /** `nics` (the split driver's back end) outside paravirt mode. */
  nicsNeedParavirt: (mode: string) =>
    new BootError('bad-devices', `nics are the paravirtual split driver's (mode paravirt); mode ${mode} gets its network card as a virtio device (devices)`),
  /** `disks` (the split driver's back end) outside paravirt mode. */
  disksNeedParavirt: (mode: string) =>
    new BootError('bad-devices', `disks are the paravirtual split driver's (mode paravirt); mode ${mode} gets its disk as a virtio device (devices)`),
  kernelNeedsMore: (memory: number, ramBase: number, ramEnd: number) =>
    new BootError('bad-memory', `memory: the kernel uses RAM up to ${hex8(ramEnd)} (its RAM_END), so it needs at least ${mib(ramEnd - ramBase)}, not ${mib(memory)}`),
};
