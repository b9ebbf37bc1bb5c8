/*
 * mini-os.c — a stand-in for the class of software issue 15 is judged on:
 * a small teaching OS built for qemu-system-riscv32 -machine virt with
 * gcc's defaults (rv32imac: compressed code throughout, when built as
 * mini-os.rvc.elf), nothing pvlab-specific in it.
 *
 * M-mode (crt0.s, then main with the reset ROM's a0 and a1): PMP entry 0
 * over all memory if the hart has PMP (it probes pmpcfg0: QEMU's pmp=false
 * and pvlab's --pmp 0 have none, and an OS written for them sets none up),
 * every exception and interrupt delegated, mret to S-mode.
 *
 * S-mode: finds the block device through the device tree at a1 (the
 * "virtio,mmio" nodes: reg, interrupts), turns on Sv32 (RAM and devices in
 * megapages, a two-level table for the finisher and the user's pages),
 * takes traps on its own vector (sscratch holds the trap stack), brings the
 * legacy virtio-blk device up (GuestPageSize, QueuePFN), reads sectors with
 * interrupts through the PLIC — sleeping in wfi — and acknowledges them as
 * a careful driver does. Then it runs a user program in U-mode: system
 * calls (write, disk checksum, exit) and, last, a load from an unmapped
 * page, which the kernel reports before it shuts down.
 */
#include "virtio.h"

#define SSTATUS_SIE (1u << 1)
#define SSTATUS_SPP (1u << 8)
#define SSTATUS_SUM (1u << 18)
#define SIE_SEIE (1u << 9)
#define PTE_V 1u
#define PTE_R 2u
#define PTE_W 4u
#define PTE_X 8u
#define PTE_U 16u
#define PTE_A 64u
#define PTE_D 128u
#define PLIC_SENABLE (PLIC + 0x2080)
#define PLIC_STHRESHOLD (PLIC + 0x201000)
#define PLIC_SCLAIM (PLIC + 0x201004)
#define USER_VA 0x00010000u
#define SYS_WRITE 1
#define SYS_DISKSUM 2
#define SYS_EXIT 3

static uint32_t root[1024] __attribute__((aligned(4096)));
static uint32_t low[1024] __attribute__((aligned(4096)));   /* VA 0..4 MiB: the finisher, the user */
static uint8_t user_stack[4096] __attribute__((aligned(4096)));
static uint8_t queue_mem[3 * 4096] __attribute__((aligned(4096)));
static uint8_t sector[4][512];
static struct disk disk;
static uint32_t disk_irq, irqs_taken, disk_sum;
static uint8_t kernel_stack[2048] __attribute__((aligned(16)));
static const uint8_t *fdt;

/* The user program: position-independent, one page, mapped at USER_VA (code and its data). */
extern char user_start[], user_end[];
__asm__(
  "  .section .text.user, \"ax\"\n"
  "  .balign 4096\n"
  "user_start:\n"
  "  la a0, 1f\n"
  "  li a1, 18\n"
  "  li a7, 1\n"                      /* write("hello from U-mode\n") */
  "  ecall\n"
  "  li a7, 2\n"                      /* disk checksum, into a0 */
  "  ecall\n"
  "  mv s0, a0\n"
  "  li t0, 0x00500000\n"             /* unmapped: a load page fault the kernel reports */
  "  lw t1, 0(t0)\n"
  "  mv a0, s0\n"
  "  li a7, 3\n"                      /* exit (not reached) */
  "  ecall\n"
  "1: .ascii \"hello from U-mode\\n\"\n"
  "  .balign 4096\n"
  "user_end:\n"
  "  .text\n");

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* The virtio-mmio nodes of the device tree, in its order: base and PLIC source. */
static int virtio_nodes(uint32_t base[], uint32_t irq[], int max) {
  if (be32(fdt) != 0xd00dfeed) return -1;
  const uint8_t *s = fdt + be32(fdt + 8);
  const char *strings = (const char *)fdt + be32(fdt + 12);
  int n = 0, virtio = 0;
  uint32_t reg = 0, intr = 0;
  for (;;) {
    uint32_t tok = be32(s);
    s += 4;
    if (tok == 1) { /* FDT_BEGIN_NODE: the name, padded */
      s += (strlen((const char *)s) + 4) & ~3u;
      virtio = 0;
    } else if (tok == 3) { /* FDT_PROP: length, name offset, value */
      uint32_t len = be32(s);
      const char *name = strings + be32(s + 4);
      const uint8_t *v = s + 8;
      s += 8 + ((len + 3) & ~3u);
      if (!strcmp(name, "compatible")) virtio = !strcmp((const char *)v, "virtio,mmio");
      else if (!strcmp(name, "reg") && len >= 8) reg = be32(v + 4); /* #address-cells = 2 under /soc */
      else if (!strcmp(name, "interrupts") && len >= 4) intr = be32(v);
    } else if (tok == 2) { /* FDT_END_NODE */
      if (virtio && n < max) base[n] = reg, irq[n] = intr, n++;
      virtio = 0;
    } else if (tok != 4) break; /* FDT_END */
  }
  return n;
}

static void map_mega(uint32_t va, uint32_t pa, uint32_t perm) { root[va >> 22] = (pa >> 2) | perm | PTE_V | PTE_A | PTE_D; }
static void map_page(uint32_t va, uint32_t pa, uint32_t perm) { low[(va >> 12) & 1023] = (pa >> 2) | perm | PTE_V | PTE_A | PTE_D; }

static void vm_init(void) {
  for (uint32_t a = 0x80000000u; a < 0x88000000u; a += 0x400000u) map_mega(a, a, PTE_R | PTE_W | PTE_X);
  map_mega(UART0, UART0, PTE_R | PTE_W); /* the UART and the eight virtio-mmio slots */
  map_mega(PLIC, PLIC, PTE_R | PTE_W);
  map_mega(PLIC + 0x400000u, PLIC + 0x400000u, PTE_R | PTE_W);
  root[0] = ((uint32_t)(uintptr_t)low >> 2) | PTE_V;
  map_page(FINISHER, FINISHER, PTE_R | PTE_W);
  map_page(USER_VA, (uint32_t)(uintptr_t)user_start, PTE_R | PTE_X | PTE_U);
  map_page(USER_VA + 0x1000u, (uint32_t)(uintptr_t)user_stack, PTE_R | PTE_W | PTE_U);
  __asm__ volatile("sfence.vma");
  csr_write(satp, 0x80000000u | ((uint32_t)(uintptr_t)root >> 12));
  __asm__ volatile("sfence.vma");
}

/* A request, sleeping until its interrupt: the used ring is checked with interrupts off, then wfi. */
static int read_sector(uint32_t s, uint8_t *buf) {
  static struct blk_req req;
  static volatile uint8_t status;
  req = (struct blk_req){T_IN, 0, s};
  status = 0xff;
  const struct buf b[3] = {{&req, sizeof req, 0}, {buf, 512, 1}, {(void *)&status, 1, 1}};
  virtio_queue(&disk, b, 3, 0);
  virtio_notify(&disk);
  for (;;) {
    csr_clear(sstatus, SSTATUS_SIE);
    if (*(volatile uint16_t *)&disk.used->idx != disk.used_seen) break;
    __asm__ volatile("wfi");
    csr_set(sstatus, SSTATUS_SIE);
  }
  disk.used_seen++;
  csr_set(sstatus, SSTATUS_SIE);
  return status;
}

/* Where the kernel goes when the user program is over: it never returns to it. */
static void user_over(void) {
  printf_("kernel: user program over; %u disk interrupts in all\n", irqs_taken);
  finish(0);
}

/* End the user program: the trap returns to S-mode, at user_over, on the kernel's own stack. */
static void end_user(void) {
  csr_write(sepc, (uintptr_t)user_over);
  csr_set(sstatus, SSTATUS_SPP);
  csr_write(sscratch, (uintptr_t)(kernel_stack + sizeof kernel_stack)); /* the vector's exit swaps it into sp */
}

/* The S-mode trap handler; `f` holds x1..x31 as the vector saved them (f[i - 1] is xi). */
void s_trap(uint32_t *f) {
  uint32_t scause = csr_read(scause), sepc = csr_read(sepc);
  if (scause == 0x80000009u) { /* supervisor external interrupt */
    uint32_t irq = r32(PLIC_SCLAIM);
    if (irq == disk_irq) {
      irqs_taken++;
      vw(&disk, VM_INTERRUPT_ACK, vr(&disk, VM_INTERRUPT_STATUS) & 3);
    }
    if (irq) w32(PLIC_SCLAIM, irq);
    return;
  }
  if (scause == 8) { /* ecall from U */
    uint32_t a0 = f[9], a1 = f[10], a7 = f[16];
    csr_write(sepc, sepc + 4);
    if (a7 == SYS_WRITE && a1 <= 64) {
      csr_set(sstatus, SSTATUS_SUM); /* the kernel reads the user's buffer */
      for (uint32_t i = 0; i < a1; i++) putc_(((const char *)(uintptr_t)a0)[i]);
      csr_clear(sstatus, SSTATUS_SUM);
      f[9] = a1;
    } else if (a7 == SYS_DISKSUM) {
      f[9] = disk_sum;
    } else {
      printf_("user exited with %u\n", a0);
      end_user();
    }
    return;
  }
  if (!(csr_read(sstatus) & SSTATUS_SPP) && (scause == 13 || scause == 15 || scause == 12)) {
    printf_("user: page fault (scause %u) at %08x, pc %08x, s0 = %08x\n", scause, csr_read(stval), sepc, f[7]);
    end_user();
    return;
  }
  printf_("kernel: unexpected trap scause %x stval %x sepc %x\n", scause, csr_read(stval), sepc);
  finish(3);
}

/* The S-mode trap vector: switch to the trap stack (sscratch), save x1..x31, call s_trap, restore. */
extern char s_vector[];
__asm__(
  "  .text\n"
  "  .balign 4\n"
  "s_vector:\n"
  "  csrrw sp, sscratch, sp\n"
  "  addi sp, sp, -128\n"
  "  sw x1, 0(sp)\n  sw x3, 8(sp)\n  sw x4, 12(sp)\n  sw x5, 16(sp)\n  sw x6, 20(sp)\n  sw x7, 24(sp)\n"
  "  sw x8, 28(sp)\n  sw x9, 32(sp)\n  sw x10, 36(sp)\n  sw x11, 40(sp)\n  sw x12, 44(sp)\n  sw x13, 48(sp)\n"
  "  sw x14, 52(sp)\n  sw x15, 56(sp)\n  sw x16, 60(sp)\n  sw x17, 64(sp)\n  sw x18, 68(sp)\n  sw x19, 72(sp)\n"
  "  sw x20, 76(sp)\n  sw x21, 80(sp)\n  sw x22, 84(sp)\n  sw x23, 88(sp)\n  sw x24, 92(sp)\n  sw x25, 96(sp)\n"
  "  sw x26, 100(sp)\n  sw x27, 104(sp)\n  sw x28, 108(sp)\n  sw x29, 112(sp)\n  sw x30, 116(sp)\n  sw x31, 120(sp)\n"
  "  mv a0, sp\n"
  "  call s_trap\n"
  "  lw x1, 0(sp)\n  lw x3, 8(sp)\n  lw x4, 12(sp)\n  lw x5, 16(sp)\n  lw x6, 20(sp)\n  lw x7, 24(sp)\n"
  "  lw x8, 28(sp)\n  lw x9, 32(sp)\n  lw x10, 36(sp)\n  lw x11, 40(sp)\n  lw x12, 44(sp)\n  lw x13, 48(sp)\n"
  "  lw x14, 52(sp)\n  lw x15, 56(sp)\n  lw x16, 60(sp)\n  lw x17, 64(sp)\n  lw x18, 68(sp)\n  lw x19, 72(sp)\n"
  "  lw x20, 76(sp)\n  lw x21, 80(sp)\n  lw x22, 84(sp)\n  lw x23, 88(sp)\n  lw x24, 92(sp)\n  lw x25, 96(sp)\n"
  "  lw x26, 100(sp)\n  lw x27, 104(sp)\n  lw x28, 108(sp)\n  lw x29, 112(sp)\n  lw x30, 116(sp)\n  lw x31, 120(sp)\n"
  "  addi sp, sp, 128\n"
  "  csrrw sp, sscratch, sp\n"
  "  sret\n");

static uint8_t trap_stack[2048] __attribute__((aligned(16)));

static void s_main(void) {
  csr_write(sscratch, (uintptr_t)(trap_stack + sizeof trap_stack));
  csr_write(stvec, (uintptr_t)s_vector);
  uint32_t base[8], irq[8];
  int n = virtio_nodes(base, irq, 8), slot = -1;
  printf_("kernel: device tree at %08x, %d virtio-mmio nodes\n", (uint32_t)(uintptr_t)fdt, n);
  for (int i = 0; i < n; i++)
    if (r32(base[i] + VM_MAGIC) == 0x74726976 && r32(base[i] + VM_DEVICE_ID) == 2) slot = i;
  if (slot < 0) {
    puts_("kernel: no disk\n");
    finish(1);
  }
  disk_irq = irq[slot];
  printf_("kernel: virtio-blk at %08x, PLIC source %u\n", base[slot], disk_irq);
  vm_init();
  printf_("kernel: Sv32 on, satp %08x\n", csr_read(satp));
  w32(PLIC + 4 * disk_irq, 1);
  w32(PLIC_SENABLE, 1u << disk_irq);
  w32(PLIC_STHRESHOLD, 0);
  csr_set(sie, SIE_SEIE);
  csr_set(sstatus, SSTATUS_SIE);
  const uint32_t want[2] = {0, 0};
  int r = virtio_init(&disk, (int)((base[slot] - VIRTIO0) / 0x1000u), want, queue_mem);
  printf_("kernel: disk version %u, init %d, capacity %u sectors\n", disk.version, r, r32(disk.base + VM_CONFIG));
  int bad = 0;
  disk_sum = 2166136261u;
  for (uint32_t s = 0; s < 4; s++) {
    bad |= read_sector(s * 5, sector[s]);
    disk_sum = fnv1a(sector[s], 512, disk_sum);
  }
  printf_("kernel: read 4 sectors: %s, %u interrupts, checksum %08x\n", bad ? "errors" : "ok", irqs_taken, disk_sum);
  /* U-mode: SPP = 0, sepc = the user's first instruction, its stack on its own page. */
  csr_clear(sstatus, SSTATUS_SPP);
  csr_write(sepc, USER_VA);
  __asm__ volatile("mv sp, %0\n sret" :: "r"(USER_VA + 0x2000u) : "memory");
}

/* M-mode sees no trap once S-mode runs: everything is delegated. */
static int m_trap(uint32_t mcause, uint32_t mepc) {
  printf_("firmware: unexpected trap mcause %x mepc %x\n", mcause, mepc);
  finish(5);
}

int main(uint32_t hartid, const uint8_t *dtb) {
  fdt = dtb;
  printf_("firmware: hart %u, device tree %08x\n", hartid, (uint32_t)(uintptr_t)dtb);
  uint32_t cfg;
  probe_start();
  __asm__ volatile("csrr %0, pmpcfg0" : "=r"(cfg));
  if (probe_end() < 0) {
    csr_write(pmpaddr0, 0xffffffffu);
    csr_write(pmpcfg0, 0x1f); /* NAPOT, R W X: all memory to S and U */
    puts_("firmware: PMP entry 0 opens all memory\n");
  } else {
    puts_("firmware: no PMP\n");
  }
  trap_hook = m_trap;
  csr_write(medeleg, 0xffff);
  csr_write(mideleg, 0xffff);
  uint32_t mstatus = csr_read(mstatus);
  csr_write(mstatus, (mstatus & ~(3u << 11)) | (1u << 11)); /* MPP = S */
  csr_write(mepc, (uintptr_t)s_main);
  __asm__ volatile("mret");
  return 99;
}
