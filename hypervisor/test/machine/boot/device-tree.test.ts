/**
 * The board's device tree: generated from the devices the board built,
 * a valid DTB (dtc decompiles it), and QEMU 7.2's `virt` tree for the same
 * configuration but for the devices pvlab does not have. Goldens in
 * _golden/ (regenerate with _helpers/update-goldens.ts): board.dtb and
 * board.dts are pvlab's tree, qemu-virt.dtb QEMU's; with QEMU installed its
 * tree is dumped again and compared too.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Machine } from '@pvlab/hypervisor';
import { deviceTreeAddress, deviceTreeNodes } from '../../../src/machine/boot/device-tree.js';
import { encodeFdt } from '../../../src/machine/boot/fdt.js';
import { hexOf, readFdt, type ReadTree } from './_helpers/fdt-read.js';
import { GOLDEN, GOLDEN_BOOTARGS, decompile, hasDtc, hasQemu, qemuDtb } from './_helpers/qemu-board.js';

const requireTools = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';
const golden = (name: string) => readFileSync(join(GOLDEN, name));
const ours = () => new Machine({ bootargs: GOLDEN_BOOTARGS }).deviceTree();

/**
 * What QEMU's tree has and pvlab's does not, on purpose: nodes of devices
 * pvlab's board lacks, and the random `rng-seed` (it would make runs differ).
 */
export const QEMU_ONLY_NODES = ['/pmu', '/fw-cfg@10100000', '/flash@20000000', '/platform-bus@4000000', '/soc/rtc@101000', '/soc/pci@30000000'] as const;
export const QEMU_ONLY_PROPS = ['/chosen:rng-seed'] as const;

/** Every difference between two trees, as lines (empty: the same but for the documented differences). */
function differences(pv: ReadTree, qemu: ReadTree): string[] {
  const out: string[] = [];
  const q = new Map(qemu.nodes.map((n) => [n.path, n]));
  const p = new Map(pv.nodes.map((n) => [n.path, n]));
  for (const n of pv.nodes) {
    const other = q.get(n.path);
    if (!other) {
      out.push(`${n.path}: only in pvlab's tree`);
      continue;
    }
    for (const [name, value] of n.props) {
      if ((QEMU_ONLY_PROPS as readonly string[]).includes(`${n.path}:${name}`)) continue;
      const theirs = other.props.get(name);
      if (theirs === undefined) out.push(`${n.path}:${name}: only in pvlab's tree`);
      else if (hexOf(theirs) !== hexOf(value)) out.push(`${n.path}:${name}: pvlab ${hexOf(value)}, QEMU ${hexOf(theirs)}`);
    }
    for (const name of other.props.keys()) {
      if (!n.props.has(name) && !(QEMU_ONLY_PROPS as readonly string[]).includes(`${n.path}:${name}`)) out.push(`${n.path}:${name}: only in QEMU's tree`);
    }
  }
  for (const n of qemu.nodes) {
    const inside = (QEMU_ONLY_NODES as readonly string[]).some((x) => n.path === x || n.path.startsWith(`${x}/`));
    if (!p.has(n.path) && !inside) out.push(`${n.path}: only in QEMU's tree`);
  }
  // The same order: pvlab's nodes are QEMU's, with the documented ones left out.
  const order = qemu.nodes.map((n) => n.path).filter((path) => p.has(path));
  if (order.join(' ') !== pv.nodes.map((n) => n.path).join(' ')) out.push(`node order differs: QEMU ${order.join(' ')}`);
  return out;
}

test('the tree is the committed golden, byte for byte', (t) => {
  t.is(hexOf(ours()), hexOf(golden('board.dtb')));
});

test('dtc decompiles it to the committed source', (t) => {
  if (!hasDtc()) {
    if (requireTools) t.fail('dtc is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1): apt-get install device-tree-compiler');
    else t.pass('dtc not installed: the byte golden stands alone');
    return;
  }
  const r = decompile(ours());
  t.is(r.status, 0, r.warnings);
  t.is(r.dts, golden('board.dts').toString('utf8'));
  // One warning (an interrupt provider without #address-cells), which QEMU's own tree draws too.
  const warnings = (w: string) => w.split('\n').filter((l) => l.includes('Warning')).map((l) => l.replace(/^<[^>]+>: /, ''));
  t.deepEqual(warnings(r.warnings), ['Warning (interrupt_provider): /cpus/cpu@0/interrupt-controller: Missing #address-cells in interrupt provider']);
  t.deepEqual(warnings(decompile(golden('qemu-virt.dtb')).warnings), warnings(r.warnings));
});

test('a valid DTB: header, version 17 (compatible with 16), empty reservation map, sizes that add up', (t) => {
  const blob = ours();
  const tree = readFdt(blob);
  t.is(tree.magic, 0xd00dfeed);
  t.is(tree.totalsize, blob.length);
  t.is(tree.version, 17);
  t.is(tree.lastCompVersion, 16);
  t.is(tree.bootCpuid, 0);
  t.deepEqual(tree.rsvmap, []);
  t.is(tree.nodes[0].path, '/');
});

test('it is QEMU 7.2 virt\'s tree (committed), less only the devices pvlab does not have and rng-seed', (t) => {
  t.deepEqual(differences(readFdt(ours()), readFdt(golden('qemu-virt.dtb'))), []);
});

test('QEMU, run now, dumps the committed tree, and pvlab\'s matches it for other memory sizes and command lines', (t) => {
  if (!hasQemu()) {
    if (requireTools) t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    else t.pass('QEMU not installed: compared with the committed tree only');
    return;
  }
  t.deepEqual(differences(readFdt(qemuDtb({ bootargs: GOLDEN_BOOTARGS })), readFdt(golden('qemu-virt.dtb'))), []);
  for (const [memory, bytes] of [['16M', 16 << 20], ['1G', 1 << 30], ['2G', 2 ** 31]] as const) {
    for (const bootargs of [undefined, 'quiet']) {
      const pv = readFdt(new Machine({ ramSize: bytes, bootargs }).deviceTree());
      t.deepEqual(differences(pv, readFdt(qemuDtb({ memory, bootargs }))), [], `${memory} ${bootargs}`);
    }
  }
  const noC = readFdt(new Machine({ isa: 'rv32ima' }).deviceTree());
  t.deepEqual(differences(noC, readFdt(qemuDtb({ isa: 'rv32ima' }))), [], 'rv32ima, QEMU c=false');
});

test('the devices that exist are the nodes that appear: a board without a finisher has no test, poweroff or reboot node', (t) => {
  const m = new Machine();
  const paths = (devices: typeof m.description.devices) =>
    readFdt(encodeFdt(deviceTreeNodes({ ...m.description, devices }))).nodes.map((n) => n.path);
  const all = paths(m.description.devices);
  for (const d of m.description.devices) t.true(all.some((p) => p.endsWith(`@${d.base.toString(16)}`)), d.kind);
  const none = paths(m.description.devices.filter((d) => d.kind !== 'finisher'));
  t.false(none.some((p) => /test@|poweroff|reboot/.test(p)));
  t.is(none.length, all.length - 3);
  const noUart = readFdt(encodeFdt(deviceTreeNodes({ ...m.description, devices: m.description.devices.filter((d) => d.kind !== 'uart') })));
  t.false(noUart.nodes.find((n) => n.path === '/chosen')!.props.has('stdout-path'));
});

test('bootargs and the ISA string come from the board options', (t) => {
  const chosen = (m: Machine) => readFdt(m.deviceTree()).nodes.find((n) => n.path === '/chosen')!.props;
  t.false(chosen(new Machine()).has('bootargs'));
  t.is(Buffer.from(chosen(new Machine({ bootargs: 'a b' })).get('bootargs')!).toString(), 'a b\0');
  const cpu = (m: Machine) => readFdt(m.deviceTree()).nodes.find((n) => n.path === '/cpus/cpu@0')!.props;
  t.is(Buffer.from(cpu(new Machine()).get('riscv,isa')!).toString(), 'rv32imac_zicsr_zifencei_zihintpause_sstc\0');
  t.is(Buffer.from(cpu(new Machine({ isa: 'rv32ima' })).get('riscv,isa')!).toString(), 'rv32ima_zicsr_zifencei_zihintpause_sstc\0');
  t.is(Buffer.from(cpu(new Machine()).get('mmu-type')!).toString(), 'riscv,sv32\0');
});

test('the tree goes where QEMU 7.2 puts it: the top of RAM (below 3 GiB), 2 MiB aligned', (t) => {
  // Observed on QEMU 7.2 (a1 at the program's entry) for -m 16M, 128M, 1G, 1536M, 2G.
  const seen: [number, number][] = [[16 << 20, 0x80e0_0000], [128 << 20, 0x87e0_0000], [1 << 30, 0xbfe0_0000], [1536 << 20, 0xbfe0_0000], [2 ** 31, 0xbfe0_0000]];
  for (const [ram, at] of seen) t.is(deviceTreeAddress(0x8000_0000, ram, 1850), at, `${ram >>> 20} MiB`);
  t.is(new Machine({ ramSize: 4096 }).deviceTreeAddress(), 0x8000_0000);
});
