/**
 * virtio: the virtio-mmio transport (QEMU virt's eight slots), split
 * virtqueues, virtio-blk and virtio-net and their host backends. See ../README.md.
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
export {
  DEFAULT_MAC, NET_BACKLOG, NET_CONFIG, NET_FRAME_MAX, NET_QUEUE_SIZE, NET_RXQ, NET_TXQ, NET_TX_PER_CALL, VIRTIO_NET_F, VIRTIO_NET_S_LINK_UP,
  VirtioNet, macText, parseMac, type VirtioNetOptions,
} from './net.js';
export type { NetBackend, NetWire } from './net-backend.js';
export { DISCARD_PORT, ECHO_IN_FLIGHT, ECHO_LATENCY, ECHO_MAC, EchoPeer, inetChecksum, reflect } from './net-echo.js';
export { SWITCH_IN_FLIGHT, SWITCH_LATENCY, SWITCH_MACS, VirtualSwitch, type SwitchCounts } from './net-switch.js';
export { DgramSocket, LOOPBACK_HOSTS, parseDgramEnd, type DgramEnd } from './net-dgram.js';
