#!/bin/sh
# Builds the C test programs with Debian's riscv64-unknown-elf-gcc (12.2)
# for RV32IMA at -O2, no libc. The ELFs are committed beside their sources,
# so the tests run where gcc is absent; with gcc, a test rebuilds them and
# requires the same bytes.
#
#   sh hypervisor/test/machine/_programs/c/build.sh          # every program
#   sh hypervisor/test/machine/_programs/c/build.sh NAME...  # some of them
#   OUT=DIR sh …/build.sh                                     # into DIR (the tests
#       rebuild there and compare with the committed ELFs)
#
# -march=rv32ima: no C extension (pvlab's hart has none yet) and no _zicsr
# (gcc 12 then picks the rv64 multilib); -misa-spec=2.2 puts Zicsr back into
# rv32ima for the csrr/csrw the programs use. The build is reproducible.
set -eu
cd "$(dirname "$0")"
CC=riscv64-unknown-elf-gcc
ARCH="-march=rv32ima -mabi=ilp32 -misa-spec=2.2"
LIBGCC=$($CC $ARCH -print-libgcc-file-name)
CFLAGS="$ARCH -O2 -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -mcmodel=medany -Wall -Wextra -Werror"
LDFLAGS="-nostdlib -nostartfiles -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments"
OUT=${OUT:-.}
names=${*:-$(ls *.c | grep -v -e "^lib\.c$" -e "^virtio\.c$" | sed "s/\.c$//")}
for n in $names; do
  $CC $CFLAGS $LDFLAGS -o "$OUT/$n.elf" crt0.s lib.c virtio.c "$n.c" "$LIBGCC"
  echo "built $OUT/$n.elf"
done
