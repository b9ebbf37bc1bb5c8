/**
 * `--drive SPEC`: a virtio-blk disk on a raw image file (QEMU's `-drive
 * file=IMAGE,format=raw,if=none,id=d -device virtio-blk-device,drive=d`).
 */
import type { DriveOptions } from '../machine/board.js';
import { ImageFile } from '../machine/devices/virtio/block-backend.js';
import { UsageError } from './output.js';

/**
 * `--drive file=IMAGE[,readonly[=on|off]][,serial=ID][,slot=N][,format=raw]`:
 * a raw image opened read-write (or read-only) for a virtio-blk device.
 */
export function parseDrive(command: string, spec: string): DriveOptions {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, 'on'] : [part.slice(0, eq), part.slice(eq + 1)];
    if (!['file', 'readonly', 'serial', 'slot', 'format'].includes(k)) throw new UsageError(`${command}: --drive ${spec}: unknown option '${k}' (file, readonly, serial, slot, format)`);
    fields.set(k, v);
  }
  const file = fields.get('file');
  if (!file) throw new UsageError(`${command}: --drive ${spec}: needs file=IMAGE`);
  if ((fields.get('format') ?? 'raw') !== 'raw') throw new UsageError(`${command}: --drive ${spec}: only raw images (format=raw)`);
  const ro = fields.get('readonly') ?? 'off';
  if (!['on', 'off'].includes(ro)) throw new UsageError(`${command}: --drive ${spec}: readonly is on or off, not '${ro}'`);
  const slotText = fields.get('slot');
  if (slotText !== undefined && !/^\d+$/.test(slotText)) throw new UsageError(`${command}: --drive ${spec}: slot is a number 0..7, not '${slotText}'`);
  try {
    return { backend: ImageFile.open(file, ro === 'on'), serial: fields.get('serial'), slot: slotText === undefined ? undefined : Number(slotText) };
  } catch (e) {
    throw new UsageError(`${command}: --drive: ${(e as Error).message}`);
  }
}
