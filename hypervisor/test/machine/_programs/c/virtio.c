/*
 * virtio.c — the shared virtio-mmio/virtio-blk driver of the test programs
 * (see virtio.h). Driver initialization follows §3.1.1: reset, ACKNOWLEDGE,
 * DRIVER, features, FEATURES_OK (checked), queue set-up, DRIVER_OK.
 */
#include "virtio.h"

int virtio_find(uint32_t id) {
  for (int n = 0; n < VIRTIO_SLOTS; n++)
    if (r32(VIRTIO0 + n * 0x1000u + VM_MAGIC) == 0x74726976 && r32(VIRTIO0 + n * 0x1000u + VM_DEVICE_ID) == id) return n;
  return -1;
}

int virtio_init(struct disk *d, int slot, const uint32_t want[2], uint8_t *mem) {
  d->base = VIRTIO0 + slot * 0x1000u;
  d->version = vr(d, VM_VERSION);
  vw(d, VM_STATUS, 0);
  vw(d, VM_STATUS, S_ACKNOWLEDGE);
  vw(d, VM_STATUS, S_ACKNOWLEDGE | S_DRIVER);
  for (uint32_t w = 0; w < 2; w++) {
    vw(d, VM_DEVICE_FEATURES_SEL, w);
    d->features[w] = vr(d, VM_DEVICE_FEATURES) & want[w];
    vw(d, VM_DRIVER_FEATURES_SEL, w);
    vw(d, VM_DRIVER_FEATURES, d->features[w]);
  }
  vw(d, VM_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
  if (!(vr(d, VM_STATUS) & S_FEATURES_OK)) return -1;
  vw(d, VM_QUEUE_SEL, 0);
  if (vr(d, VM_QUEUE_NUM_MAX) < QSIZE) return -2;
  memset(mem, 0, 3 * 4096);
  vw(d, VM_QUEUE_NUM, QSIZE);
  if (d->version == 1) {
    /* legacy: the descriptors at the PFN, the available ring after them, the used ring on the next page */
    vw(d, VM_GUEST_PAGE_SIZE, 4096);
    vw(d, VM_QUEUE_ALIGN, 4096);
    vw(d, VM_QUEUE_PFN, (uint32_t)(uintptr_t)mem >> 12);
    d->desc = (struct desc *)mem;
    d->avail = (struct avail *)(mem + QSIZE * sizeof(struct desc));
    d->used = (struct used *)(mem + 4096);
  } else {
    /* modern: anywhere, here the three parts on three pages at odd offsets */
    d->desc = (struct desc *)(mem + 0x40);
    d->avail = (struct avail *)(mem + 4096 + 0x100);
    d->used = (struct used *)(mem + 8192 + 0x80);
    vw(d, VM_QUEUE_DESC_LOW, (uint32_t)(uintptr_t)d->desc);
    vw(d, VM_QUEUE_DESC_HIGH, 0);
    vw(d, VM_QUEUE_DRIVER_LOW, (uint32_t)(uintptr_t)d->avail);
    vw(d, VM_QUEUE_DRIVER_HIGH, 0);
    vw(d, VM_QUEUE_DEVICE_LOW, (uint32_t)(uintptr_t)d->used);
    vw(d, VM_QUEUE_DEVICE_HIGH, 0);
    vw(d, VM_QUEUE_READY, 1);
  }
  d->used_seen = 0;
  d->avail_idx = 0;
  vw(d, VM_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
  return 0;
}

static struct desc indirect_table[16] __attribute__((aligned(16)));

void virtio_queue(struct disk *d, const struct buf *bufs, int n, int indirect) {
  struct desc *t = indirect ? indirect_table : d->desc;
  for (int i = 0; i < n; i++) {
    t[i].addr = (uintptr_t)bufs[i].p;
    t[i].len = bufs[i].len;
    t[i].flags = (bufs[i].write ? D_WRITE : 0) | (i + 1 < n ? D_NEXT : 0);
    t[i].next = (uint16_t)(i + 1);
  }
  if (indirect) {
    d->desc[0].addr = (uintptr_t)indirect_table;
    d->desc[0].len = n * sizeof(struct desc);
    d->desc[0].flags = D_INDIRECT;
    d->desc[0].next = 0;
  }
  d->avail->ring[d->avail_idx % QSIZE] = 0;
  fence();
  d->avail_idx++;
  d->avail->idx = d->avail_idx;
  fence();
}

void virtio_notify(struct disk *d) {
  vw(d, VM_QUEUE_NOTIFY, 0);
}

int virtio_wait(struct disk *d) {
  for (uint32_t spin = 0; spin < 200000000u; spin++) {
    fence();
    if (*(volatile uint16_t *)&d->used->idx != d->used_seen) {
      int len = (int)d->used->ring[d->used_seen % QSIZE].len;
      d->used_seen++;
      return len;
    }
  }
  return -1;
}

static struct blk_req req;
static volatile uint8_t status;

int blk_request(struct disk *d, uint32_t type, uint64_t sector, void *data, uint32_t len, int nbufs, int indirect) {
  struct buf b[6];
  int n = 0, write = type == T_IN || type == T_GET_ID;
  req.type = type;
  req.reserved = 0;
  req.sector = sector;
  b[n++] = (struct buf){&req, sizeof req, 0};
  for (int i = 0; i < nbufs && len; i++) {
    uint32_t piece = i + 1 < nbufs ? len / nbufs : len - (len / nbufs) * (nbufs - 1);
    b[n++] = (struct buf){(uint8_t *)data + (len / nbufs) * i, piece, write};
  }
  status = 0xff;
  b[n++] = (struct buf){(void *)&status, 1, 1};
  virtio_queue(d, b, n, indirect);
  virtio_notify(d);
  if (virtio_wait(d) < 0) return 0xee;
  return status;
}

uint32_t fnv1a(const void *p, uint32_t n, uint32_t h) {
  const uint8_t *q = p;
  while (n--) h = (h ^ *q++) * 16777619u;
  return h;
}
