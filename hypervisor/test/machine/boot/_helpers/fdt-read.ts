/**
 * A small flattened-device-tree reader for the tests — written apart from
 * the encoder (src/machine/boot/fdt.ts) so one can check the other, and
 * used on QEMU's blobs too. Nodes by path, properties as hex strings.
 */
export interface ReadNode {
  readonly path: string;
  readonly props: Map<string, Uint8Array>;
}

export interface ReadTree {
  readonly magic: number;
  readonly totalsize: number;
  readonly version: number;
  readonly lastCompVersion: number;
  readonly bootCpuid: number;
  readonly rsvmap: readonly (readonly [bigint, bigint])[];
  /** Nodes in blob order, by full path (`/`, `/soc/serial@10000000`). */
  readonly nodes: readonly ReadNode[];
}

export function readFdt(blob: Uint8Array): ReadTree {
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const u32 = (o: number) => v.getUint32(o);
  const [magic, totalsize, offStruct, offStrings, offRsv, version, lastCompVersion, bootCpuid, sizeStrings, sizeStruct] =
    Array.from({ length: 10 }, (_, i) => u32(4 * i));
  const rsvmap: [bigint, bigint][] = [];
  for (let o = offRsv; ; o += 16) {
    const a = v.getBigUint64(o), s = v.getBigUint64(o + 8);
    if (a === 0n && s === 0n) break;
    rsvmap.push([a, s]);
  }
  const cstr = (o: number, end: number) => {
    let e = o;
    while (e < end && blob[e] !== 0) e++;
    return new TextDecoder().decode(blob.subarray(o, e));
  };
  const nodes: ReadNode[] = [];
  const stack: string[] = [];
  let current: ReadNode | undefined;
  let o = offStruct;
  const structEnd = offStruct + sizeStruct;
  for (;;) {
    if (o >= structEnd) throw new Error('FDT structure block has no FDT_END');
    const token = u32(o);
    o += 4;
    if (token === 1) {
      const name = cstr(o, structEnd);
      o += (name.length + 1 + 3) & ~3;
      stack.push(name);
      const path = stack.length === 1 ? '/' : '/' + stack.slice(1).join('/');
      current = { path, props: new Map() };
      nodes.push(current);
    } else if (token === 3) {
      const len = u32(o), nameoff = u32(o + 4);
      const name = cstr(offStrings + nameoff, offStrings + sizeStrings);
      current!.props.set(name, blob.slice(o + 8, o + 8 + len));
      o += 8 + ((len + 3) & ~3);
    } else if (token === 2) {
      stack.pop();
    } else if (token === 4) {
      // FDT_NOP
    } else if (token === 9) {
      break;
    } else {
      throw new Error(`bad FDT token ${token} at ${o - 4}`);
    }
  }
  return { magic, totalsize, version, lastCompVersion, bootCpuid, rsvmap, nodes };
}

/** A property's bytes in hex, for comparisons and messages. */
export const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
