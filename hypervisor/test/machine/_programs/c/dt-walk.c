/*
 * dt-walk.c — what an OS learns from the device tree the reset ROM hands
 * over in a1 (Devicetree Specification v0.4, chapter 5): the header, then
 * every node an OS of this board looks for — memory, the cpu and its
 * interrupt controller, chosen, the console, the finisher and its syscon
 * poweroff/reboot, the virtio-mmio slots, the PLIC, the CLINT — with the
 * properties it reads from them, decoded (reg with the parent's
 * #address-cells/#size-cells). Nodes of devices it does not drive (QEMU
 * has a few more: flash, PCIe, RTC, fw_cfg, PMU) are passed over.
 */
#include "board.h"

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define MAX_DEPTH 8

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static const char *wanted_compatible[] = {
  "riscv", "riscv,cpu-intc", "ns16550a", "sifive,test0", "syscon-poweroff", "syscon-reboot", "virtio,mmio", "riscv,plic0", "riscv,clint0", 0,
};
static const char *printed[] = {
  "compatible", "reg", "interrupts", "interrupts-extended", "interrupt-parent", "riscv,isa", "mmu-type", "status", "device_type",
  "riscv,ndev", "value", "offset", "regmap", "phandle", "bootargs", "stdout-path", "clock-frequency", "timebase-frequency", 0,
};

static int in(const char *s, const char **list) {
  for (; *list; list++)
    if (!strcmp(s, *list)) return 1;
  return 0;
}

/* Whether a string list property has one of the wanted strings. */
static int compatible_wanted(const uint8_t *v, uint32_t len) {
  for (uint32_t i = 0; i < len; i += strlen((const char *)v + i) + 1)
    if (in((const char *)v + i, wanted_compatible)) return 1;
  return 0;
}

static int is_strings(const char *name) {
  return !strcmp(name, "compatible") || !strcmp(name, "riscv,isa") || !strcmp(name, "mmu-type") || !strcmp(name, "status") ||
         !strcmp(name, "device_type") || !strcmp(name, "bootargs") || !strcmp(name, "stdout-path");
}

static void print_prop(const char *name, const uint8_t *v, uint32_t len, uint32_t acells, uint32_t scells) {
  printf_("    %s =", name);
  if (is_strings(name)) {
    for (uint32_t i = 0; i < len; i += strlen((const char *)v + i) + 1) printf_(" \"%s\"", (const char *)v + i);
  } else if (!strcmp(name, "reg") && acells + scells > 0) {
    for (uint32_t i = 0; i + 4 * (acells + scells) <= len; i += 4 * (acells + scells)) {
      printf_(" <");
      for (uint32_t c = 0; c < acells; c++) printf_("%s%x", c ? "_" : "", be32(v + i + 4 * c));
      printf_(" size ");
      for (uint32_t c = 0; c < scells; c++) printf_("%s%x", c ? "_" : "", be32(v + i + 4 * (acells + c)));
      printf_(">");
    }
  } else {
    for (uint32_t i = 0; i + 4 <= len; i += 4) printf_(" %x", be32(v + i));
  }
  putc_('\n');
}

int main(uint32_t hartid, const uint8_t *fdt) {
  printf_("a0 (hart id) = %u, a1 (device tree) = %x\n", hartid, (uint32_t)(uintptr_t)fdt);
  if (be32(fdt) != 0xd00dfeed) {
    printf_("no device tree at a1 (magic %x)\n", be32(fdt));
    return 1;
  }
  uint32_t off_struct = be32(fdt + 8), off_strings = be32(fdt + 12), off_rsv = be32(fdt + 16);
  printf_("header: version %u, last compatible %u, boot cpu %u, reservations %s\n", be32(fdt + 20), be32(fdt + 24), be32(fdt + 28),
          be32(fdt + off_rsv) | be32(fdt + off_rsv + 4) | be32(fdt + off_rsv + 8) | be32(fdt + off_rsv + 12) ? "some" : "none");
  const uint8_t *p = fdt + off_struct;
  const char *strings = (const char *)fdt + off_strings;
  char path[256];
  uint32_t plen[MAX_DEPTH + 1] = {0};
  uint32_t acells[MAX_DEPTH + 1] = {2}, scells[MAX_DEPTH + 1] = {1};
  int depth = -1, nodes = 0, shown = 0;
  const uint8_t *node_props = 0;
  path[0] = 0;
  for (;;) {
    uint32_t token = be32(p);
    p += 4;
    if (token == FDT_BEGIN_NODE) {
      const char *name = (const char *)p;
      depth++;
      if (depth > MAX_DEPTH) return 2;
      uint32_t at = depth == 0 ? 0 : plen[depth - 1];
      if (depth <= 1) at = 0;
      if (depth >= 1) {
        path[at] = '/';
        memcpy(path + at + 1, name, strlen(name) + 1);
      } else {
        memcpy(path, "/", 2);
      }
      plen[depth] = strlen(path);
      acells[depth + 1] = 2;
      scells[depth + 1] = 1;
      p += (strlen(name) + 1 + 3) & ~3u;
      nodes++;
      node_props = p;
      /* look ahead at this node's properties: its cells for the children, and whether to show it */
      int show = !strcmp(path, "/chosen") || !strcmp(path, "/cpus");
      const uint8_t *q = p;
      while (be32(q) == FDT_PROP || be32(q) == FDT_NOP) {
        if (be32(q) == FDT_NOP) {
          q += 4;
          continue;
        }
        uint32_t len = be32(q + 4);
        const char *pname = strings + be32(q + 8);
        const uint8_t *v = q + 12;
        if (!strcmp(pname, "#address-cells")) acells[depth + 1] = be32(v);
        if (!strcmp(pname, "#size-cells")) scells[depth + 1] = be32(v);
        if (!strcmp(pname, "compatible") && compatible_wanted(v, len)) show = 1;
        if (!strcmp(pname, "device_type") && !strcmp((const char *)v, "memory")) show = 1;
        q += 12 + ((len + 3) & ~3u);
      }
      if (show) {
        shown++;
        printf_("%s\n", path);
        for (q = node_props; be32(q) == FDT_PROP; q += 12 + ((be32(q + 4) + 3) & ~3u)) {
          const char *pname = strings + be32(q + 8);
          if (in(pname, printed)) print_prop(pname, q + 12, be32(q + 4), acells[depth], scells[depth]);
        }
      }
    } else if (token == FDT_PROP) {
      p += 8 + ((be32(p) + 3) & ~3u);
    } else if (token == FDT_END_NODE) {
      depth--;
    } else if (token == FDT_NOP) {
    } else if (token == FDT_END) {
      break;
    } else {
      printf_("bad token %x\n", token);
      return 3;
    }
  }
  printf_("%d nodes shown, the tree ends at depth %d\n", shown, depth);
  (void)nodes;
  return 0;
}
