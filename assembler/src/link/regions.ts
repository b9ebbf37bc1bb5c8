/**
 * MEMORY regions during layout. Each region has a "current" address that
 * sections placed in it advance. Sections with no region use ld's
 * `*default*` region, whose current address follows top-level `. = ...`
 * assignments — which is why `. = ALIGN(0x1000)` between two sections in
 * `> RAM` has no effect on the second one.
 */
import type { LinkDiagnostics, ScriptLocation } from './diagnostic.js';
import { evaluate, absolute, type EvalEnv } from './evaluate.js';
import type { Layout } from './layout-types.js';
import { LINK_MESSAGES } from './link-messages.js';
import { regionAccepts, regionAttributeFlags } from './section-flags.js';

/** A memory region's layout-time state. */
export interface RegionState {
  readonly name: string;
  readonly origin: bigint;
  readonly length: bigint;
  current: bigint;
  readonly flags: number;
  readonly notFlags: number;
  /** ld's `had_full_message`: an overflow was reported, so a total is due. */
  fullMessage: boolean;
  readonly isDefault: boolean;
  readonly loc?: ScriptLocation;
}

/** All regions of a layout, looked up by name or alias. */
export class Regions {
  readonly byName = new Map<string, RegionState>();
  readonly declared: RegionState[] = [];
  readonly defaultRegion: RegionState = newRegion('*default*', 0n, (1n << 64n) - 1n, 0, 0, true);

  constructor(
    layout: Layout,
    env: EvalEnv,
    private readonly diags: LinkDiagnostics,
  ) {
    for (const m of layout.memory) {
      const o = evaluate(m.origin, env);
      const l = evaluate(m.length, env);
      const { flags, notFlags } = regionAttributeFlags(m.attributes);
      const r = { ...newRegion(m.name, o ? absolute(o) : 0n, l ? absolute(l) : 0n, flags, notFlags, false), ...(m.loc ? { loc: m.loc } : {}) };
      if (this.byName.has(m.name)) continue;
      this.byName.set(m.name, r);
      this.declared.push(r);
    }
    for (const a of layout.aliases ?? []) {
      const r = this.byName.get(a.region);
      if (r) this.byName.set(a.alias, r);
      else diags.error(LINK_MESSAGES.aliasTargetMissing(a.alias, a.region), layout.memory[0]?.loc);
    }
  }

  /** The region named by `> name`; an undeclared name warns and becomes an empty region at 0, as in ld. */
  lookup(name: string, at: ScriptLocation | undefined): RegionState {
    let r = this.byName.get(name);
    if (!r) {
      this.diags.warning(LINK_MESSAGES.regionNotDeclared(name), at);
      r = newRegion(name, 0n, (1n << 64n) - 1n, 0, 0, false);
      this.byName.set(name, r);
    }
    return r;
  }

  /** ld's `lang_memory_default`: the first region whose attributes accept the section. */
  forFlags(sectionFlags: number): RegionState {
    return this.declared.find((r) => regionAccepts(r, sectionFlags)) ?? this.defaultRegion;
  }

  /** Start a sizing pass: every region back at its origin. */
  reset(): void {
    for (const r of [...this.byName.values(), this.defaultRegion]) r.current = r.origin;
  }

  /**
   * ld's `os_region_check`, after a section advanced `region.current`: an
   * explicit address outside the region, or the first overflow of it.
   */
  check(region: RegionState, section: string, explicitAddress: boolean, vma: bigint, at: ScriptLocation | undefined): void {
    const end = region.origin + region.length;
    const outside = region.current < region.origin || region.current - region.origin > region.length;
    if (!outside || (region.current === end && vma !== 0n)) return;
    if (explicitAddress) this.diags.error(LINK_MESSAGES.addressNotInRegion(region.current, section, region.name), at);
    else if (!region.fullMessage) {
      region.fullMessage = true;
      this.diags.error(LINK_MESSAGES.sectionWontFit(section, region.name), at);
    }
  }

  /** The totals ld prints after layout: "region `RAM' overflowed by N bytes". */
  reportOverflows(): void {
    for (const r of this.declared) {
      if (r.fullMessage) this.diags.error(LINK_MESSAGES.regionOverflow(r.name, r.current - (r.origin + r.length)), r.loc);
    }
  }
}

function newRegion(name: string, origin: bigint, length: bigint, flags: number, notFlags: number, isDefault: boolean): RegionState {
  return { name, origin, length, current: origin, flags, notFlags, fullMessage: false, isDefault };
}
