/**
 * `--netdev SPEC`: a virtio-net card and the backend on its wire, in one
 * option (QEMU needs two: `-netdev …,id=n` and `-device
 * virtio-net-device,netdev=n`):
 *
 *   echo[,mac=M][,slot=N]                              the built-in echo peer
 *   dgram,local=127.0.0.1:P,remote=127.0.0.1:Q[,mac=M][,slot=N]
 *                                                      frames over UDP, as QEMU's
 *                                                      -netdev dgram
 */
import { parseMac } from '../machine/devices/virtio/net.js';
import { EchoPeer } from '../machine/devices/virtio/net-echo.js';
import { DgramSocket, parseDgramEnd } from '../machine/devices/virtio/net-dgram.js';
import type { NicOptions } from '../machine/board.js';
import { UsageError } from './output.js';

/** The options each backend takes. */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  echo: ['mac', 'slot'],
  dgram: ['local', 'remote', 'mac', 'slot'],
};

/** A `--netdev` spec, checked: its backend, its options and the card's MAC and slot. */
export interface NetdevSpec {
  readonly kind: string;
  readonly fields: ReadonlyMap<string, string>;
  readonly mac?: Uint8Array;
  readonly slot?: number;
}

/** Check one `--netdev` of `command` against the backends it knows (`keys`: each backend's options). */
export function parseNetdev(command: string, spec: string, keys: Readonly<Record<string, readonly string[]>> = KEYS): NetdevSpec {
  const bad = (why: string) => new UsageError(`${command}: --netdev ${spec}: ${why}`);
  const [kind, ...parts] = spec.split(',');
  const known = Object.hasOwn(keys, kind) ? keys[kind] : undefined;
  if (!known) throw bad(`unknown backend '${kind}' (${Object.keys(keys).join(', ')})`);
  const fields = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    if (!known.includes(k) || eq < 0) throw bad(`unknown option '${part}' (${known.map((x) => `${x}=`).join(', ')})`);
    fields.set(k, part.slice(eq + 1));
  }
  let mac: Uint8Array | undefined;
  const slotText = fields.get('slot');
  if (slotText !== undefined && !/^\d+$/.test(slotText)) throw bad(`slot is a number 0..7, not '${slotText}'`);
  try {
    if (fields.has('mac')) mac = parseMac(fields.get('mac')!);
  } catch (e) {
    throw bad((e as Error).message);
  }
  return { kind, fields, mac, slot: slotText === undefined ? undefined : Number(slotText) };
}

/** Parse one `--netdev` of `command` and open its backend (a socket is bound before the run starts). */
export async function openNetdev(command: string, spec: string): Promise<NicOptions> {
  const bad = (why: string) => new UsageError(`${command}: --netdev ${spec}: ${why}`);
  const { kind, fields, mac, slot } = parseNetdev(command, spec);
  if (kind === 'echo') return { backend: new EchoPeer(), mac, slot };
  const end = (k: string) => {
    const v = fields.get(k);
    if (v === undefined) throw bad(`needs ${k}=127.0.0.1:PORT`);
    try {
      return parseDgramEnd(v);
    } catch (e) {
      throw bad(`${k}: ${(e as Error).message}`);
    }
  };
  const local = end('local'), remote = end('remote');
  try {
    return { backend: await DgramSocket.open(local, remote), mac, slot };
  } catch (e) {
    throw bad((e as Error).message);
  }
}
