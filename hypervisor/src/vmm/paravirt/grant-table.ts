/**
 * A VM's grant table (the `grant` extension): the pages it shares with the
 * hypervisor's back ends. A page is checked once, when granted — 4 KiB
 * aligned, inside the VM's RAM — and named by a reference from then on, so a
 * back end never takes an address from the guest: it looks a reference up
 * here on every use, and a revoked one is simply gone. A page a back end
 * holds (a ring, the event page) is pinned: it cannot be revoked until the
 * back end lets it go, as Xen refuses to end a grant that is still mapped.
 */
import { PAGE_SIZE } from '@pvlab/assembler';
import { PVLAB_GRANT } from '@pvlab/hypercall-abi';

/** Grants a VM may hold at once (the catalogue's GRANT_MAX): references are 1..GRANT_MAX. */
export const GRANT_MAX = PVLAB_GRANT.constants.grant_max.value;

interface Grant {
  readonly page: number;
  readonly readonly: boolean;
  /** Back ends holding the page (a ring, the event page). */
  pins: number;
}

/** A grant table as a snapshot holds it. */
export interface GrantTableState {
  readonly grants: readonly (readonly [number, number, boolean, number])[];
}

export class GrantTable {
  private readonly grants: (Grant | undefined)[] = new Array(GRANT_MAX + 1).fill(undefined);

  /** `ram`: the VM's guest-physical RAM; `populated`: whether a page of it is there (a frame handed back is not: memory/). */
  constructor(private readonly ram: { readonly base: number; readonly size: number }, private readonly populated: (page: number) => boolean = () => true) {}

  /** Grant the page at guest-physical `page`: its reference, or why not. */
  grant(page: number, readonly: boolean): number | 'misaligned' | 'outside' | 'full' {
    page >>>= 0;
    if (page % PAGE_SIZE !== 0) return 'misaligned';
    if (page < this.ram.base || page + PAGE_SIZE > this.ram.base + this.ram.size || !this.populated(page)) return 'outside';
    const ref = this.grants.findIndex((g, i) => i > 0 && g === undefined);
    if (ref < 0) return 'full';
    this.grants[ref] = { page, readonly, pins: 0 };
    return ref;
  }

  /** End a grant (not one a back end holds). */
  revoke(ref: number): 'ok' | 'unknown' | 'pinned' {
    const g = this.lookup(ref);
    if (!g) return 'unknown';
    if (g.pins > 0) return 'pinned';
    this.grants[ref] = undefined;
    return 'ok';
  }

  /** The guest-physical page of a live grant that allows `access`, or undefined. */
  page(ref: number, access: 'read' | 'write'): number | undefined {
    const g = this.lookup(ref);
    if (!g || (access === 'write' && g.readonly)) return undefined;
    return g.page;
  }

  /** A back end holds the page of `ref` (a writable grant) from now on: its page, or undefined. */
  pin(ref: number): number | undefined {
    const g = this.lookup(ref);
    if (!g || g.readonly) return undefined;
    g.pins++;
    return g.page;
  }

  /** A back end lets go of the page of `ref` (it disconnected): revocable again once nothing else holds it. */
  unpin(ref: number): void {
    const g = this.lookup(ref);
    if (g && g.pins > 0) g.pins--;
  }

  /** Whether a live grant names the page at guest-physical `page` (the balloon may not take it). */
  holds(page: number): boolean {
    return this.grants.some((g) => g !== undefined && g.page === page >>> 0);
  }

  /** Live grants (for tests and statistics). */
  /** The live grants, for a snapshot: ref, guest page, read-only, pins (the back ends' rings hold their pins). */
  save(): GrantTableState {
    const out: [number, number, boolean, number][] = [];
    this.grants.forEach((g, ref) => g && out.push([ref, g.page, g.readonly, g.pins]));
    return { grants: out };
  }

  load(s: GrantTableState): void {
    this.grants.fill(undefined);
    for (const [ref, page, readonly, pins] of s.grants) {
      if (!Number.isInteger(ref) || ref < 1 || ref > GRANT_MAX || page % PAGE_SIZE !== 0 || page < this.ram.base || page + PAGE_SIZE > this.ram.base + this.ram.size) throw new RangeError(`grant ${ref} of page ${page}`);
      this.grants[ref] = { page, readonly: Boolean(readonly), pins: Math.max(0, pins | 0) };
    }
  }

  get count(): number {
    return this.grants.filter((g) => g !== undefined).length;
  }

  private lookup(ref: number): Grant | undefined {
    return Number.isInteger(ref) && ref >= 1 && ref <= GRANT_MAX ? this.grants[ref] : undefined;
  }
}
