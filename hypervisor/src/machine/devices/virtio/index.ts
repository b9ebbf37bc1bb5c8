/**
 * virtio: the virtio-mmio transport (QEMU virt's eight slots), split
 * virtqueues, virtio-blk and its host backends. See ../README.md.
 */
export * from './constants.js';
export { GuestMemory, VirtioError, type DmaRam } from './guest-memory.js';
export { SplitQueue, type Buffer, type Chain, type QueueLayout, type RingFeatures } from './virtqueue.js';
export type { VirtioDevice, VirtioPort } from './device.js';
export { NOTIFY_LATENCY, VIRTIO_MMIO_BASE, VIRTIO_MMIO_FIRST_IRQ, VIRTIO_MMIO_SLOTS, VIRTIO_MMIO_SLOT_SIZE, VirtioMmio, type VirtioMmioOptions } from './mmio-transport.js';
export {
  BLK_CONFIG, BLK_MAX_DWZ_SECTORS, BLK_MAX_PER_CALL, BLK_MAX_REQUEST, BLK_QUEUE_SIZE, SECTOR, VIRTIO_BLK_F, VIRTIO_BLK_ID_BYTES, VIRTIO_BLK_S, VIRTIO_BLK_T,
  VirtioBlk, type VirtioBlkOptions,
} from './blk.js';
export { BackendError, ImageFile, MemoryDisk, type BlockBackend } from './block-backend.js';
