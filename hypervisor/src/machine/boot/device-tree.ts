/**
 * The board's device tree, generated from what the board built (board.ts's
 * `PlacedDevice` list): a device that exists is a node, one that does not
 * is not. Nodes, properties, phandles and their order are QEMU 7.2 `virt`'s
 * (hw/riscv/virt.c, `create_fdt*`; compare `-machine virt,dumpdtb=F`), so a
 * guest that takes "the first virtio,mmio node" finds the same one on both.
 * QEMU's libfdt puts each new property and subnode first, so its nodes
 * appear in reverse order of creation (virtio_mmio@10008000 before
 * @10001000); the tables below are in the order the blob has them.
 *
 * Left out, with the devices pvlab lacks: pmu, fw-cfg, flash, platform-bus,
 * rtc, pci; and `chosen/rng-seed` (QEMU's random bytes would make runs
 * differ). See the board README for the whole comparison.
 */
import { cells, cells64, empty, encodeFdt, node, str, strs, type FdtNode } from './fdt.js';
import { PLIC_NDEV, TIMEBASE_HZ, UART_CLOCK_HZ, type PlacedDevice } from '../board.js';
import { IRQ } from '@pvlab/assembler';

/** What the device tree describes. */
export interface BoardDescription {
  readonly ramBase: number;
  readonly ramSize: number;
  /** The hart's `riscv,isa` string. */
  readonly isa: string;
  /** The built devices, in the order the board table lists them. */
  readonly devices: readonly PlacedDevice[];
  /** `chosen/bootargs` (absent when undefined, as QEMU without -append). */
  readonly bootargs?: string;
}

/** QEMU's phandles: the cpu, its interrupt controller, the PLIC, the finisher. */
const PHANDLE = { cpu: 1, intc: 2, plic: 3, test: 4 } as const;

/** `<0x0 base 0x0 size>` with #address-cells = #size-cells = 2. */
const reg = (base: number, size: number) => cells(...cells64(base), ...cells64(size));
const unit = (base: number) => base.toString(16);

/** One soc node per kind of device, as QEMU writes it. */
const SOC_NODES: Record<PlacedDevice['kind'], (d: PlacedDevice) => FdtNode> = {
  uart: (d) => node(`serial@${unit(d.base)}`, {
    interrupts: cells(d.irq!), 'interrupt-parent': cells(PHANDLE.plic), 'clock-frequency': cells(UART_CLOCK_HZ),
    reg: reg(d.base, d.size), compatible: str('ns16550a'),
  }),
  finisher: (d) => node(`test@${unit(d.base)}`, {
    phandle: cells(PHANDLE.test), reg: reg(d.base, d.size), compatible: strs('sifive,test1', 'sifive,test0', 'syscon'),
  }),
  'virtio-mmio': (d) => node(`virtio_mmio@${unit(d.base)}`, {
    interrupts: cells(d.irq!), 'interrupt-parent': cells(PHANDLE.plic), reg: reg(d.base, d.size), compatible: str('virtio,mmio'),
  }),
  plic: (d) => node(`plic@${unit(d.base)}`, {
    phandle: cells(PHANDLE.plic), 'riscv,ndev': cells(PLIC_NDEV), reg: reg(d.base, d.size),
    // context 0 = hart 0 M-mode (MEIP), context 1 = S-mode (SEIP)
    'interrupts-extended': cells(PHANDLE.intc, IRQ.mei, PHANDLE.intc, IRQ.sei),
    'interrupt-controller': empty(), compatible: strs('sifive,plic-1.0.0', 'riscv,plic0'),
    '#address-cells': cells(0), '#interrupt-cells': cells(1),
  }),
  clint: (d) => node(`clint@${unit(d.base)}`, {
    'interrupts-extended': cells(PHANDLE.intc, IRQ.msi, PHANDLE.intc, IRQ.mti),
    reg: reg(d.base, d.size), compatible: strs('sifive,clint0', 'riscv,clint0'),
  }),
};

/** The order QEMU's blob has the soc's nodes in (the reverse of virt.c's creation order). */
const SOC_ORDER: readonly PlacedDevice['kind'][] = ['uart', 'finisher', 'virtio-mmio', 'plic', 'clint'];

/** The tree as nodes (for tests and for `deviceTreeBlob`). */
export function deviceTreeNodes(b: BoardDescription): FdtNode {
  const byKind = (kind: PlacedDevice['kind']) =>
    b.devices.filter((d) => d.kind === kind).sort((x, y) => y.base - x.base); // several of a kind: highest address first, as QEMU
  const soc = SOC_ORDER.flatMap((kind) => byKind(kind).map(SOC_NODES[kind]));
  const uart = byKind('uart').at(-1); // the lowest-addressed UART is the console
  const test = byKind('finisher').length > 0;
  const chosen: Record<string, Uint8Array> = {};
  if (b.bootargs !== undefined) chosen.bootargs = str(b.bootargs);
  if (uart) chosen['stdout-path'] = str(`/soc/serial@${unit(uart.base)}`);
  const syscon = (name: string, value: number) =>
    node(name, { value: cells(value), offset: cells(0), regmap: cells(PHANDLE.test), compatible: str(`syscon-${name}`) });
  const cpu = node('cpu@0', {
    phandle: cells(PHANDLE.cpu), device_type: str('cpu'), reg: cells(0), status: str('okay'), compatible: str('riscv'),
    'riscv,isa': str(b.isa), 'mmu-type': str('riscv,sv32'),
  }, [node('interrupt-controller', {
    '#interrupt-cells': cells(1), 'interrupt-controller': empty(), compatible: str('riscv,cpu-intc'), phandle: cells(PHANDLE.intc),
  })]);
  const cpuMap = node('cpu-map', {}, [node('cluster0', {}, [node('core0', { cpu: cells(PHANDLE.cpu) })])]);
  return node('', {
    '#address-cells': cells(2), '#size-cells': cells(2), compatible: str('riscv-virtio'), model: str('riscv-virtio,qemu'),
  }, [
    node('chosen', chosen),
    ...(test ? [syscon('poweroff', 0x5555), syscon('reboot', 0x7777)] : []),
    node(`memory@${unit(b.ramBase)}`, { device_type: str('memory'), reg: reg(b.ramBase, b.ramSize) }),
    node('cpus', { '#address-cells': cells(1), '#size-cells': cells(0), 'timebase-frequency': cells(TIMEBASE_HZ) }, [cpu, cpuMap]),
    node('soc', { '#address-cells': cells(2), '#size-cells': cells(2), compatible: str('simple-bus'), ranges: empty() }, soc),
  ]);
}

/** The flattened device tree (DTB) of a board. */
export function deviceTreeBlob(b: BoardDescription): Uint8Array {
  return encodeFdt(deviceTreeNodes(b));
}

/**
 * Where the device tree goes in RAM, as QEMU 7.2 places it
 * (`riscv_load_fdt`): below the end of RAM, or below 3 GiB if RAM reaches
 * past it, rounded down to 2 MiB.
 */
export function deviceTreeAddress(ramBase: number, ramSize: number, fdtSize: number): number {
  const end = Math.min(ramBase + ramSize, 0xc000_0000);
  const TWO_MIB = 2 * 1024 * 1024;
  return Math.floor((end - fdtSize) / TWO_MIB) * TWO_MIB;
}
