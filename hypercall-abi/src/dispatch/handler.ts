/**
 * Handlers: the hypervisor's (or a user's) implementation of a call, typed
 * from the call's schema. The first parameter is whatever context the
 * hypervisor passes (its VM object): the handler's annotation decides it.
 *
 *   defineHandler(HYPERCALLS.console_write, (vm: Vm, { buf, len }) => vm.console.write(buf.read()))
 */
import type { Extension, Hypercall } from '../schema/extension.js';
import type { ArgsOf, CallShape, ResultOf } from '../schema/values.js';

/**
 * The function type of a handler of call C with context Ctx. `from` is 0 for
 * a new call, and what the handler passed to `preempt` when the call is a
 * continued one (see HandlerPreempted); handlers that never preempt ignore it.
 */
export type HandlerFn<C extends CallShape, Ctx> = (vm: Ctx, args: ArgsOf<C>, from: number) => ResultOf<C>;

/** A handler bound to its call. */
export interface Handler<Ctx = unknown> {
  readonly kind: 'pvlab.handler';
  readonly call: Hypercall;
  /** Arguments are validated by the dispatcher before this runs. */
  readonly fn: (vm: Ctx, args: never, from: number) => unknown;
}

/** Handlers for several calls of one extension. */
export interface HandlerSet<Ctx = unknown> {
  readonly kind: 'pvlab.handlers';
  readonly handlers: readonly Handler<Ctx>[];
}

/** Bind a handler to a call; its arguments and result are checked against the call's schema at compile time. */
export function defineHandler<C extends Hypercall, Ctx = unknown>(call: C, fn: HandlerFn<C, Ctx>): Handler<Ctx> {
  return Object.freeze({ kind: 'pvlab.handler', call, fn: fn as Handler<Ctx>['fn'] });
}

/** Handlers for some or all calls of an extension, by call name. */
export function defineHandlers<X extends Extension, Ctx = unknown>(
  extension: X,
  fns: { readonly [K in keyof X['calls']]?: HandlerFn<X['calls'][K], Ctx> },
): HandlerSet<Ctx> {
  const handlers: Handler<Ctx>[] = [];
  for (const [name, fn] of Object.entries(fns) as [string, HandlerFn<Hypercall, Ctx> | undefined][]) {
    const call = (extension.calls as Record<string, Hypercall>)[name];
    if (fn) handlers.push(defineHandler(call ?? ({ name, eid: extension.eid, fid: -1 } as unknown as Hypercall), fn));
  }
  return Object.freeze({ kind: 'pvlab.handlers', handlers });
}

export const isHandler = (v: unknown): v is Handler => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'pvlab.handler';
export const isHandlerSet = (v: unknown): v is HandlerSet => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'pvlab.handlers';

/** Flatten handlers and handler sets. */
export const flattenHandlers = <Ctx>(items: readonly (Handler<Ctx> | HandlerSet<Ctx>)[]): Handler<Ctx>[] =>
  items.flatMap((h) => ('handlers' in h && isHandlerSet(h) ? (h as HandlerSet<Ctx>).handlers : [h as Handler<Ctx>]));
