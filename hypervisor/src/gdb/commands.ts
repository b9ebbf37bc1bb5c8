/**
 * The packets gdb sends and what the server answers (GDB manual, "Packets",
 * "General Query Packets"), one handler each, keyed by the packet's first
 * character — and, for the `q`, `Q` and `v` families, by its name. A packet
 * nobody handles gets the empty reply, which tells gdb it is not supported.
 *
 * Errors are `Enn` with errno-like numbers, as QEMU answers: E01 a packet
 * that does not parse, E14 memory that is not there (EFAULT), E22 an
 * argument out of range (EINVAL), E28 no room for another breakpoint or
 * watchpoint (ENOSPC).
 */
import { PRIV, type Priv } from '@pvlab/assembler';
import { MAX_PACKET, fromHex, hexToText, le32, parseHexNumber, parseLe32, textToHex, toHex, unescapeBinary } from './packets.js';
import { FEATURE_DOCUMENTS, REG, csrOfRegister } from './target-description.js';
import { readVirtual, writeVirtual } from './memory.js';
import { MAX_BREAKPOINTS, type RunControl, type Stop } from './run-control.js';
import { WATCH_TYPES, type WatchKind } from './watchpoints.js';
import { runMonitorCommand } from './monitor.js';
import type { DebugTarget, DebugThread } from './target.js';

export const ERR = { parse: 'E01', memory: 'E14', invalid: 'E22', full: 'E28' } as const;

/** What a handler asks the server to do besides replying. */
export type Reply =
  | string
  | { readonly resume: DebugThread | undefined }
  | { readonly detach: string }
  | { readonly kill: string | undefined };

/** The session state the handlers share. */
export interface Session {
  readonly target: DebugTarget;
  readonly control: RunControl;
  /** The thread `g`, `p`, `m` … work on (Hg), and the one `c`/`s` resume (Hc; undefined: all). */
  gThread: DebugThread;
  cThread: DebugThread | undefined;
  noAck: boolean;
  /** Send console text to the debugger (an `O` packet) before the reply. */
  output(text: string): void;
}

type Handler = (s: Session, body: string) => Reply;

/** Registers in the `g` packet: x0..x31 and pc. */
const G_REGISTERS = 33;
/** The longest memory read answered at once (hex doubles it; the reply must fit a packet). */
const MAX_READ = (MAX_PACKET - 16) >> 1;

/** A stop reply (`T05thread:1;`, with `watch:ADDR;` for a watchpoint), or `W` and the exit code. */
export function stopReply(stop: Stop): string {
  if (stop.kind === 'exited') return `W${(stop.code & 0xff).toString(16).padStart(2, '0')}`;
  const watch = stop.watch ? `${stop.watch.reply}:${stop.watch.addr.toString(16)};` : '';
  return `T${stop.signal.toString(16).padStart(2, '0')}thread:${stop.thread.toString(16)};${watch}`;
}

/** The thread a thread-id names: `-1` all (undefined), `0` any (the running one), or an id. */
function threadOf(s: Session, id: string): DebugThread | undefined | null {
  if (id === '-1') return undefined;
  const n = parseHexNumber(id);
  if (n === undefined) return null;
  if (n === 0) return s.target.running();
  return s.target.threads.find((t) => t.id === n) ?? null;
}

/** `addr,len` (both hex), with the length bounded. */
function range(text: string, maxLength = Infinity): [number, number] | undefined {
  const m = /^([0-9a-fA-F]+),([0-9a-fA-F]+)$/.exec(text);
  const addr = m && parseHexNumber(m[1]);
  const len = m && parseHexNumber(m[2]);
  if (addr == null || len == null || len > maxLength) return undefined;
  return [addr, len];
}

function readRegister(th: DebugThread, n: number): number | undefined {
  if (n <= REG.pc) return th.register(n);
  if (n === REG.priv) return th.priv();
  const csr = csrOfRegister(n);
  return csr === undefined ? undefined : th.csr(csr);
}

function writeRegister(th: DebugThread, n: number, v: number): boolean {
  if (n <= REG.pc) return th.setRegister(n, v), true;
  if (n === REG.priv) return (v === PRIV.U || v === PRIV.S || v === PRIV.M) && th.setPriv(v as Priv);
  const csr = csrOfRegister(n);
  return csr !== undefined && th.setCsr(csr, v);
}

/** `c`/`s` with an optional address to resume at. */
function resume(s: Session, body: string, step: boolean): Reply {
  const addr = body.includes(';') ? body.slice(body.indexOf(';') + 1) : body;
  const th = s.cThread ?? s.gThread;
  if (addr !== '') {
    const pc = parseHexNumber(addr);
    if (pc === undefined) return ERR.parse;
    th.setRegister(REG.pc, pc);
  }
  return { resume: step ? th : undefined };
}

/** `vCont;ACTION[:THREAD];…`: a step of one thread (the others run on, as they share the hart), or a continue. */
function vCont(s: Session, body: string): Reply {
  if (body === '?') return 'vCont;c;C;s;S';
  if (!body.startsWith(';')) return ERR.parse;
  let step: DebugThread | undefined;
  for (const action of body.slice(1).split(';')) {
    const [what, id] = action.split(':');
    if (!/^([cs]|[CS][0-9a-fA-F]{2})$/.test(what)) return ERR.parse;
    const th = id === undefined ? undefined : threadOf(s, id);
    if (th === null) return ERR.invalid;
    if (what[0].toLowerCase() === 's' && !step) step = th ?? s.gThread;
  }
  return { resume: step };
}

/** `qSupported`: what the server offers. */
const SUPPORTED = [`PacketSize=${MAX_PACKET.toString(16)}`, 'qXfer:features:read+', 'vContSupported+', 'QStartNoAckMode+'].join(';');

/** `qXfer:features:read:ANNEX:OFFSET,LENGTH`: a piece of a document, `m` (more follows) or `l` (the last). */
function qXfer(_s: Session, body: string): Reply {
  const m = /^features:read:([^:]*):(.*)$/.exec(body);
  if (!m) return '';
  const doc = FEATURE_DOCUMENTS.get(m[1]);
  const r = range(m[2]);
  if (!r) return ERR.parse;
  if (doc === undefined) return ERR.invalid;
  const [offset, length] = r;
  const piece = doc.slice(offset, offset + Math.min(length, MAX_PACKET - 16));
  return (offset + piece.length >= doc.length ? 'l' : 'm') + piece;
}

const QUERIES: Readonly<Record<string, Handler>> = {
  Supported: () => SUPPORTED,
  Xfer: qXfer,
  Attached: () => '1',
  C: (s) => `QC${s.gThread.id.toString(16)}`,
  fThreadInfo: (s) => 'm' + s.target.threads.map((t) => t.id.toString(16)).join(','),
  sThreadInfo: () => 'l',
  ThreadExtraInfo: (s, body) => {
    const th = threadOf(s, body.replace(/^,/, ''));
    return th ? textToHex(th.describe()) : ERR.invalid;
  },
  Symbol: () => 'OK',
  Rcmd: (s, body) => {
    const text = hexToText(body.replace(/^,/, ''));
    if (text === undefined) return ERR.parse;
    const out = runMonitorCommand(s, text);
    if (out) s.output(out.endsWith('\n') ? out : out + '\n');
    return 'OK';
  },
};

const SETS: Readonly<Record<string, Handler>> = {
  StartNoAckMode: (s) => ((s.noAck = true), 'OK'),
};

const VERBOSE: Readonly<Record<string, Handler>> = {
  Cont: vCont,
  'Cont?': (s) => vCont(s, '?'),
  Kill: () => ({ kill: 'OK' }),
  MustReplyEmpty: () => '',
};

/** The name of a `q`/`Q`/`v` packet (up to `:`, `,` or `;`) and the rest. */
function named(table: Readonly<Record<string, Handler>>): Handler {
  return (s, body) => {
    const m = /^([A-Za-z?]+)(.*)$/s.exec(body);
    const h = m && table[m[1]];
    return h ? h(s, m[2].replace(/^:/, '')) : '';
  };
}

function breakpoint(insert: boolean): Handler {
  return (s, body) => {
    const m = /^([0-4]),([0-9a-fA-F]+),([0-9a-fA-F]+)(;.*)?$/s.exec(body);
    const addr = m && parseHexNumber(m[2]);
    const kind = m && parseHexNumber(m[3]);
    if (!m || addr == null || kind == null) return ERR.parse;
    const type = Number(m[1]);
    const c = s.control;
    if (type <= 1) {
      const set = type === 0 ? c.breakpoints : c.hwBreakpoints;
      if (!insert) return set.delete(addr), 'OK';
      if (set.size >= MAX_BREAKPOINTS && !set.has(addr)) return ERR.full;
      set.add(addr);
      return 'OK';
    }
    if (kind === 0 || kind > 0x1000) return ERR.invalid;
    const wkind = (Object.keys(WATCH_TYPES) as WatchKind[]).find((k) => WATCH_TYPES[k].z === type)!;
    const w = { kind: wkind, addr, length: kind };
    if (!insert) return c.removeWatchpoint(w), 'OK';
    return c.addWatchpoint(w) ? 'OK' : ERR.full;
  };
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  '?': (s) => stopReply(s.control.lastStop),
  g: (s) => Array.from({ length: G_REGISTERS }, (_, i) => le32(s.gThread.register(i))).join(''),
  G: (s, body) => {
    if (body.length !== G_REGISTERS * 8) return ERR.parse;
    const values = Array.from({ length: G_REGISTERS }, (_, i) => parseLe32(body.slice(i * 8, i * 8 + 8)));
    if (values.some((v) => v === undefined)) return ERR.parse;
    values.forEach((v, i) => s.gThread.setRegister(i, v!));
    return 'OK';
  },
  p: (s, body) => {
    const n = parseHexNumber(body);
    const v = n === undefined ? undefined : readRegister(s.gThread, n);
    return v === undefined ? ERR.invalid : le32(v);
  },
  P: (s, body) => {
    const m = /^([0-9a-fA-F]+)=([0-9a-fA-F]{8})$/.exec(body);
    const n = m && parseHexNumber(m[1]);
    const v = m && parseLe32(m[2]);
    if (n == null || v == null) return ERR.parse;
    return writeRegister(s.gThread, n, v) ? 'OK' : ERR.invalid;
  },
  m: (s, body) => {
    const r = range(body);
    if (!r) return ERR.parse;
    const bytes = readVirtual(s.gThread, r[0], Math.min(r[1], MAX_READ));
    return bytes.length === 0 && r[1] > 0 ? ERR.memory : toHex(bytes);
  },
  M: (s, body) => {
    const colon = body.indexOf(':');
    const r = colon < 0 ? undefined : range(body.slice(0, colon));
    const bytes = r && fromHex(body.slice(colon + 1));
    if (!r || !bytes || bytes.length !== r[1]) return ERR.parse;
    return writeVirtual(s.gThread, r[0], bytes) ? 'OK' : ERR.memory;
  },
  X: (s, body) => {
    const colon = body.indexOf(':');
    const r = colon < 0 ? undefined : range(body.slice(0, colon));
    const bytes = r && unescapeBinary(body.slice(colon + 1));
    if (!r || !bytes || bytes.length !== r[1]) return ERR.parse;
    return bytes.length === 0 || writeVirtual(s.gThread, r[0], bytes) ? 'OK' : ERR.memory;
  },
  Z: breakpoint(true),
  z: breakpoint(false),
  c: (s, body) => resume(s, body, false),
  s: (s, body) => resume(s, body, true),
  C: (s, body) => resume(s, body, false),
  S: (s, body) => resume(s, body, true),
  H: (s, body) => {
    const th = threadOf(s, body.slice(1));
    if (th === null || (body[0] !== 'g' && body[0] !== 'c')) return ERR.invalid;
    if (body[0] === 'g') s.gThread = th ?? s.target.running();
    else s.cThread = th;
    return 'OK';
  },
  T: (s, body) => (threadOf(s, body) ? 'OK' : ERR.invalid),
  D: () => ({ detach: 'OK' }),
  k: () => ({ kill: undefined }),
  q: named(QUERIES),
  Q: named(SETS),
  v: named(VERBOSE),
};

/** The reply to one packet. */
export function handlePacket(s: Session, data: string): Reply {
  const h = HANDLERS[data[0]];
  return h ? h(s, data.slice(1)) : '';
}
