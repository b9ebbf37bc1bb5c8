/**
 * Running the target for a debugger: continue and step, in slices on the
 * event loop so the server keeps reading its socket (Ctrl-C) while the
 * program runs, and stopping exactly where something asks for it:
 *
 *   breakpoints    before the instruction at a breakpoint's pc runs; no
 *                  instruction is written into the program, so it neither
 *                  retires one nor sees one in its memory
 *   watchpoints    before an instruction touches a watched byte (watchpoints.ts)
 *   a step         when the stepped thread has retired an instruction or
 *                  taken a trap (an exit the guest cannot see is not a step)
 *   an exit        after the hypervisor took an exit asked for by
 *                  `monitor break-on-exit`
 *   Ctrl-C         between two slices
 *
 * Whenever one of these can happen the target runs one step at a time
 * (Machine.step), else at full speed; both see the same program, so a
 * debugging session changes no count and no byte of output. With no debugger
 * attached the program runs freely, and a debugger that attaches stops it.
 */
import type { DebugTarget, DebugThread, ExitEvent } from './target.js';
import { MAX_WATCHPOINTS, watchHit, type WatchHit, type Watchpoint } from './watchpoints.js';

/** Why the program stopped, as a stop reply says it. */
export type Stop =
  | { readonly kind: 'signal'; readonly signal: number; readonly thread: number; readonly watch?: WatchHit }
  | { readonly kind: 'exited'; readonly code: number };

/** How the run as a whole ended, for the command that started it. */
export type RunEnd =
  | { readonly kind: 'exited'; readonly code: number; readonly budget?: boolean }
  | { readonly kind: 'idle' }
  | { readonly kind: 'killed' };

/** POSIX signal numbers as gdb knows them. */
export const SIGINT = 2, SIGTRAP = 5;

/** Breakpoints held at once (a debugger asking for more is told no). */
export const MAX_BREAKPOINTS = 4096;

/** Host time a slice runs before the event loop gets a turn, and how long to wait while nothing can run. */
const SLICE_MS = 20;
const IDLE_POLL_MS = 20;
/** Pieces between looks at the clock. */
const CHUNK = 2048;
/** Instructions per full-speed run between looks at the clock. */
const FAST_CHUNK = 100_000;
/** Notes kept for the debugger between two of its looks (trace lines beyond are counted, not kept). */
const MAX_NOTES = 2000;

export interface RunControlOptions {
  /** After every slice (the owner writes the console out). */
  readonly onSlice?: () => void;
  /** With no debugger attached, an idle program ends the run (its input is used up). */
  readonly endWhenIdle?: boolean;
}

type State = 'stopped' | 'running' | 'free' | 'ended';

export class RunControl {
  /** Software and hardware breakpoints (Z0, Z1): both stop before the instruction at their pc. */
  readonly breakpoints = new Set<number>();
  readonly hwBreakpoints = new Set<number>();
  readonly watchpoints: Watchpoint[] = [];
  /** Exit reasons `monitor break-on-exit` stops on. */
  readonly exitBreaks = new Set<string>();
  /** `monitor trace on`: every exit's line goes to the debugger's console. */
  tracing = false;
  /** The stop the debugger sees now (`?`). */
  lastStop: Stop;
  /** Told after a slice that left notes for the debugger (its connection sends them while the program runs). */
  notify: (() => void) | undefined;

  private state: State;
  private stepping: { readonly thread: DebugThread; readonly retired: number; readonly pc: number } | undefined;
  private interruptRequested = false;
  private exitStop: ExitEvent | undefined;
  private notes: string[] = [];
  private dropped = 0;
  private onStop: ((s: Stop) => void) | undefined;
  private endWith: ((e: RunEnd) => void) | undefined;
  private scheduled = false;
  /** Resolves when the run is over: the program ended, went idle for good, or was killed. */
  readonly ended: Promise<RunEnd>;

  constructor(
    readonly target: DebugTarget,
    private readonly options: RunControlOptions & { readonly wait?: boolean } = {},
  ) {
    this.lastStop = { kind: 'signal', signal: SIGTRAP, thread: target.running().id };
    this.ended = new Promise((resolve) => (this.endWith = resolve));
    this.state = options.wait ? 'stopped' : 'free';
    if (this.state === 'free') this.schedule();
  }

  /** Whether the program runs (for the debugger: it waits for a stop reply). */
  get isRunning(): boolean {
    return this.state === 'running';
  }

  get isEnded(): boolean {
    return this.state === 'ended';
  }

  /** A debugger attached: the program stops where it is. */
  attach(): Stop {
    if (this.state === 'free') {
      this.state = 'stopped';
      this.lastStop = { kind: 'signal', signal: SIGTRAP, thread: this.target.running().id };
    }
    return this.lastStop;
  }

  /** The debugger left (detach, or its connection closed): its stops go, and the program runs on by itself. */
  detach(): void {
    this.breakpoints.clear();
    this.hwBreakpoints.clear();
    this.watchpoints.length = 0;
    this.exitBreaks.clear();
    this.tracing = false;
    this.listen();
    this.onStop = undefined;
    this.stepping = undefined;
    this.interruptRequested = false;
    if (this.state === 'ended') return;
    this.state = 'free';
    this.schedule();
  }

  /** `k`: end the run now. */
  kill(): void {
    this.finish({ kind: 'killed' });
  }

  /** Ctrl-C: stop at the next slice. */
  interrupt(): void {
    if (this.state === 'running') this.interruptRequested = true;
  }

  /** Continue (or step `thread`) until something stops the program; `onStop` hears the stop. */
  resume(step: DebugThread | undefined, onStop: (s: Stop) => void): void {
    if (this.state === 'ended') return onStop(this.lastStop);
    this.onStop = onStop;
    this.stepping = step && { thread: step, retired: step.retired(), pc: step.register(32) };
    this.state = 'running';
    this.interruptRequested = false;
    this.listen();
    this.schedule();
  }

  /** Notes for the debugger's console (exit trace lines, why a stop happened), taken once. */
  takeNotes(): string[] {
    const out = this.notes;
    if (this.dropped) out.push(`pvlab: ${this.dropped} more exits not shown\n`);
    this.notes = [];
    this.dropped = 0;
    return out;
  }

  /** Add a watchpoint; false when there are too many. */
  addWatchpoint(w: Watchpoint): boolean {
    if (this.watchpoints.length >= MAX_WATCHPOINTS) return false;
    this.watchpoints.push(w);
    return true;
  }

  removeWatchpoint(w: Watchpoint): void {
    const i = this.watchpoints.findIndex((o) => o.kind === w.kind && o.addr === w.addr && o.length === w.length);
    if (i >= 0) this.watchpoints.splice(i, 1);
  }

  /** Listen to the hypervisor's exits while a break-on-exit or the trace wants them. */
  listen(): void {
    const hv = this.target.hypervisor;
    if (!hv) return;
    hv.listen(this.exitBreaks.size > 0 || this.tracing ? (e) => this.heard(e) : undefined);
  }

  private heard(e: ExitEvent): void {
    if (this.tracing && this.state === 'running') {
      if (this.notes.length < MAX_NOTES) this.notes.push(e.line + '\n');
      else this.dropped++;
    }
    if (this.state === 'running' && this.exitBreaks.has(e.reason) && !this.exitStop) this.exitStop = e;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.tick());
  }

  private finish(end: RunEnd): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.target.hypervisor?.listen(undefined);
    this.endWith?.(end);
  }

  /** One slice of running. */
  private tick(): void {
    this.scheduled = false;
    if (this.state !== 'running' && this.state !== 'free') return;
    const idle = this.state === 'running' ? this.sliceForDebugger() : this.sliceFree();
    this.options.onSlice?.();
    if (this.state === 'running' && this.notes.length) this.notify?.();
    if (this.state === 'running' || this.state === 'free') {
      if (idle) {
        this.scheduled = true;
        setTimeout(() => this.tick(), IDLE_POLL_MS);
      } else this.schedule();
    }
  }

  /** No debugger: run at full speed until the slice's time is up. True when the program idles. */
  private sliceFree(): boolean {
    const until = performance.now() + SLICE_MS;
    do {
      const end = this.target.run(FAST_CHUNK);
      if (end.kind === 'exited') {
        this.finish(end);
        return false;
      }
      if (end.kind === 'idle') {
        if (this.options.endWhenIdle) this.finish({ kind: 'idle' });
        return true;
      }
    } while (performance.now() < until);
    return false;
  }

  /** Something may stop the program between two steps. */
  private watching(): boolean {
    return this.stepping !== undefined || this.breakpoints.size > 0 || this.hwBreakpoints.size > 0 || this.watchpoints.length > 0 || this.exitBreaks.size > 0;
  }

  /** The debugger waits for a stop: run until one, or the slice's time is up. True when the program idles. */
  private sliceForDebugger(): boolean {
    if (this.interruptRequested) {
      this.stop({ kind: 'signal', signal: SIGINT, thread: this.target.running().id });
      return false;
    }
    const until = performance.now() + SLICE_MS;
    if (!this.watching()) {
      do {
        const end = this.target.run(FAST_CHUNK);
        if (end.kind === 'exited') return this.exited(end), false;
        if (end.kind === 'idle') return true;
      } while (performance.now() < until);
      return false;
    }
    let first = true;
    do {
      for (let i = 0; i < CHUNK; i++) {
        const th = this.target.running();
        const pc = th.register(32);
        // A step always executes its first instruction; a continue stops at a breakpoint even there, as hardware does.
        const starting = first && this.stepping !== undefined;
        first = false;
        if (!starting && (this.breakpoints.has(pc) || this.hwBreakpoints.has(pc))) return this.stop({ kind: 'signal', signal: SIGTRAP, thread: th.id }), false;
        if (this.watchpoints.length > 0 && !starting && this.target.executesNext()) {
          const hit = watchHit(th, this.watchpoints);
          if (hit) return this.stop({ kind: 'signal', signal: SIGTRAP, thread: th.id, watch: hit }), false;
        }
        const end = this.target.step();
        if (end.kind === 'exited') return this.exited(end), false;
        if (this.exitStop) {
          const e = this.exitStop;
          this.exitStop = undefined;
          this.notes.push(`pvlab: stopped after the exit ${e.reason}: ${e.line}\n`);
          return this.stop({ kind: 'signal', signal: SIGTRAP, thread: e.thread }), false;
        }
        const s = this.stepping;
        if (s && (s.thread.retired() !== s.retired || s.thread.register(32) !== s.pc || s.thread.finished())) {
          return this.stop({ kind: 'signal', signal: SIGTRAP, thread: s.thread.id }), false;
        }
        if (end.kind === 'idle') return true;
      }
    } while (performance.now() < until);
    return false;
  }

  private stop(s: Stop): void {
    this.state = 'stopped';
    this.stepping = undefined;
    this.interruptRequested = false;
    this.exitStop = undefined;
    this.lastStop = s;
    const f = this.onStop;
    this.onStop = undefined;
    f?.(s);
  }

  /** The program ended while the debugger waited: it hears the exit code, and the run is over. */
  private exited(end: { readonly code: number; readonly budget?: boolean }): void {
    this.stop({ kind: 'exited', code: end.code });
    this.finish({ kind: 'exited', code: end.code, budget: end.budget });
  }
}
