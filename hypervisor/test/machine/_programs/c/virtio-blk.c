/*
 * virtio-blk.c — a bare-metal, polling virtio-blk driver on whichever
 * transport the board has (legacy or modern): it negotiates, reads the
 * configuration, asks for the id, reads, writes (in several buffers and
 * through an indirect table), flushes, reads back, checks the outcomes of
 * bad requests (past the end, odd lengths, unknown types), discards and
 * zeroes, watches the interrupt status under the event index, and prints
 * checksums. The disk it expects: 64 KiB, sector s filled with
 * (s * 7 + i) & 0xff. Run the same way on QEMU and on pvlab.
 */
#include "virtio.h"

static uint8_t queue_mem[3 * 4096] __attribute__((aligned(4096)));
static uint8_t data[8 * 512];
static uint8_t back[8 * 512];
static char id[24];

static void fill(uint8_t *p, uint32_t n, uint32_t seed) {
  for (uint32_t i = 0; i < n; i++) p[i] = (uint8_t)(seed * 31 + i * 13 + (i >> 9));
}

static const char *status_name(int s) {
  return s == BLK_OK ? "ok" : s == BLK_IOERR ? "ioerr" : s == BLK_UNSUPP ? "unsupp" : s == 0xee ? "timeout" : "?";
}

int main(void) {
  int slot = virtio_find(2);
  if (slot < 0) {
    puts_("no virtio-blk device\n");
    return 1;
  }
  struct disk d;
  const uint32_t want[2] = {(1u << F_FLUSH) | (1u << F_INDIRECT) | (1u << F_EVENT_IDX) | (1u << F_CONFIG_WCE) | (1u << 13) | (1u << 14), 1u << (F_VERSION_1 - 32)};
  int r = virtio_init(&d, slot, want, queue_mem);
  printf_("virtio-blk in slot %d, transport version %u, init %d\n", slot, d.version, r);
  if (r) return 2;
  printf_("accepted features %08x %08x, status %x\n", d.features[0], d.features[1], vr(&d, VM_STATUS));
  uint32_t cap = r32(d.base + VM_CONFIG), cap_hi = r32(d.base + VM_CONFIG + 4);
  printf_("capacity %u sectors (high %u), blk_size %u, seg_max %u, geometry %u/%u/%u, writeback %u\n", cap, cap_hi,
          r32(d.base + VM_CONFIG + 0x14), r32(d.base + VM_CONFIG + 0xc), r16(d.base + VM_CONFIG + 0x10),
          r8(d.base + VM_CONFIG + 0x12), r8(d.base + VM_CONFIG + 0x13), r8(d.base + VM_CONFIG + 0x20));

  memset(id, 0, sizeof id);
  int s = blk_request(&d, T_GET_ID, 0, id, 20, 1, 0);
  printf_("get-id: %s '%s'\n", status_name(s), id);

  s = blk_request(&d, T_IN, 0, back, 4 * 512, 1, 0);
  printf_("read sectors 0-3: %s, checksum %08x\n", status_name(s), fnv1a(back, 4 * 512, 2166136261u));
  int pattern = 1;
  for (uint32_t i = 0; i < 4 * 512; i++) pattern &= back[i] == (uint8_t)((i / 512) * 7 + (i % 512));
  printf_("  the image's pattern: %s\n", pattern ? "yes" : "no");

  fill(data, sizeof data, 1);
  s = blk_request(&d, T_OUT, 8, data, 8 * 512, 3, 0);
  printf_("write sectors 8-15 in 3 buffers: %s\n", status_name(s));
  s = blk_request(&d, T_FLUSH, 0, 0, 0, 0, 0);
  printf_("flush: %s\n", status_name(s));
  memset(back, 0, sizeof back);
  s = blk_request(&d, T_IN, 8, back, 8 * 512, 4, 0);
  printf_("read them back in 4 buffers: %s, %s, checksum %08x\n", status_name(s), memcmp(back, data, sizeof data) ? "different" : "same",
          fnv1a(back, sizeof back, 2166136261u));

  int indirect = (d.features[0] >> F_INDIRECT) & 1;
  fill(data, sizeof data, 2);
  s = blk_request(&d, T_OUT, 100, data, 4 * 512, 2, indirect);
  memset(back, 0, sizeof back);
  int s2 = blk_request(&d, T_IN, 100, back, 4 * 512, 2, indirect);
  printf_("write and read sectors 100-103%s: %s %s, %s\n", indirect ? " through an indirect table" : "", status_name(s), status_name(s2),
          memcmp(back, data, 4 * 512) ? "different" : "same");

  printf_("read sector %u (past the end): %s\n", cap, status_name(blk_request(&d, T_IN, cap, back, 512, 1, 0)));
  printf_("read sectors %u-%u (straddling the end): %s\n", cap - 1, cap, status_name(blk_request(&d, T_IN, cap - 1, back, 1024, 1, 0)));
  printf_("read 511 bytes: %s\n", status_name(blk_request(&d, T_IN, 0, back, 511, 1, 0)));
  printf_("request type 99: %s\n", status_name(blk_request(&d, 99, 0, back, 512, 1, 0)));
  printf_("get-lifetime: %s\n", status_name(blk_request(&d, T_GET_LIFETIME, 0, back, 512, 1, 0)));
  struct { uint64_t sector; uint32_t num, flags; } seg = {20, 2, 0};
  printf_("write-zeroes sectors 20-21: %s\n", status_name(blk_request(&d, T_WRITE_ZEROES, 0, &seg, sizeof seg, 1, 0)));
  seg.sector = 24;
  seg.flags = 1;
  printf_("discard with UNMAP: %s\n", status_name(blk_request(&d, T_DISCARD, 0, &seg, sizeof seg, 1, 0)));
  seg.flags = 0;
  printf_("discard sectors 24-25: %s\n", status_name(blk_request(&d, T_DISCARD, 0, &seg, sizeof seg, 1, 0)));
  s = blk_request(&d, T_IN, 20, back, 6 * 512, 1, 0);
  uint32_t nonzero = 0;
  for (uint32_t i = 0; i < 6 * 512; i++) nonzero += back[i] != 0;
  printf_("sectors 20-25 after them: %s, %u non-zero bytes (in 22-23 and 26-27... of 20-25)\n", status_name(s), nonzero);

  /* The interrupt status: bit 0 after each completion the ring asked an interrupt for. */
  vw(&d, VM_INTERRUPT_ACK, vr(&d, VM_INTERRUPT_STATUS));
  printf_("interrupt status after ack: %x\n", vr(&d, VM_INTERRUPT_STATUS));
  if ((d.features[0] >> F_EVENT_IDX) & 1) {
    d.avail->used_event = (uint16_t)(d.used_seen + 1); /* an interrupt once the used index passes this */
    blk_request(&d, T_IN, 0, back, 512, 1, 0);
    printf_("event index: after one request %x", vr(&d, VM_INTERRUPT_STATUS));
    blk_request(&d, T_IN, 0, back, 512, 1, 0);
    printf_(", after two %x; avail_event %u, avail idx %u\n", vr(&d, VM_INTERRUPT_STATUS), d.used->avail_event, d.avail->idx);
  } else {
    d.avail->flags = 1; /* VIRTQ_AVAIL_F_NO_INTERRUPT */
    blk_request(&d, T_IN, 0, back, 512, 1, 0);
    printf_("no-interrupt flag: after a request %x\n", vr(&d, VM_INTERRUPT_STATUS));
    d.avail->flags = 0;
    blk_request(&d, T_IN, 0, back, 512, 1, 0);
    printf_("flag cleared: after a request %x\n", vr(&d, VM_INTERRUPT_STATUS));
  }

  /* Code read from the disk runs: a function, run once, is overwritten by a read (DMA) and run again. */
  static uint32_t code[128] __attribute__((aligned(512)));
  code[0] = 0x00700513; /* li a0, 7 */
  code[1] = 0x00008067; /* ret */
  __asm__ volatile("fence.i" ::: "memory");
  int before = ((int (*)(void))(uintptr_t)code)();
  static uint32_t sector[128] __attribute__((aligned(512)));
  sector[0] = 0x02a00513; /* li a0, 42 */
  sector[1] = 0x00008067; /* ret */
  blk_request(&d, T_OUT, 30, sector, 512, 1, 0);
  s = blk_request(&d, T_IN, 30, code, 512, 1, 0);
  __asm__ volatile("fence.i" ::: "memory");
  printf_("code loaded from the disk: %s, the function returned %d before and %d after\n", status_name(s), before, ((int (*)(void))(uintptr_t)code)());

  /* the whole disk, as the device has it now */
  uint32_t h = 2166136261u;
  for (uint32_t sec = 0; sec < cap; sec += 8) {
    if (blk_request(&d, T_IN, sec, back, 8 * 512, 1, 0) != BLK_OK) return 3;
    h = fnv1a(back, 8 * 512, h);
  }
  printf_("whole disk checksum %08x\n", h);
  vw(&d, VM_STATUS, 0);
  printf_("after reset: status %x, interrupt status %x\n", vr(&d, VM_STATUS), vr(&d, VM_INTERRUPT_STATUS));
  return 0;
}
