/**
 * What the sender says it is sending (the `hello` message) and the checks a
 * receiver makes before it takes anything: the boot mode it expects (when
 * it was told one) and an amount of RAM it is willing to hold. A mismatch
 * is refused in one line before a page moves. (The kernel image, the
 * devices and the options travel inside the state: the snapshot file.)
 */
import type { BootMode } from '../boot/types.js';

export interface MigrationIdentity {
  readonly mode: BootMode;
  /** The board's RAM in bytes (what the pages fill). */
  readonly ramBytes: number;
}

/** What a receiver accepts. */
export interface Acceptance {
  /** The mode it runs, when it was told (`pvlab receive --mode`). */
  readonly mode?: BootMode;
  /** The most RAM it stages. */
  readonly ramMax: number;
}

/** A receiver stages at most this much RAM unless told otherwise (a one-VM boot needs 18 MiB; a native one 128 MiB). */
export const RAM_MAX = 512 << 20;

/** Why `got` cannot be received under `accept`, or undefined when it can. */
export function identityProblem(got: unknown, accept: Acceptance): string | undefined {
  const g = got as Partial<MigrationIdentity> | null;
  if (typeof g !== 'object' || g === null || typeof g.mode !== 'string' || typeof g.ramBytes !== 'number') return 'the sender did not say what it sends (mode, RAM)';
  if (!['native', 'trap', 'paravirt'].includes(g.mode)) return `unknown mode '${g.mode.slice(0, 20)}'`;
  if (accept.mode !== undefined && g.mode !== accept.mode) return `the VM runs in mode ${g.mode}; this receiver was started with --mode ${accept.mode}`;
  if (!Number.isInteger(g.ramBytes) || g.ramBytes <= 0 || g.ramBytes % 4096 !== 0 || g.ramBytes > accept.ramMax) return `the VM's board has ${g.ramBytes} bytes of RAM; this receiver takes whole pages up to ${accept.ramMax}`;
  return undefined;
}
