/**
 * Numbers of the virtio specification (OASIS virtio 1.2; the legacy
 * interface of virtio 0.9.5 where marked) that the transport, the rings
 * and the devices share.
 */

/** "virt", the first register of every virtio-mmio slot (§4.2.2). */
export const VIRTIO_MAGIC = 0x7472_6976;
/** QEMU's vendor id ("QEMU"), what its slots answer. */
export const VIRTIO_VENDOR_QEMU = 0x554d_4551;
/** The transport versions: 1 legacy (§4.2.4), 2 modern (§4.2.2). */
export const VIRTIO_MMIO_VERSION = { legacy: 1, modern: 2 } as const;

/** Device ids (§5): 0 is "no device", what an empty slot reads. */
export const VIRTIO_ID = { none: 0, net: 1, block: 2 } as const;

/** Device status bits (§2.1). */
export const VIRTIO_STATUS = {
  acknowledge: 1,
  driver: 2,
  driverOk: 4,
  featuresOk: 8,
  needsReset: 0x40,
  failed: 0x80,
} as const;

/** Transport and ring feature bits (§6), as bit numbers. */
export const VIRTIO_F = {
  notifyOnEmpty: 24, // legacy only
  anyLayout: 27, // legacy only
  indirectDesc: 28,
  eventIdx: 29,
  version1: 32,
  ringReset: 40,
} as const;

/** Interrupt status bits (§4.2.2, InterruptStatus). */
export const VIRTIO_ISR = { used: 1, config: 2 } as const;

/** Descriptor flags (§2.7.5). */
export const VIRTQ_DESC_F = { next: 1, write: 2, indirect: 4 } as const;
/** Available ring flags (§2.7.6): the driver asks for no interrupts. */
export const VIRTQ_AVAIL_F_NO_INTERRUPT = 1;
/** Bytes of one descriptor: addr (u64), len (u32), flags (u16), next (u16). */
export const VIRTQ_DESC_SIZE = 16;

/**
 * The largest queue size: what QEMU 7.2 answers in QueueNumMax for every
 * queue that exists (VIRTQUEUE_MAX_SIZE), and so the largest a driver may set.
 */
export const VIRTQUEUE_MAX_SIZE = 1024;

/** The legacy ring alignment and guest page size defaults (§4.2.4; QEMU: VIRTIO_PCI_VRING_ALIGN). */
export const VIRTIO_LEGACY_ALIGN = 4096;

/** The registers' window inside a slot: QEMU maps 0x200 bytes; above it, accesses fault. */
export const VIRTIO_MMIO_WINDOW = 0x200;
/** Where the device-specific configuration space starts. */
export const VIRTIO_MMIO_CONFIG = 0x100;

/** A feature bit set in a pair of 32-bit words (bits 0..31, 32..63). */
export function featureWords(...bits: readonly number[]): [number, number] {
  const w: [number, number] = [0, 0];
  for (const b of bits) w[b >>> 5] = (w[b >>> 5] | (1 << (b & 31))) >>> 0;
  return w;
}

/** Whether bit `bit` is set in a pair of words. */
export function hasFeature(words: readonly number[], bit: number): boolean {
  return ((words[bit >>> 5] >>> (bit & 31)) & 1) === 1;
}
