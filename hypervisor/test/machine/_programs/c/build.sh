#!/bin/sh
# Builds the C test programs with Debian's riscv64-unknown-elf-gcc (12.2)
# at -O2, no libc. The ELFs are committed beside their sources, so the
# tests run where gcc is absent; with gcc, a test rebuilds them and
# requires the same bytes.
#
#   sh hypervisor/test/machine/_programs/c/build.sh          # every program
#   sh hypervisor/test/machine/_programs/c/build.sh NAME...  # some of them
#   OUT=DIR sh …/build.sh                                     # into DIR (the tests
#       rebuild there and compare with the committed ELFs)
#
# NAME.elf is built for RV32IMA (no C extension: the cases that run it on
# QEMU with c=false); NAME.rvc.elf, for the programs in $RVC, for RV32IMAC,
# gcc's default for RV32 (compressed code throughout; QEMU's default CPU).
# -march without _zicsr (gcc 12 then picks the rv64 multilib) and
# -misa-spec=2.2, which puts Zicsr back for the csrr/csrw the programs use;
# libgcc is linked by path, from the multilib of the same -march.
# The build is reproducible.
set -eu
cd "$(dirname "$0")"
CC=riscv64-unknown-elf-gcc
RVC="dt-walk virtio-blk virtio-xv6 mini-os"
CFLAGS="-O2 -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -mcmodel=medany -Wall -Wextra -Werror"
LDFLAGS="-nostdlib -nostartfiles -T link.ld -Wl,--build-id=none -Wl,--no-warn-rwx-segments"
OUT=${OUT:-.}
names=${*:-$(ls *.c | grep -v -e "^lib\.c$" -e "^virtio\.c$" | sed "s/\.c$//"; for n in $RVC; do echo "$n.rvc"; done)}
for n in $names; do
  case $n in
    *.rvc) src=${n%.rvc}; ARCH="-march=rv32imac -mabi=ilp32 -misa-spec=2.2" ;;
    *) src=$n; ARCH="-march=rv32ima -mabi=ilp32 -misa-spec=2.2" ;;
  esac
  $CC $ARCH $CFLAGS $LDFLAGS -o "$OUT/$n.elf" crt0.s lib.c virtio.c "$src.c" "$($CC $ARCH -print-libgcc-file-name)"
  echo "built $OUT/$n.elf"
done
