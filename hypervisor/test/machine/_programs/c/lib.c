/*
 * lib.c — console, memory functions, probing and the trap dispatcher of
 * the C test programs (see board.h). No libc.
 */
#include <stdarg.h>
#include "board.h"

void putc_(char c) {
  while (!(r8(UART0 + 5) & 0x20)) {}
  w8(UART0, (uint8_t)c);
}

void puts_(const char *s) {
  while (*s) putc_(*s++);
}

static void put_num(uint32_t v, unsigned base, int width, char pad, int negative) {
  char buf[12];
  int n = 0;
  do {
    unsigned d = v % base;
    buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v);
  if (negative) buf[n++] = '-';
  while (n < width) buf[n++] = pad;
  while (n) putc_(buf[--n]);
}

void printf_(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      putc_(*fmt);
      continue;
    }
    fmt++;
    char pad = ' ';
    int width = 0;
    if (*fmt == '0') pad = '0', fmt++;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    switch (*fmt) {
    case 's': puts_(va_arg(ap, const char *)); break;
    case 'c': putc_((char)va_arg(ap, int)); break;
    case 'u': put_num(va_arg(ap, uint32_t), 10, width, pad, 0); break;
    case 'x': put_num(va_arg(ap, uint32_t), 16, width, pad, 0); break;
    case 'd': {
      int v = va_arg(ap, int);
      put_num(v < 0 ? -(uint32_t)v : (uint32_t)v, 10, width, pad, v < 0);
      break;
    }
    default: putc_('%'); putc_(*fmt); break;
    }
  }
  va_end(ap);
}

void *memset(void *d, int c, size_t n) {
  uint8_t *p = d;
  while (n--) *p++ = (uint8_t)c;
  return d;
}

void *memcpy(void *d, const void *s, size_t n) {
  uint8_t *p = d;
  const uint8_t *q = s;
  while (n--) *p++ = *q++;
  return d;
}

int memcmp(const void *a, const void *b, size_t n) {
  const uint8_t *p = a, *q = b;
  for (; n; n--, p++, q++)
    if (*p != *q) return *p - *q;
  return 0;
}

size_t strlen(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (uint8_t)*a - (uint8_t)*b;
}

/* A probe sets `probing`; a fault then records its cause and steps over the access. */
static volatile int probing, probe_cause;

void probe_start(void) {
  probing = 1;
  probe_cause = -1;
}

int probe_end(void) {
  probing = 0;
  return probe_cause;
}

int probe_r32(uintptr_t a, uint32_t *v) {
  probing = 1;
  probe_cause = -1;
  *v = r32(a);
  probing = 0;
  return probe_cause;
}

int probe_w32(uintptr_t a, uint32_t v) {
  probing = 1;
  probe_cause = -1;
  w32(a, v);
  probing = 0;
  return probe_cause;
}

int (*trap_hook)(uint32_t mcause, uint32_t mepc);

void finish(int code) {
  w32(FINISHER, code ? ((uint32_t)code << 16) | 0x3333 : 0x5555);
  for (;;) {}
}

uint32_t trap(uint32_t mcause, uint32_t mtval, uint32_t mepc, uint32_t *frame) {
  (void)frame;
  if (probing && !(mcause & 0x80000000u)) {
    probe_cause = (int)mcause;
    return mepc + 4;
  }
  if (trap_hook && trap_hook(mcause, mepc)) return mepc;
  printf_("unexpected trap: mcause %x mtval %x mepc %x\n", mcause, mtval, mepc);
  finish(99);
}
