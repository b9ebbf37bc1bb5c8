/*
 * virtio-persist.c — writes sectors 40-47 ((i * 5 + 3) & 0xff), flushes,
 * says "flushed" and spins forever: the test kills the emulator then and
 * requires the sectors in the image file.
 */
#include "virtio.h"

static uint8_t queue_mem[3 * 4096] __attribute__((aligned(4096)));
static uint8_t data[8 * 512];

int main(void) {
  struct disk d;
  const uint32_t want[2] = {1u << F_FLUSH, 1u << (F_VERSION_1 - 32)};
  int slot = virtio_find(2);
  if (slot < 0 || virtio_init(&d, slot, want, queue_mem)) return 1;
  for (uint32_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 5 + 3);
  int w = blk_request(&d, T_OUT, 40, data, sizeof data, 2, 0);
  int f = blk_request(&d, T_FLUSH, 0, 0, 0, 0, 0);
  printf_("write %d, flush %d: flushed\n", w, f);
  for (;;) {}
}
