#!/bin/sh
# Builds the board's CPU benchmarks, cpu-bench.elf and core-bench.elf, with
# Debian's riscv64-unknown-elf-gcc (12.2) for RV32IM at -O2, no libc; and
# the same sources for RV32IMAC, gcc's default for RV32 (cpu-bench.rvc.elf,
# core-bench.rvc.elf: compressed code, 47% and 49% of their instructions
# 16-bit; the same instructions retire, so the same counts as below).
#
#   sh hypervisor/test/machine/_programs/bench/build.sh           # all four
#   sh hypervisor/test/machine/_programs/bench/build.sh measure   # build a counting
#       variant and run it on QEMU with -icount shift=0: instructions per part
#
# -march=rv32im rather than rv32im_zicsr: gcc 12 picks the rv64 multilib
# (and the link fails) when _zicsr is in -march. libgcc is linked by path.
# -fno-tree-loop-distribute-patterns keeps gcc from turning the loops into
# memset/memcpy calls that nothing here would provide.
#
# Measured with `measure` (QEMU 7.2, -icount shift=0, so exact):
#   sieve, 35 rounds of 1,000,000      503,843,211 instructions
#   crc32, 760 x 64 KiB                498,680,980
#   matrix multiply, 256 x 64x64       496,258,347
#   total with start-up and printing   about 1.499 billion
# pvlab's board (runBare) counts 1,499,898,936 for cpu-bench.elf (the reset
# ROM's six instructions included, as QEMU executes them too).
# QEMU runs cpu-bench.elf in 0.8-0.9 s wall here (without -icount, a
# 2-core build machine; 2.0 s with -icount shift=0). The build is
# reproducible: the same compiler gives the same bytes.
#
# core-bench.c is CoreMark-like (lists, matrices, a state machine, CRC-16 a
# call per byte, memory loops); its expected checksums come from the same
# source built for the host (cc -DHOST core-bench.c && ./a.out). pvlab's
# board counts 732,580,189 instructions for core-bench.elf (the ROM's six included); QEMU runs it in
# about 1.1 s of CPU time here.
set -eu
cd "$(dirname "$0")"
CC=riscv64-unknown-elf-gcc
ARCH="-march=rv32im -mabi=ilp32"
LIBGCC=$($CC $ARCH -print-libgcc-file-name)
CFLAGS="$ARCH -O2 -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -mcmodel=medany -Wall -Wextra -Werror"
LDFLAGS="-nostdlib -nostartfiles -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments"

if [ "${1:-}" = measure ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  # minstret is a CSR: this variant alone needs Zicsr, which -misa-spec=2.2 includes in rv32im
  $CC $CFLAGS -misa-spec=2.2 -DBENCH_MEASURE $LDFLAGS -o "$out/measure.elf" crt0.s cpu-bench.c "$LIBGCC"
  timeout 600 qemu-system-riscv32 -machine virt -bios none -nographic -monitor none -serial stdio \
    -icount shift=0 -kernel "$out/measure.elf"
  exit $?
fi

$CC $CFLAGS $LDFLAGS -o cpu-bench.elf crt0.s cpu-bench.c "$LIBGCC"
$CC $CFLAGS $LDFLAGS -o core-bench.elf crt0.s core-bench.c "$LIBGCC"
RVC="-march=rv32imac -mabi=ilp32"
RVC_CFLAGS=$(echo "$CFLAGS" | sed "s/$ARCH/$RVC/")
RVC_LIBGCC=$($CC $RVC -print-libgcc-file-name)
$CC $RVC_CFLAGS $LDFLAGS -o cpu-bench.rvc.elf crt0.s cpu-bench.c "$RVC_LIBGCC"
$CC $RVC_CFLAGS $LDFLAGS -o core-bench.rvc.elf crt0.s core-bench.c "$RVC_LIBGCC"
riscv64-unknown-elf-size cpu-bench.elf core-bench.elf cpu-bench.rvc.elf core-bench.rvc.elf
