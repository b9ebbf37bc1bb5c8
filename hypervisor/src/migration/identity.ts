/**
 * What the sender says it is sending (the `hello` message) and the checks a
 * receiver makes before it takes anything: the same boot mode, the same
 * kernel image (by digest), the same amount of RAM. A mismatch is refused
 * in one line before a page moves.
 */
import { createHash } from 'node:crypto';
import type { BootMode } from '../boot/types.js';

export interface MigrationIdentity {
  readonly mode: BootMode;
  /** SHA-256 of the kernel image, hex. */
  readonly image: string;
  /** The VM's RAM in bytes. */
  readonly ramBytes: number;
}

/** The digest `identity.image` holds. */
export const imageDigest = (image: Uint8Array): string => createHash('sha256').update(image).digest('hex');

/** Why `got` cannot be received where `want` is expected, or undefined when it can. */
export function identityProblem(got: unknown, want: MigrationIdentity): string | undefined {
  const g = got as Partial<MigrationIdentity> | null;
  if (typeof g !== 'object' || g === null || typeof g.mode !== 'string' || typeof g.image !== 'string' || typeof g.ramBytes !== 'number') return 'the sender did not say what it sends (mode, image, RAM)';
  if (g.mode !== want.mode) return `the VM runs in mode ${g.mode.slice(0, 20)}; this receiver was started with --mode ${want.mode}`;
  if (g.image !== want.image) return `the VM runs another kernel image (sha256 ${g.image.slice(0, 12)}…, here ${want.image.slice(0, 12)}…): start the receiver with the sender's kernel`;
  if (g.ramBytes !== want.ramBytes) return `the VM has ${g.ramBytes} bytes of RAM; this receiver was started with ${want.ramBytes} (--memory)`;
  return undefined;
}
