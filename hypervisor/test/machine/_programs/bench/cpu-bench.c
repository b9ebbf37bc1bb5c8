/*
 * cpu-bench.c — a CPU-bound benchmark for pvlab's board: a sieve of
 * Eratosthenes, a table-driven CRC-32 and a small integer matrix multiply,
 * about 1.5 billion RV32IM instructions at -O2 (see build.sh for the
 * measured count). Bare metal on the QEMU virt memory map, no libc: it
 * prints its results over the NS16550A UART and exits through the
 * sifive_test finisher, passing when every result is the expected one.
 * Nothing it prints depends on time.
 */
#include <stdint.h>

/* ---- the board: UART and console ------------------------------------------------------ */

#define UART ((volatile uint8_t *)0x10000000)
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

static void put_char(char c) {
  while (!(UART[UART_LSR] & LSR_THRE)) {}
  UART[UART_THR] = (uint8_t)c;
}

static void put_str(const char *s) {
  while (*s) put_char(*s++);
}

static void put_dec(uint32_t v) {
  char buf[11];
  int n = 0;
  do buf[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (n) put_char(buf[--n]);
}

static void put_hex(uint32_t v) {
  for (int shift = 28; shift >= 0; shift -= 4) put_char("0123456789abcdef"[(v >> shift) & 15]);
}

/* Print "name: value (expected …) ok|FAIL"; returns 1 on a mismatch. */
static int report(const char *name, uint32_t value, uint32_t expected, int hex) {
  put_str(name);
  put_str(": ");
  if (hex) put_hex(value); else put_dec(value);
  put_str(value == expected ? " ok\n" : " FAIL\n");
  return value != expected;
}

/* ---- sieve of Eratosthenes: primes below 1,000,000, SIEVE_ROUNDS times -------------------- */

#define SIEVE_N 1000000
#define SIEVE_ROUNDS 35
static uint8_t composite[SIEVE_N];

static uint32_t sieve(void) {
  for (uint32_t i = 0; i < SIEVE_N; i++) composite[i] = 0;
  uint32_t count = 0;
  for (uint32_t i = 2; i < SIEVE_N; i++) {
    if (composite[i]) continue;
    count++;
    if (i < 1000)
      for (uint32_t j = i * i; j < SIEVE_N; j += i) composite[j] = 1;
  }
  return count;
}

/* ---- CRC-32 (IEEE 802.3, reflected, as zlib) of 64 KiB of xorshift data ------------------ */

#define CRC_BYTES 65536
#define CRC_ROUNDS 760
static uint32_t crc_table[256];
static uint8_t data[CRC_BYTES];

static void crc_init(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
  uint32_t x = 2463534242u; /* xorshift32 */
  for (uint32_t i = 0; i < CRC_BYTES; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    data[i] = (uint8_t)x;
  }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, uint32_t n) {
  crc = ~crc;
  while (n--) crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

/* ---- integer matrix multiply, 64 x 64, C = A * B, MATRIX_ROUNDS times ---------------------- */

#define M 64
#define MATRIX_ROUNDS 256
static int32_t ma[M][M], mb[M][M], mc[M][M];

static uint32_t matrix(uint32_t round) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      ma[i][j] = (int32_t)((i * 7 + j * 3 + round) % 19) - 9;
      mb[i][j] = (int32_t)((i * 5 + j * 11 + round) % 23) - 11;
    }
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      int32_t sum = 0;
      for (int k = 0; k < M; k++) sum += ma[i][k] * mb[k][j];
      mc[i][j] = sum;
    }
  uint32_t check = 0;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) check = check * 31 + (uint32_t)mc[i][j];
  return check;
}

/*
 * Measuring (build.sh measure): with -DBENCH_MEASURE it also prints the
 * instructions each part retired, from minstret, which QEMU counts
 * exactly under -icount shift=0 (and only then; never in the real build).
 */
#ifdef BENCH_MEASURE
static uint32_t instret(void) {
  uint32_t v;
  __asm__ volatile("csrr %0, minstret" : "=r"(v));
  return v;
}
#define MEASURE(name, start) (put_str("  instructions in " name ": "), put_dec(instret() - (start)), put_char('\n'))
#else
static uint32_t instret(void) { return 0; }
#define MEASURE(name, start) ((void)(start))
#endif

/* ---- main ------------------------------------------------------------------------------------ */

/* The expected results, computed independently with Python (zlib.crc32; the matrix in integers). */
#define EXPECT_PRIMES 78498u
#define EXPECT_CRC 0x8cea6450u
#define EXPECT_MATRIX 0x078ad24eu

int main(void) {
  int failures = 0;
  put_str("cpu-bench: sieve, crc32, matrix multiply\n");

  uint32_t start = instret();
  uint32_t primes = 0;
  for (int r = 0; r < SIEVE_ROUNDS; r++) primes = sieve();
  MEASURE("the sieve", start);
  failures += report("primes below 1000000", primes, EXPECT_PRIMES, 0);

  start = instret();
  crc_init();
  uint32_t crc = 0;
  for (int r = 0; r < CRC_ROUNDS; r++) crc = crc32(crc, data, CRC_BYTES);
  MEASURE("crc32", start);
  failures += report("crc32 of 760 x 64 KiB", crc, EXPECT_CRC, 1);

  start = instret();
  uint32_t check = 0;
  for (uint32_t r = 0; r < MATRIX_ROUNDS; r++) check ^= matrix(r);
  MEASURE("the matrix multiply", start);
  failures += report("matrix checksum", check, EXPECT_MATRIX, 1);

  put_str(failures ? "cpu-bench: FAIL\n" : "cpu-bench: pass\n");
  return failures;
}
