/**
 * kernel.elf on QEMU's virt board with I/O devices: a virtio-blk disk
 * (`-drive … -device virtio-blk-device`) and a virtio-net card on a `dgram`
 * netdev (raw Ethernet frames in UDP datagrams on loopback), on the legacy
 * (QEMU 7.2's default) or the modern virtio-mmio transport. Runs are
 * asynchronous, so a peer written in the test can answer the guest's
 * frames meanwhile.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { images } from './kernel.js';

/** A QEMU guest's network card: its MAC and the two ends of its dgram netdev. */
export interface QemuNic {
  readonly mac: string;
  /** The UDP port QEMU receives frames on (127.0.0.1). */
  readonly localPort: number;
  /** The UDP port QEMU sends frames to (127.0.0.1). */
  readonly remotePort: number;
}

export interface QemuIoOptions {
  /** Console input. */
  readonly script: string;
  /** A raw disk image to attach as virtio-blk. */
  readonly disk?: string;
  readonly nic?: QemuNic;
  /** virtio-mmio version 2 instead of QEMU 7.2's default legacy transport. */
  readonly modern?: boolean;
  /** The kernel command line (/chosen/bootargs). */
  readonly append?: string;
  /** Seconds before the run is killed. */
  readonly timeout?: number;
  /**
   * Feed the script only once the console has printed this (e.g. the first
   * prompt), so that a peer has time to come up; the whole script at once
   * otherwise.
   */
  readonly waitFor?: string;
}

export interface QemuIoRun {
  readonly status: number | null;
  readonly transcript: string;
}

/** A run under way: its end, and its console so far. */
export interface IoRun extends Promise<QemuIoRun> {
  /** Resolves once the console has printed `text` (or the run ended). */
  printed(text: string): Promise<void>;
}

/** The QEMU command line for `o`, with the images written to `dir`. */
export function qemuArgs(dir: string, o: QemuIoOptions): string[] {
  const { kernel, firmware } = images();
  writeFileSync(join(dir, 'kernel.elf'), kernel);
  writeFileSync(join(dir, 'firmware.elf'), firmware);
  const args = ['-machine', 'virt', '-bios', join(dir, 'firmware.elf'), '-kernel', join(dir, 'kernel.elf'), '-nographic'];
  if (o.modern) args.push('-global', 'virtio-mmio.force-legacy=false');
  if (o.append !== undefined) args.push('-append', o.append);
  if (o.disk) args.push('-drive', `file=${o.disk},if=none,format=raw,id=d0`, '-device', 'virtio-blk-device,drive=d0');
  if (o.nic) {
    const n = o.nic;
    args.push(
      '-netdev', `dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=${n.localPort},remote.type=inet,remote.host=127.0.0.1,remote.port=${n.remotePort}`,
      '-device', `virtio-net-device,netdev=n0,mac=${n.mac}`,
    );
  }
  return args;
}

/** The `pvlab run` command line for `o`, QEMU's devices in pvlab's words (a disk in slot 7, a card in slot 6, where QEMU puts its first two -devices). */
export function pvlabArgs(dir: string, o: QemuIoOptions): string[] {
  const { kernel, firmware } = images();
  writeFileSync(join(dir, 'kernel.elf'), kernel);
  writeFileSync(join(dir, 'firmware.elf'), firmware);
  const args = [PVLAB_CLI, 'run', '--bare', '--bios', join(dir, 'firmware.elf'), '--kernel', join(dir, 'kernel.elf')];
  if (o.modern) args.push('--virtio-modern');
  if (o.append !== undefined) args.push('--append', o.append);
  if (o.disk) args.push('--drive', `file=${o.disk},slot=7`);
  if (o.nic) {
    const n = o.nic;
    args.push('--netdev', `dgram,local=127.0.0.1:${n.localPort},remote=127.0.0.1:${n.remotePort},mac=${n.mac},slot=${o.disk ? 6 : 7}`);
  }
  return args;
}

/**
 * The same devices for `pvlab boot --mode trap`: kernel.elf unmodified in a
 * VM under trap-and-emulate, its card's registers emulated, its frames on
 * the socket (the hypervisor plays the firmware, so no firmware is loaded).
 */
export function pvlabTrapArgs(_dir: string, o: QemuIoOptions): string[] {
  if (o.modern) throw new Error('pvlab boot offers legacy virtio-mmio only');
  const args = [PVLAB_CLI, 'boot', '--mode', 'trap', '--script', '-'];
  if (o.append !== undefined) args.push('--append', o.append);
  if (o.disk) args.push('--drive', `file=${o.disk}`);
  if (o.nic) args.push('--netdev', `dgram,local=127.0.0.1:${o.nic.localPort},remote=127.0.0.1:${o.nic.remotePort},mac=${o.nic.mac}`);
  return args;
}

/**
 * The same card for `pvlab boot --mode paravirt`: kernel-pv.elf (as `npm
 * run build` left it) in a VM whose card is the split driver's back end on
 * the socket; no disk (the pair's sessions need none).
 */
export function pvlabParavirtArgs(_dir: string, o: QemuIoOptions): string[] {
  if (o.modern || o.disk) throw new Error('the paravirtual pair guest has a card only');
  const args = [PVLAB_CLI, 'boot', '--mode', 'paravirt', '--script', '-'];
  if (o.append !== undefined) args.push('--append', o.append);
  if (o.nic) args.push('--netdev', `dgram,local=127.0.0.1:${o.nic.localPort},remote=127.0.0.1:${o.nic.remotePort},mac=${o.nic.mac}`);
  return args;
}

/** pvlab's CLI as `npm test` builds it. */
export const PVLAB_CLI = join(import.meta.dirname, '../../../hypervisor/dist/cli/main.js');

/**
 * Boot kernel.elf on QEMU with `o`'s devices and script; resolves when QEMU
 * exits (or is killed at the timeout). The console goes to a file, not a
 * pipe to this process: QEMU writes the UART's bytes one write() each and
 * gives a byte up after a few EAGAINs, and node's stdio pipes are sockets,
 * whose buffer a loaded machine fills with one-byte writes (seen: bytes
 * missing in the middle of a line). A file never says EAGAIN.
 */
export function bootQemuIo(o: QemuIoOptions): IoRun {
  return bootIo('qemu-system-riscv32', qemuArgs, o);
}

/**
 * The same boot on pvlab's board, through `pvlab run --bare` (its dgram
 * card paces idle time to the host's). pvlab reads a script on its stdin
 * whole before it starts, so `waitFor` does not apply: the script is fed at
 * once.
 */
export function bootPvlabIo(o: QemuIoOptions): IoRun {
  return bootIo(process.execPath, pvlabArgs, { ...o, waitFor: undefined });
}

/** kernel.elf in a trapped VM (`pvlab boot --mode trap`) with `o`'s devices; the script is fed at once, as for bootPvlabIo. */
export function bootPvlabTrapIo(o: QemuIoOptions): IoRun {
  return bootIo(process.execPath, pvlabTrapArgs, { ...o, waitFor: undefined });
}

/** kernel-pv.elf in a paravirtual VM (`pvlab boot --mode paravirt`) with `o`'s card; the script is fed at once. */
export function bootPvlabParavirtIo(o: QemuIoOptions): IoRun {
  return bootIo(process.execPath, pvlabParavirtArgs, { ...o, waitFor: undefined });
}

function bootIo(command: string, argsOf: (dir: string, o: QemuIoOptions) => string[], o: QemuIoOptions): IoRun {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-io-'));
  const console = join(dir, 'console.txt');
  const fd = openSync(console, 'w');
  const q = spawn(command, argsOf(dir, o), { stdio: ['pipe', fd, 'inherit'] });
  closeSync(fd);
  const read = () => readFileSync(console, 'latin1');
  let fed = false;
  const feed = () => {
    if (fed) return;
    fed = true;
    q.stdin!.end(o.script, 'latin1');
  };
  q.stdin!.on('error', () => {}); // QEMU gone before it read everything: the transcript says what happened
  const poll = o.waitFor === undefined ? undefined : setInterval(() => { if (read().includes(o.waitFor!)) feed(); }, 50);
  if (o.waitFor === undefined) feed();
  const timer = setTimeout(() => q.kill('SIGKILL'), (o.timeout ?? 60) * 1000);
  let ended = false;
  const run = new Promise<QemuIoRun>((resolve) => {
    q.on('close', (status) => {
      ended = true;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ status, transcript: read() });
    });
  }) as IoRun;
  run.printed = (text) => new Promise((resolve) => {
    const look = setInterval(() => {
      if (ended || read().includes(text)) {
        clearInterval(look);
        resolve();
      }
    }, 50);
  });
  return run;
}

/** A fresh all-zero raw disk image of `bytes` in a temporary folder. */
export function freshDisk(bytes: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pvlab-disk-')), 'disk.img');
  writeFileSync(path, new Uint8Array(bytes));
  return path;
}
