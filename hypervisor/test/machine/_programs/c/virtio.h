/*
 * virtio.h — a small virtio-mmio and virtio-blk driver shared by the test
 * programs: find a disk, bring it up on a legacy (version 1) or modern
 * (version 2) transport with one split queue, and submit requests made
 * of any buffers, polling or not. Written from the virtio 1.2
 * specification (§2.7 split virtqueues, §4.2 virtio-mmio, §5.2 block).
 */
#ifndef VIRTIO_H
#define VIRTIO_H
#include "board.h"

/* virtio-mmio registers (§4.2.2, legacy §4.2.4) */
enum {
  VM_MAGIC = 0x000, VM_VERSION = 0x004, VM_DEVICE_ID = 0x008, VM_VENDOR_ID = 0x00c,
  VM_DEVICE_FEATURES = 0x010, VM_DEVICE_FEATURES_SEL = 0x014, VM_DRIVER_FEATURES = 0x020, VM_DRIVER_FEATURES_SEL = 0x024,
  VM_GUEST_PAGE_SIZE = 0x028, VM_QUEUE_SEL = 0x030, VM_QUEUE_NUM_MAX = 0x034, VM_QUEUE_NUM = 0x038, VM_QUEUE_ALIGN = 0x03c,
  VM_QUEUE_PFN = 0x040, VM_QUEUE_READY = 0x044, VM_QUEUE_NOTIFY = 0x050, VM_INTERRUPT_STATUS = 0x060, VM_INTERRUPT_ACK = 0x064,
  VM_STATUS = 0x070, VM_QUEUE_DESC_LOW = 0x080, VM_QUEUE_DESC_HIGH = 0x084, VM_QUEUE_DRIVER_LOW = 0x090, VM_QUEUE_DRIVER_HIGH = 0x094,
  VM_QUEUE_DEVICE_LOW = 0x0a0, VM_QUEUE_DEVICE_HIGH = 0x0a4, VM_CONFIG_GENERATION = 0x0fc, VM_CONFIG = 0x100,
};
enum { S_ACKNOWLEDGE = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8, S_NEEDS_RESET = 0x40, S_FAILED = 0x80 };
enum { F_RO = 5, F_SCSI = 7, F_FLUSH = 9, F_CONFIG_WCE = 11, F_NOTIFY_ON_EMPTY = 24, F_ANY_LAYOUT = 27, F_INDIRECT = 28, F_EVENT_IDX = 29, F_VERSION_1 = 32 };
enum { D_NEXT = 1, D_WRITE = 2, D_INDIRECT = 4 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_GET_LIFETIME = 10, T_DISCARD = 11, T_WRITE_ZEROES = 13 };
enum { BLK_OK = 0, BLK_IOERR = 1, BLK_UNSUPP = 2 };

#define QSIZE 8

struct desc { uint64_t addr; uint32_t len; uint16_t flags; uint16_t next; };
struct avail { uint16_t flags, idx, ring[QSIZE], used_event; };
struct used_elem { uint32_t id, len; };
struct used { uint16_t flags, idx; struct used_elem ring[QSIZE]; uint16_t avail_event; };
struct blk_req { uint32_t type, reserved; uint64_t sector; };

struct disk {
  uintptr_t base;
  uint32_t version;
  uint32_t features[2];  /* accepted */
  struct desc *desc;
  struct avail *avail;
  struct used *used;
  uint16_t used_seen;    /* the used index the driver has consumed */
  uint16_t avail_idx;
};

/* A buffer of a request: device-writable or not. */
struct buf { void *p; uint32_t len; int write; };

static inline uint32_t vr(struct disk *d, uint32_t off) { return r32(d->base + off); }
static inline void vw(struct disk *d, uint32_t off, uint32_t v) { w32(d->base + off, v); }

/* The first slot whose device id is `id`, or -1. */
int virtio_find(uint32_t id);
/* Bring the device in `slot` up: negotiate `want` & offered (two words), set up queue 0 in `mem` (three pages). */
int virtio_init(struct disk *d, int slot, const uint32_t want[2], uint8_t *mem);
/* Queue a chain of `n` buffers (direct descriptors from index 0, or one indirect table); no notify. */
void virtio_queue(struct disk *d, const struct buf *bufs, int n, int indirect);
/* Notify queue 0. */
void virtio_notify(struct disk *d);
/* Poll until the used index moves; returns the used element's length, or -1 on a timeout. */
int virtio_wait(struct disk *d);
/* One block request, polled: header, data (`len` bytes, `nbufs` pieces), status. Returns the status byte (or 0xee on a timeout). */
int blk_request(struct disk *d, uint32_t type, uint64_t sector, void *data, uint32_t len, int nbufs, int indirect);

uint32_t fnv1a(const void *p, uint32_t n, uint32_t h);

#endif
