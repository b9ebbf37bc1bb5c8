/*
 * core-bench.c — a second CPU benchmark for pvlab's board, in the manner of
 * EEMBC CoreMark (not CoreMark itself): the kinds of code compiled C is
 * made of, so that the board is measured on general code rather than on
 * one fixture's loops.
 *
 *   list      linked-list processing: find, reverse, merge sort with a
 *             comparator called through a function pointer
 *   matrix    16-bit matrix arithmetic: add and multiply by a constant,
 *             matrix-vector and matrix-matrix products, bit-field extracts
 *   state     a state machine scanning numbers in text: a switch per
 *             character (gcc makes it a jump table)
 *   crc       CRC-16 of every result, one small function call per byte
 *   memory    memcpy/memset-like loops and a bytewise compare
 *
 * Bare metal on the QEMU virt memory map, no libc (crt0.s, link.ld): it
 * prints each part's checksum over the NS16550A UART and exits through the
 * sifive_test finisher, passing when every checksum is the expected one.
 * The expected values were computed by the same source built for the host
 * (`cc -DHOST core-bench.c && ./a.out`), independently of any RISC-V
 * implementation; build.sh documents the instruction count.
 */
#include <stdint.h>

#ifdef HOST
#include <stdio.h>
#define put_char(c) putchar(c)
#else
#define UART ((volatile uint8_t *)0x10000000)
static void put_char(char c) {
  while (!(UART[5] & 0x20)) {}
  UART[0] = (uint8_t)c;
}
#endif

static void put_str(const char *s) {
  while (*s) put_char(*s++);
}

static void put_hex(uint32_t v) {
  for (int shift = 28; shift >= 0; shift -= 4) put_char("0123456789abcdef"[(v >> shift) & 15]);
}

static int report(const char *name, uint32_t value, uint32_t expected) {
  put_str(name);
  put_str(": ");
  put_hex(value);
  put_str(value == expected ? " ok\n" : " FAIL\n");
  return value != expected;
}

/* ---- CRC-16 (CCITT, bit by bit), a call per byte as CoreMark does ------------------------ */

static uint16_t __attribute__((noinline)) crc8(uint8_t data, uint16_t crc) {
  for (int i = 0; i < 8; i++) {
    uint8_t x16 = (uint8_t)((data & 1) ^ ((uint8_t)crc & 1));
    data >>= 1;
    if (x16 == 1) {
      crc ^= 0x4002;
      crc = (uint16_t)((crc >> 1) | 0x8000);
    } else crc >>= 1;
  }
  return crc;
}

static uint16_t crc16(uint16_t v, uint16_t crc) {
  crc = crc8((uint8_t)v, crc);
  return crc8((uint8_t)(v >> 8), crc);
}

static uint16_t crc32w(uint32_t v, uint16_t crc) {
  crc = crc16((uint16_t)v, crc);
  return crc16((uint16_t)(v >> 16), crc);
}

/* ---- a pseudo-random source (xorshift32) -------------------------------------------------- */

static uint32_t seed = 0x12345678u;
static uint32_t next_random(void) {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

/* ---- list: find, reverse, merge sort ---------------------------------------------------------- */

#define LIST_N 256
struct node {
  struct node *next;
  int16_t value;
  int16_t index;
};
static struct node pool[LIST_N];

typedef int (*compare_fn)(const struct node *, const struct node *);
static int __attribute__((noinline)) by_value(const struct node *a, const struct node *b) { return a->value - b->value; }
static int __attribute__((noinline)) by_index(const struct node *a, const struct node *b) { return a->index - b->index; }

static struct node *list_build(void) {
  struct node *head = 0;
  for (int i = LIST_N - 1; i >= 0; i--) {
    pool[i].value = (int16_t)(next_random() & 0x7fff);
    pool[i].index = (int16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static struct node *list_reverse(struct node *list) {
  struct node *prev = 0;
  while (list) {
    struct node *next = list->next;
    list->next = prev;
    prev = list;
    list = next;
  }
  return prev;
}

static struct node *list_find(struct node *list, int16_t value) {
  while (list && list->value != value) list = list->next;
  return list;
}

/* Merge sort of a singly linked list (Simon Tatham's), the comparison through a pointer. */
static struct node *list_sort(struct node *list, compare_fn cmp) {
  int insize = 1;
  for (;;) {
    struct node *p = list, *tail = 0;
    list = 0;
    int merges = 0;
    while (p) {
      merges++;
      struct node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; i++) psize++, q = q->next;
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        struct node *e;
        if (psize == 0) e = q, q = q->next, qsize--;
        else if (qsize == 0 || !q) e = p, p = p->next, psize--;
        else if (cmp(p, q) <= 0) e = p, p = p->next, psize--;
        else e = q, q = q->next, qsize--;
        if (tail) tail->next = e;
        else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return list;
    insize *= 2;
  }
}

static uint16_t bench_list(uint16_t crc) {
  struct node *list = list_build();
  for (int i = 0; i < 32; i++) {
    struct node *found = list_find(list, pool[(i * 37) & (LIST_N - 1)].value);
    crc = crc16((uint16_t)(found ? found->index : -1), crc);
  }
  list = list_reverse(list);
  list = list_sort(list, by_value);
  for (struct node *n = list; n; n = n->next) crc = crc16((uint16_t)n->value, crc);
  list = list_sort(list, by_index);
  list = list_reverse(list);
  for (struct node *n = list; n; n = n->next) crc = crc16((uint16_t)n->index, crc);
  return crc;
}

/* ---- matrix: 16-bit data, 32-bit results ---------------------------------------------------- */

#define MN 24
static int16_t ma[MN][MN], mb[MN][MN];
static int32_t mc[MN][MN], mv[MN];

static uint16_t bench_matrix(uint16_t crc, uint32_t round) {
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      ma[i][j] = (int16_t)((next_random() & 0xff) - 128);
      mb[i][j] = (int16_t)(((i * MN + j + round) % 67) - 33);
    }
  int16_t k = (int16_t)(round & 15) + 1;
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) ma[i][j] = (int16_t)(ma[i][j] + k);
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) mc[i][j] = (int32_t)ma[i][j] * k;
  for (int i = 0; i < MN; i++) {
    int32_t s = 0;
    for (int j = 0; j < MN; j++) s += (int32_t)ma[i][j] * mb[j][0];
    mv[i] = s;
  }
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      int32_t s = 0;
      for (int x = 0; x < MN; x++) s += (int32_t)ma[i][x] * mb[x][j];
      mc[i][j] = s;
    }
  uint32_t sum = 0;
  for (int i = 0; i < MN; i++) {
    sum += (uint32_t)mv[i];
    for (int j = 0; j < MN; j++) sum += ((uint32_t)mc[i][j] >> 3) & 0xf0f;
  }
  return crc32w(sum, crc);
}

/* ---- state machine: numbers in text ------------------------------------------------------------ */

enum state { START, INT, FRAC, EXP_SIGN, EXP, S_FLOAT, S_INVALID, NSTATES };

static uint32_t transitions[NSTATES];

static enum state step(enum state s, char c) {
  switch (s) {
    case START:
      if (c >= '0' && c <= '9') return INT;
      if (c == '+' || c == '-') return INT;
      if (c == '.') return FRAC;
      return S_INVALID;
    case INT:
      if (c >= '0' && c <= '9') return INT;
      if (c == '.') return FRAC;
      if (c == 'e' || c == 'E') return EXP_SIGN;
      return S_INVALID;
    case FRAC:
      if (c >= '0' && c <= '9') return S_FLOAT;
      if (c == 'e' || c == 'E') return EXP_SIGN;
      return S_INVALID;
    case S_FLOAT:
      if (c >= '0' && c <= '9') return S_FLOAT;
      if (c == 'e' || c == 'E') return EXP_SIGN;
      return S_INVALID;
    case EXP_SIGN:
      if (c == '+' || c == '-' || (c >= '0' && c <= '9')) return EXP;
      return S_INVALID;
    case EXP:
      if (c >= '0' && c <= '9') return EXP;
      return S_INVALID;
    default:
      return S_INVALID;
  }
}

static char text[512];

static uint16_t bench_state(uint16_t crc) {
  static const char *const pieces[] = {"5012", "1234", "-874", "+122", "35.54", ".1234", "-110.7", "+0.64", "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12", "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^"};
  int n = 0;
  for (int i = 0; n < (int)sizeof text - 12; i++) {
    const char *p = pieces[(next_random() >> 7) & 15];
    while (*p) text[n++] = *p++;
    text[n++] = ',';
  }
  text[n] = 0;
  for (int i = 0; i < NSTATES; i++) transitions[i] = 0;
  enum state s = START;
  for (const char *p = text; *p; p++) {
    if (*p == ',') {
      transitions[s]++;
      s = START;
      continue;
    }
    enum state t = step(s, *p);
    if (t != s) transitions[t]++;
    s = t;
  }
  for (int i = 0; i < NSTATES; i++) crc = crc32w(transitions[i], crc);
  return crc;
}

/* ---- memory: copy, fill, compare -------------------------------------------------------------- */

static uint32_t srcw[1024], dstw[1024];

static void __attribute__((noinline)) copy_words(uint32_t *d, const uint32_t *s, uint32_t n) {
  while (n--) *d++ = *s++;
}

static void __attribute__((noinline)) copy_bytes(uint8_t *d, const uint8_t *s, uint32_t n) {
  while (n--) *d++ = *s++;
}

static void __attribute__((noinline)) fill(uint8_t *d, uint8_t v, uint32_t n) {
  while (n--) *d++ = v;
}

static int __attribute__((noinline)) compare(const uint8_t *a, const uint8_t *b, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (a[i] != b[i]) return a[i] - b[i];
  return 0;
}

static uint16_t bench_memory(uint16_t crc) {
  uint8_t *src = (uint8_t *)srcw, *dst = (uint8_t *)dstw;
  for (uint32_t i = 0; i < 1024; i++) srcw[i] = next_random();
  fill(dst, 0x5a, sizeof dstw);
  copy_words(dstw + 1, srcw, 1022);
  copy_bytes(dst + 1, dst + 4, 999);
  crc = crc16((uint16_t)compare(dst + 1, src, 999), crc);
  crc = crc16((uint16_t)compare(dst + 4, src + 1000, 100), crc);
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 1024; i++) sum = sum * 33 + dstw[i];
  return crc32w(sum, crc);
}

/* ---- main --------------------------------------------------------------------------------------- */

#define ROUNDS 2000
#define EXPECT_LIST 0x0000f3fbu
#define EXPECT_MATRIX 0x00006a42u
#define EXPECT_STATE 0x00006250u
#define EXPECT_MEMORY 0x00006ca4u

int main(void) {
  uint16_t list = 0, matrix = 0, state = 0, memory = 0;
  put_str("core-bench: list, matrix, state machine, crc, memory\n");
  for (uint32_t r = 0; r < ROUNDS; r++) {
    list = bench_list(list);
    matrix = bench_matrix(matrix, r);
    state = bench_state(state);
    memory = bench_memory(memory);
  }
  int failures = 0;
  failures += report("list", list, EXPECT_LIST);
  failures += report("matrix", matrix, EXPECT_MATRIX);
  failures += report("state", state, EXPECT_STATE);
  failures += report("memory", memory, EXPECT_MEMORY);
  put_str(failures ? "core-bench: FAIL\n" : "core-bench: pass\n");
  return failures;
}
