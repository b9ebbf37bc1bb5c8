/**
 * The registry: the extensions a VM can call and their handlers, checked as
 * a whole. Conflicting ids, duplicate names, custom ids outside the allowed
 * spaces, and handlers without a call are errors here, at load time, naming
 * the file they came from.
 */
import { CATALOGUE } from '../catalogue/index.js';
import { badHandler, idConflict, idRange, nameConflict } from '../errors.js';
import { EID_RANGES, hex32, isCustomEid } from '../sbi/ranges.js';
import type { Extension, Hypercall } from '../schema/extension.js';
import { checkSymbols } from '../gen/symbols.js';
import { builtinHandlers, type InternalHandler } from './builtin-handlers.js';
import { flattenHandlers, type Handler, type HandlerSet } from './handler.js';
import { PVLAB_IDENTITY, type SbiIdentity } from './identity.js';
import { planOf, type Plan } from './decode.js';

/** Extensions and handlers from one place: the built-in catalogue, or a user's file. */
export interface HypercallSource {
  /** The file they were declared in (absent: the built-in catalogue). */
  readonly file?: string;
  readonly extensions: readonly Extension[];
  readonly handlers: readonly (Handler<any> | HandlerSet<any>)[];
}

export interface RegistryOptions<Ctx> {
  /** Handlers for the built-in catalogue (the hypervisor's). Base and multicall have defaults. */
  readonly handlers?: readonly (Handler<Ctx> | HandlerSet<Ctx>)[];
  /** Custom extensions with their handlers (see loadExtensions). */
  readonly custom?: readonly HypercallSource[];
  /** What Base reports; default PVLAB_IDENTITY. */
  readonly identity?: SbiIdentity;
}

/** A checked set of extensions with handlers, ready for dispatch. */
export interface Registry<Ctx> {
  readonly extensions: readonly Extension[];
  /** The call at (eid, fid), if any. */
  lookup(eid: number, fid: number): Hypercall | undefined;
  /** The handler of a call (undefined: NOT_SUPPORTED). */
  handlerOf(call: Hypercall): InternalHandler<Ctx> | undefined;
  /** The call at (eid, fid) with its handler, in one look-up: what the dispatcher asks on every hypercall. */
  resolve(eid: number, fid: number): Resolved<Ctx> | undefined;
  /** SBI probe_extension: the extension exists and has at least one handler. */
  isAvailable(eid: number): boolean;
  /** A call by name. */
  byName(name: string): Hypercall | undefined;
  /** Where an extension came from: its file, or `built-in`. */
  origin(ext: Extension): string;
  readonly identity: SbiIdentity;
}

const key = (eid: number, fid: number) => `${eid >>> 0}:${fid >>> 0}`;

/** A call, its handler (undefined: NOT_SUPPORTED) and how its arguments are decoded. */
export interface Resolved<Ctx> {
  readonly call: Hypercall;
  readonly handler: InternalHandler<Ctx> | undefined;
  readonly plan: Plan;
}

/**
 * Check extensions from several sources against each other (the built-in
 * catalogue always first). Throws the first conflict; used by createRegistry
 * and by `pvlab hypercalls gen` before it writes anything.
 */
export function checkExtensions(sources: readonly Pick<HypercallSource, 'file' | 'extensions'>[]): Map<Extension, string> {
  const origin = new Map<Extension, string>();
  const byEid = new Map<number, Extension>();
  const byName = new Map<string, Extension>();
  const callNames = new Map<string, Extension>();
  const all = [{ extensions: CATALOGUE }, ...sources];
  for (const src of all) {
    const where = src.file ?? 'built-in';
    for (const ext of src.extensions) {
      if (origin.has(ext)) continue;
      if (src.file !== undefined && !isCustomEid(ext.eid))
        throw idRange(
          `extension '${ext.name}' has eid ${hex32(ext.eid)}; custom extensions take ids from ${hex32(EID_RANGES.pvlab.last + 1)}..${hex32(EID_RANGES.experimental.last)} (SBI experimental, outside pvlab's block) or ${hex32(EID_RANGES.vendor.first)}..${hex32(EID_RANGES.vendor.last)} (SBI vendor)`,
          src.file,
        );
      const sameId = byEid.get(ext.eid);
      if (sameId) throw idConflict(`extension '${ext.name}' has eid ${hex32(ext.eid)}, already taken by '${sameId.name}' (${origin.get(sameId)})`, src.file);
      const sameName = byName.get(ext.name);
      if (sameName) throw nameConflict(`extension name '${ext.name}' is already taken (${origin.get(sameName)}, eid ${hex32(sameName.eid)})`, src.file);
      for (const c of ext.list) {
        const other = callNames.get(c.name);
        if (other) throw nameConflict(`call name '${c.name}' (extension '${ext.name}') is already a call of '${other.name}' (${origin.get(other)})`, src.file);
        callNames.set(c.name, ext);
      }
      origin.set(ext, where);
      byEid.set(ext.eid, ext);
      byName.set(ext.name, ext);
    }
  }
  checkSymbols([...origin.keys()], (e) => origin.get(e)!);
  return origin;
}

/** Build a registry: the built-in catalogue, custom extensions, and their handlers. */
export function createRegistry<Ctx>(options: RegistryOptions<Ctx> = {}): Registry<Ctx> {
  const custom = options.custom ?? [];
  const origin = checkExtensions(custom);
  const extensions = [...origin.keys()];
  const calls = new Map<string, Hypercall>();
  const names = new Map<string, Hypercall>();
  for (const e of extensions) for (const c of e.list) (calls.set(key(c.eid, c.fid), c), names.set(c.name, c));
  // The dispatcher's look-up, by number: a call is looked up on every hypercall.
  const byEid = new Map<number, Map<number, Hypercall>>();
  for (const c of calls.values()) {
    let fids = byEid.get(c.eid >>> 0);
    if (!fids) byEid.set(c.eid >>> 0, (fids = new Map()));
    fids.set(c.fid >>> 0, c);
  }
  const handlers = new Map<Hypercall, InternalHandler<Ctx>>();
  const install = (items: readonly (Handler<any> | HandlerSet<any>)[], file: string | undefined) => {
    for (const h of flattenHandlers(items)) {
      const call = calls.get(key(h.call.eid, h.call.fid));
      if (!call || call.name !== h.call.name) throw badHandler(`handler for '${h.call.name}' (eid ${hex32(h.call.eid)}) has no call in the catalogue`, file);
      if (handlers.has(call)) throw badHandler(`call '${call.name}' has two handlers`, file);
      if (typeof h.fn !== 'function') throw badHandler(`handler for '${call.name}' is not a function`, file);
      handlers.set(call, h.fn as unknown as InternalHandler<Ctx>);
    }
  };
  install(options.handlers ?? [], undefined);
  for (const src of custom) install(src.handlers, src.file);
  // Filled once every handler is installed (below), for `resolve`.
  const resolved = new Map<number, Map<number, Resolved<Ctx>>>();
  const registry: Registry<Ctx> = {
    extensions,
    lookup: (eid, fid) => byEid.get(eid >>> 0)?.get(fid >>> 0),
    handlerOf: (call) => handlers.get(call),
    resolve: (eid, fid) => resolved.get(eid >>> 0)?.get(fid >>> 0),
    isAvailable: (eid) => extensions.some((e) => e.eid === eid >>> 0 && e.list.some((c) => handlers.has(c))),
    byName: (name) => names.get(name),
    origin: (ext) => origin.get(ext) ?? 'unknown',
    identity: options.identity ?? PVLAB_IDENTITY,
  };
  // Defaults fill what the hypervisor did not provide.
  for (const [name, fn] of Object.entries(builtinHandlers(registry))) {
    const call = names.get(name)!;
    if (!handlers.has(call)) handlers.set(call, fn);
  }
  for (const [eid, fids] of byEid) resolved.set(eid, new Map([...fids].map(([fid, call]) => [fid, { call, handler: handlers.get(call), plan: planOf(call) }])));
  return registry;
}
