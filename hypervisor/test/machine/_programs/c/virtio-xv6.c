/*
 * virtio-xv6.c — a disk driver written the way xv6-riscv's virtio_disk.c
 * (legacy interface) is, standing in for an unmodified teaching OS:
 *
 * - M-mode opens all memory to S-mode with PMP entry 0, delegates every
 *   exception and interrupt, and mrets to S-mode, as xv6's start.c;
 * - S-mode enables PLIC source 1 for its context (priority 1, threshold 0),
 *   negotiates the legacy device with xv6's feature mask, sets up an 8-entry
 *   queue with GuestPageSize/QueueNum/QueuePFN, and does each block read or
 *   write with three descriptors (header, 1024 bytes of data, status);
 * - it sleeps in wfi until the interrupt handler — claim, virtio_disk_intr,
 *   complete — has seen the request in the used ring, and like the OS this
 *   program stands in for, it never writes InterruptACK.
 *
 * On QEMU 7.2 that takes exactly one interrupt per request: each completion
 * reports the line high once, and completing the claim does not make the
 * source pending again. The program prints how many it took.
 */
#include "virtio.h"

#define BSIZE 1024
#define PLIC_PRIORITY(id) (PLIC + 4 * (id))
#define PLIC_SENABLE (PLIC + 0x2080)
#define PLIC_STHRESHOLD (PLIC + 0x201000)
#define PLIC_SCLAIM (PLIC + 0x201004)
#define VIRTIO0_IRQ 1
#define SSTATUS_SIE 2u
#define SIE_SEIE (1u << 9)
#define SCAUSE_SEI 0x80000009u

static uint8_t pages[2 * 4096] __attribute__((aligned(4096)));
static struct {
  struct desc *desc;
  struct avail *avail;
  struct used *used;
  uint8_t free[QSIZE];
  uint16_t used_idx;
  struct { volatile int done; uint8_t status; } info[QSIZE];
  struct blk_req ops[QSIZE];
} disk;
static volatile uint32_t interrupts, other_traps;
static uint8_t block[4][BSIZE], check[BSIZE];

static void virtio_disk_init(void) {
  uintptr_t b = VIRTIO0;
  if (r32(b + VM_MAGIC) != 0x74726976 || r32(b + VM_VERSION) != 1 || r32(b + VM_DEVICE_ID) != 2 || r32(b + VM_VENDOR_ID) != 0x554d4551) {
    puts_("could not find virtio disk\n");
    finish(1);
  }
  uint32_t status = 0;
  w32(b + VM_STATUS, status |= S_ACKNOWLEDGE);
  w32(b + VM_STATUS, status |= S_DRIVER);
  uint32_t features = r32(b + VM_DEVICE_FEATURES);
  features &= ~(1u << F_RO);
  features &= ~(1u << F_SCSI);
  features &= ~(1u << F_CONFIG_WCE);
  features &= ~(1u << 12); /* VIRTIO_BLK_F_MQ */
  features &= ~(1u << F_ANY_LAYOUT);
  features &= ~(1u << F_EVENT_IDX);
  features &= ~(1u << F_INDIRECT);
  w32(b + VM_DRIVER_FEATURES, features);
  w32(b + VM_STATUS, status |= S_FEATURES_OK);
  w32(b + VM_STATUS, status |= S_DRIVER_OK);
  w32(b + VM_GUEST_PAGE_SIZE, 4096);
  w32(b + VM_QUEUE_SEL, 0);
  uint32_t max = r32(b + VM_QUEUE_NUM_MAX);
  if (max == 0 || max < QSIZE) {
    puts_("virtio disk has no queue 0\n");
    finish(1);
  }
  w32(b + VM_QUEUE_NUM, QSIZE);
  memset(pages, 0, sizeof pages);
  w32(b + VM_QUEUE_PFN, (uint32_t)(uintptr_t)pages >> 12);
  disk.desc = (struct desc *)pages;
  disk.avail = (struct avail *)(pages + QSIZE * sizeof(struct desc));
  disk.used = (struct used *)(pages + 4096);
  for (int i = 0; i < QSIZE; i++) disk.free[i] = 1;
  printf_("virtio disk: features %08x, queue max %u\n", features, max);
}

static int alloc_desc(void) {
  for (int i = 0; i < QSIZE; i++)
    if (disk.free[i]) {
      disk.free[i] = 0;
      return i;
    }
  return -1;
}

/* Queue one block request (3 descriptors); returns the head. */
static int submit(uint32_t blockno, uint8_t *data, int write) {
  int idx[3];
  for (int i = 0; i < 3; i++)
    if ((idx[i] = alloc_desc()) < 0) finish(2);
  struct blk_req *op = &disk.ops[idx[0]];
  op->type = write ? T_OUT : T_IN;
  op->reserved = 0;
  op->sector = blockno * (BSIZE / 512);
  disk.desc[idx[0]] = (struct desc){(uintptr_t)op, sizeof *op, D_NEXT, (uint16_t)idx[1]};
  disk.desc[idx[1]] = (struct desc){(uintptr_t)data, BSIZE, (uint16_t)((write ? 0 : D_WRITE) | D_NEXT), (uint16_t)idx[2]};
  disk.info[idx[0]].status = 0xff;
  disk.info[idx[0]].done = 0;
  disk.desc[idx[2]] = (struct desc){(uintptr_t)&disk.info[idx[0]].status, 1, D_WRITE, 0};
  disk.avail->ring[disk.avail->idx % QSIZE] = (uint16_t)idx[0];
  fence();
  disk.avail->idx += 1;
  fence();
  return idx[0];
}

static void free_chain(int head) {
  int i = head;
  for (;;) {
    disk.free[i] = 1;
    if (!(disk.desc[i].flags & D_NEXT)) break;
    i = disk.desc[i].next;
  }
}

/* Sleep until request `head` is done: interrupts off to test, wfi, on to take the interrupt. */
static void sleep_on(int head) {
  for (;;) {
    csr_clear(sstatus, SSTATUS_SIE);
    if (disk.info[head].done) break;
    __asm__ volatile("wfi");
    csr_set(sstatus, SSTATUS_SIE);
  }
  csr_set(sstatus, SSTATUS_SIE);
}

static int disk_rw(uint32_t blockno, uint8_t *data, int write) {
  int head = submit(blockno, data, write);
  w32(VIRTIO0 + VM_QUEUE_NOTIFY, 0);
  sleep_on(head);
  int status = disk.info[head].status;
  free_chain(head);
  return status;
}

/* xv6's virtio_disk_intr, without the InterruptACK write. */
static void virtio_disk_intr(void) {
  while (disk.used_idx != *(volatile uint16_t *)&disk.used->idx) {
    fence();
    int id = (int)disk.used->ring[disk.used_idx % QSIZE].id;
    disk.info[id].done = 1;
    disk.used_idx += 1;
  }
}

void __attribute__((interrupt("supervisor"), aligned(4))) kernelvec(void) {
  uint32_t scause = csr_read(scause);
  if (scause != SCAUSE_SEI) {
    other_traps++;
    printf_("unexpected S-mode trap: scause %x sepc %x\n", scause, csr_read(sepc));
    finish(3);
  }
  uint32_t irq = r32(PLIC_SCLAIM);
  if (irq == VIRTIO0_IRQ) {
    interrupts++;
    virtio_disk_intr();
  } else if (irq) {
    printf_("unexpected interrupt %u\n", irq);
  }
  if (irq) w32(PLIC_SCLAIM, irq);
}

static void s_main(void) {
  csr_write(stvec, (uintptr_t)kernelvec);
  w32(PLIC_PRIORITY(VIRTIO0_IRQ), 1);
  w32(PLIC_SENABLE, 1u << VIRTIO0_IRQ);
  w32(PLIC_STHRESHOLD, 0);
  csr_set(sie, SIE_SEIE);
  csr_set(sstatus, SSTATUS_SIE);
  virtio_disk_init();

  for (uint32_t k = 0; k < 4; k++)
    for (uint32_t i = 0; i < BSIZE; i++) block[k][i] = (uint8_t)(k * 41 + i * 3);
  int bad = 0;
  for (uint32_t k = 0; k < 4; k++) bad |= disk_rw(10 + k, block[k], 1);
  for (uint32_t k = 0; k < 4; k++) {
    memset(check, 0, BSIZE);
    bad |= disk_rw(10 + k, check, 0);
    bad |= memcmp(check, block[k], BSIZE) != 0;
  }
  uint32_t h = 2166136261u;
  for (uint32_t k = 0; k < 32; k++) {
    bad |= disk_rw(k, check, 0);
    h = fnv1a(check, BSIZE, h);
  }
  printf_("40 requests (4 writes, 4 reads, the 32 blocks of the disk): %s, checksum %08x\n", bad ? "errors" : "all ok", h);
  printf_("disk interrupts taken: %u\n", interrupts);

  /* Two requests in flight at once, one notify: both complete (interrupt counts here depend on timing). */
  int a = submit(40, block[0], 1), b2 = submit(41, block[1], 1);
  w32(VIRTIO0 + VM_QUEUE_NOTIFY, 0);
  sleep_on(a);
  sleep_on(b2);
  printf_("two at once: %s\n", disk.info[a].status == 0 && disk.info[b2].status == 0 ? "both ok" : "errors");
  free_chain(a);
  free_chain(b2);
  printf_("interrupt status never acknowledged: %x\n", r32(VIRTIO0 + VM_INTERRUPT_STATUS));
  finish(bad ? 4 : 0);
}

int main(void) {
  csr_write(pmpaddr0, 0xffffffffu);
  csr_write(pmpcfg0, 0xf); /* TOR, R W X: all memory to S-mode */
  csr_write(medeleg, 0xffff);
  csr_write(mideleg, 0xffff);
  csr_write(satp, 0);
  uint32_t mstatus = csr_read(mstatus);
  mstatus = (mstatus & ~(3u << 11)) | (1u << 11); /* MPP = S */
  csr_write(mstatus, mstatus);
  csr_write(mepc, (uintptr_t)s_main);
  __asm__ volatile("mret");
  return 99;
}
