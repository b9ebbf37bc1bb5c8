/** Hexadecimal for messages and traces: `0x1000_0005` style without separators, as objdump and QEMU print. */

/** `0x` and the unsigned 32-bit value in lowercase hex (`0x10000005`). */
export const hex = (n: number): string => '0x' + (n >>> 0).toString(16);

/** `0x` and eight hex digits (`0x0000007f`), for registers in fixed-width reports. */
export const hex8 = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');
