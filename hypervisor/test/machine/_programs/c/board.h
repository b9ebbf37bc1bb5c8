/*
 * board.h — what the C test programs share: QEMU virt's addresses, MMIO
 * accessors, a small printf over the NS16550A UART, and probing accesses
 * that may fault (the trap vector in crt0.s steps over them).
 */
#ifndef BOARD_H
#define BOARD_H
#include <stdint.h>
#include <stddef.h>

#define UART0       0x10000000u
#define CLINT       0x02000000u
#define PLIC        0x0c000000u
#define VIRTIO0     0x10001000u   /* slot n at VIRTIO0 + n * 0x1000, PLIC source n + 1 */
#define VIRTIO_SLOTS 8
#define FINISHER    0x00100000u

static inline uint32_t r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t r8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void w8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline uint16_t r16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline void fence(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }

#define csr_read(name) ({ uint32_t v_; __asm__ volatile("csrr %0, " #name : "=r"(v_)); v_; })
#define csr_write(name, v) __asm__ volatile("csrw " #name ", %0" :: "r"((uint32_t)(v)))
#define csr_set(name, v) __asm__ volatile("csrs " #name ", %0" :: "r"((uint32_t)(v)))
#define csr_clear(name, v) __asm__ volatile("csrc " #name ", %0" :: "r"((uint32_t)(v)))

void putc_(char c);
void puts_(const char *s);
/* %s %c %d %u %x, with an optional width and 0 flag (%08x) */
void printf_(const char *fmt, ...);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* Code between probe_start() and probe_end() may take exceptions: each is
 * stepped over, and probe_end() returns the last one's code, or -1. */
void probe_start(void);
int probe_end(void);
/* Read or write that may fault: returns the exception code, or -1 when it did not fault. */
int probe_r32(uintptr_t a, uint32_t *v);
int probe_w32(uintptr_t a, uint32_t v);

/* Called by crt0.s for every trap; returns where to resume. A program
 * may set trap_hook to handle its interrupts (return 1: handled). */
extern int (*trap_hook)(uint32_t mcause, uint32_t mepc);
uint32_t trap(uint32_t mcause, uint32_t mtval, uint32_t mepc, uint32_t *frame);

/* End the run now through the finisher (0: pass). */
void finish(int code) __attribute__((noreturn));

#endif
