/**
 * The M extension's high multiplies and divisions (unprivileged
 * specification §13), on 32-bit two's-complement values. Division by zero
 * and overflow give the results the specification fixes (Table 11).
 */

/** High word of the unsigned 64-bit product, from 16-bit limbs (exact in doubles). */
export function mulhu(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid = a1 * b0 + ((a0 * b0) >>> 16);
  const mid2 = a0 * b1 + (mid & 0xffff);
  return (a1 * b1 + Math.floor(mid / 65536) + Math.floor(mid2 / 65536)) | 0;
}

export function mulh(a: number, b: number): number {
  // signed high = unsigned high − (a<0 ? b : 0) − (b<0 ? a : 0)  (mod 2^32)
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}

export function div(a: number, b: number): number {
  if (b === 0) return -1;
  if (a === -0x80000000 && b === -1) return a;
  return (a / b) | 0;
}

export function divu(a: number, b: number): number {
  if (b === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) | 0;
}

export function rem(a: number, b: number): number {
  if (b === 0) return a;
  if (a === -0x80000000 && b === -1) return 0;
  return a % b | 0;
}

export function remu(a: number, b: number): number {
  if (b === 0) return a;
  return ((a >>> 0) % (b >>> 0)) | 0;
}
