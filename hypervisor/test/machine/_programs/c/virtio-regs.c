/*
 * virtio-regs.c — the virtio-mmio transport as a driver sees it before it
 * drives anything: the eight slots (magic, version, device and vendor id),
 * then the first device found — its features by selector, queue sizes,
 * status, interrupt status, config generation and config space (as bytes
 * and words, and past its end), reads of write-only and unknown offsets,
 * wrong-width accesses, offsets past the register window, and a reset.
 * Run the same way on QEMU (legacy and modern transports) and on pvlab.
 */
#include "board.h"

#define SLOT(n) (VIRTIO0 + (n) * 0x1000u)

static void show(const char *what, uintptr_t a) {
  uint32_t v;
  int c = probe_r32(a, &v);
  if (c >= 0) printf_("  %s (+%x): fault %d\n", what, (uint32_t)(a & 0xfff), c);
  else printf_("  %s (+%x): %08x\n", what, (uint32_t)(a & 0xfff), v);
}

int main(void) {
  int disk = -1;
  for (int n = 0; n < VIRTIO_SLOTS; n++) {
    uintptr_t b = SLOT(n);
    printf_("slot %d @%x: magic %08x version %u device %u vendor %08x\n", n, (uint32_t)b, r32(b), r32(b + 4), r32(b + 8), r32(b + 0xc));
    if (r32(b + 8) != 0 && disk < 0) disk = n;
  }
  show("empty slot 7 features", SLOT(7) + 0x10);
  show("empty slot 7 status", SLOT(7) + 0x70);
  w32(SLOT(7) + 0x70, 0xff);
  show("empty slot 7 status after a write", SLOT(7) + 0x70);
  if (disk < 0) {
    puts_("no device\n");
    return 0;
  }
  uintptr_t b = SLOT(disk);
  uint32_t version = r32(b + 4);
  printf_("device in slot %d, version %u\n", disk, version);
  for (uint32_t sel = 0; sel < 3; sel++) {
    w32(b + 0x14, sel);
    printf_("  features[%u] = %08x\n", sel, r32(b + 0x10));
  }
  show("status", b + 0x70);
  show("interrupt status", b + 0x60);
  show("config generation", b + 0xfc);
  for (uint32_t q = 0; q < 3; q++) {
    w32(b + 0x30, q);
    printf_("  queue %u: max %u pfn %x ready %u\n", q, r32(b + 0x34), r32(b + 0x40), r32(b + 0x44));
  }
  w32(b + 0x30, 0);
  puts_("  config bytes:");
  for (uint32_t o = 0; o < 0x40; o++) printf_("%s%02x", o % 16 ? " " : "\n   ", r8(b + 0x100 + o));
  puts_("\n  config words:");
  for (uint32_t o = 0; o < 0x40; o += 4) printf_("%s%08x", o % 16 ? " " : "\n   ", r32(b + 0x100 + o));
  printf_("\n  config halves at 0, 2, 0x14: %x %x %x\n", r16(b + 0x100), r16(b + 0x102), r16(b + 0x114));
  show("config past its end", b + 0x100 + 0x80);
  show("config at 0x1fc", b + 0x1fc);
  const uint32_t write_only[] = {0x14, 0x20, 0x24, 0x28, 0x30, 0x38, 0x3c, 0x50, 0x64, 0x80, 0x84, 0x90, 0x94, 0xa0, 0xa4};
  for (unsigned i = 0; i < sizeof write_only / sizeof write_only[0]; i++) show("write-only", b + write_only[i]);
  const uint32_t unknown[] = {0x18, 0x2c, 0x48, 0x54, 0x68, 0x74, 0xa8, 0xac, 0xb0, 0xb4, 0xb8, 0xbc, 0xc0, 0xf8};
  for (unsigned i = 0; i < sizeof unknown / sizeof unknown[0]; i++) show("unknown", b + unknown[i]);
  printf_("  magic as a byte, a half: %x %x\n", r8(b), r16(b));
  show("past the window", b + 0x200);
  show("end of the slot", b + 0xffc);
  /* a queue's set-up reads back: QueueNum/QueuePFN (legacy), QueueReady (modern); QueueReset */
  w32(b + 0x30, 0);
  w32(b + 0x38, 8);
  if (version == 1) {
    w32(b + 0x28, 4096);
    w32(b + 0x40, 0x80100);
    printf_("  queue 0 after QueuePFN 0x80100: pfn %x\n", r32(b + 0x40));
    w32(b + 0x40, 0);
    printf_("  queue 0 after QueuePFN 0: pfn %x\n", r32(b + 0x40));
  } else {
    w32(b + 0x80, 0x80100000);
    w32(b + 0x90, 0x80100080);
    w32(b + 0xa0, 0x80101000);
    w32(b + 0x44, 1);
    printf_("  queue 0 after QueueReady 1: ready %u\n", r32(b + 0x44));
    w32(b + 0xc0, 1);
    printf_("  after QueueReset 1: ready %u, reset reads %x\n", r32(b + 0x44), r32(b + 0xc0));
    w32(b + 0x44, 0);
    printf_("  after QueueReady 0: ready %u\n", r32(b + 0x44));
  }
  /* status bits stick as written; 0 resets */
  w32(b + 0x70, 1);
  w32(b + 0x70, 3);
  show("status after ACKNOWLEDGE|DRIVER", b + 0x70);
  w32(b + 0x24, 0);
  w32(b + 0x20, 0xffffffff);
  w32(b + 0x24, 1);
  w32(b + 0x20, 0xffffffff);
  w32(b + 0x70, 0xb);
  show("status after FEATURES_OK with every feature asked", b + 0x70);
  w32(b + 0x70, 0);
  show("status after reset", b + 0x70);
  /* the reset ROM, which is QEMU's MROM */
  puts_("reset ROM:");
  for (uint32_t a = 0x1000; a < 0x1040; a += 4) printf_("%s%08x", (a & 0xf) ? " " : "\n  ", r32(a));
  putc_('\n');
  uint32_t before = r32(0x1000);
  int c = probe_w32(0x1000, 0x12345678);
  printf_("  store to the ROM: %s, word now %s\n", c < 0 ? "no fault" : "fault", r32(0x1000) == before ? "unchanged" : "changed");
  show("ROM, last word", 0xfffc);
  show("past the ROM", 0x10000);
  printf_("  ROM bytes and halves: %x %x %x\n", r8(0x1000), r8(0x1003), r16(0x1002));
  return 0;
}
