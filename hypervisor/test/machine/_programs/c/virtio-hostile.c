/*
 * virtio-hostile.c — a guest that feeds its disk garbage: seeded random
 * descriptors, indirect tables, available rings and indexes, queue sizes
 * and notifies, thousands of times, resetting the device whenever it
 * stops, with interrupts enabled at the PLIC. It counts what it saw and
 * ends with one proper request, which must work. Run on pvlab: the run
 * must end, the same way every time, with no host exception.
 */
#include "virtio.h"

#define ITERATIONS 1500
static uint8_t queue_mem[3 * 4096] __attribute__((aligned(4096)));
static uint8_t buf[4 * 4096] __attribute__((aligned(4096)));
static struct desc table[16];
static uint32_t x = 2463534242u;

static uint32_t rnd(uint32_t n) {
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return x % n;
}

static uint64_t addr(void) {
  switch (rnd(6)) {
  case 0: return (uintptr_t)buf + rnd(sizeof buf);
  case 1: return (uintptr_t)queue_mem + rnd(sizeof queue_mem);
  case 2: return 0x88000000u - rnd(0x100);
  case 3: return rnd(0x3000);
  case 4: return 0x100000000ull + rnd(0x100);
  default: return 0x80000000u + rnd(0x80000);
  }
}

static uint32_t len(void) {
  switch (rnd(5)) {
  case 0: return rnd(40);
  case 1: return 512 * rnd(8);
  case 2: return 0xffffffffu - rnd(8);
  case 3: return 1;
  default: return rnd(1 << 20);
  }
}

int main(void) {
  struct disk d;
  const uint32_t all[2] = {0xffffffffu, 0xffffffffu};
  int slot = virtio_find(2);
  if (slot < 0 || virtio_init(&d, slot, all, queue_mem)) return 1;
  w32(PLIC + 4 * (slot + 1), 1);
  w32(PLIC + 0x2000, 1u << (slot + 1));
  uint32_t resets = 0, completions = 0, needs_reset = 0;
  for (int i = 0; i < ITERATIONS; i++) {
    for (int k = 0; k < QSIZE; k++) d.desc[k] = (struct desc){addr(), len(), (uint16_t)rnd(8), (uint16_t)rnd(12)};
    for (int k = 0; k < 16; k++) table[k] = (struct desc){addr(), len(), (uint16_t)rnd(8), (uint16_t)rnd(20)};
    if (rnd(2)) d.desc[rnd(QSIZE)] = (struct desc){(uintptr_t)table, 16u * rnd(18), (uint16_t)(4 | rnd(2)), 0};
    for (int k = 0; k < 4; k++) ((uint32_t *)buf)[k] = rnd(4) ? rnd(16) : rnd(0xffffffffu);
    for (int k = 0; k < QSIZE; k++) d.avail->ring[k] = (uint16_t)rnd(10);
    if (rnd(2)) { /* half the time a well-formed request at the head, with one thing spoilt or not */
      ((uint32_t *)buf)[0] = rnd(2) ? T_IN : T_OUT;
      ((uint32_t *)buf)[2] = rnd(140);
      d.desc[0] = (struct desc){(uintptr_t)buf, 16, D_NEXT, 1};
      d.desc[1] = (struct desc){(uintptr_t)buf + 4096, 512 * (1 + rnd(4)), (uint16_t)(D_NEXT | (((uint32_t *)buf)[0] == T_IN ? D_WRITE : 0)), 2};
      d.desc[2] = (struct desc){(uintptr_t)buf + 64, 1, D_WRITE, 0};
      for (int k = 0; k < QSIZE; k++) d.avail->ring[k] = 0;
      if (rnd(2)) d.desc[rnd(3)].next = (uint16_t)rnd(12);
    }
    d.avail->flags = (uint16_t)rnd(2);
    uint16_t before = d.used->idx;
    d.avail->idx = (uint16_t)(d.avail->idx + (rnd(4) ? 1 : rnd(12)));
    fence();
    if (rnd(8) == 0) vw(&d, VM_QUEUE_NUM, rnd(1100));
    vw(&d, VM_QUEUE_NOTIFY, rnd(8) ? 0 : rnd(3));
    for (int spin = 0; spin < 600; spin++) fence(); /* longer than the device's latency */
    completions += (uint16_t)(d.used->idx - before);
    vw(&d, VM_INTERRUPT_ACK, vr(&d, VM_INTERRUPT_STATUS));
    uint32_t claim = r32(PLIC + 0x200004);
    if (claim) w32(PLIC + 0x200004, claim);
    if (vr(&d, VM_STATUS) & S_NEEDS_RESET) needs_reset++;
    if (rnd(4) == 0 || (vr(&d, VM_STATUS) & S_NEEDS_RESET)) {
      virtio_init(&d, slot, all, queue_mem);
      resets++;
    }
  }
  printf_("%u iterations: %u completions, %u resets, %u times in DEVICE_NEEDS_RESET\n", ITERATIONS, completions, resets, needs_reset);
  virtio_init(&d, slot, all, queue_mem);
  static uint8_t sector[512];
  int s = blk_request(&d, T_IN, 1, sector, 512, 1, 0);
  printf_("then a proper read: status %d, first byte %u\n", s, sector[0]);
  return s;
}
