/**
 * `monitor` commands (qRcmd): the hypervisor's view beside gdb's, one row
 * per command. Each returns the text gdb prints.
 */
import { satpPaging } from '@pvlab/assembler';
import { hex8 as hex } from '../machine/hex.js';
import { parseHexNumber } from './packets.js';
import { walkSv32, pteFlags, type Walk } from './sv32-walk.js';
import type { Session } from './commands.js';
import type { HypervisorView } from './target.js';

interface MonitorCommand {
  readonly name: string;
  readonly args: string;
  readonly help: string;
  /** Only with a hypervisor (trap and paravirt boots). */
  readonly hypervisor?: boolean;
  run(s: Session, args: readonly string[], hv: HypervisorView | undefined): string;
}

/** The most bytes `monitor phys` shows at once. */
const MAX_PHYS = 4096;

function number(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^0x/i.test(text)) return parseHexNumber(text.slice(2));
  return /^\d+$/.test(text) && Number(text) <= 0xffff_ffff ? Number(text) : undefined;
}

/** A walk as lines: the satp, each level's PTE (address: value flags), the page. */
function walkLines(satp: number, w: Walk): string[] {
  const lines = [`satp      ${hex(satp)}${satpPaging(satp) ? '' : ' (translation off)'}`];
  for (const l of w.levels) lines.push(`level ${l.level}   ${hex(l.pteAddress)}: ${hex(l.pte)} ${pteFlags(l.pte)}`);
  lines.push(w.pa === undefined ? `fault     ${w.fault}` : `address   ${hex(w.pa)}`);
  return lines;
}

const COMMANDS: readonly MonitorCommand[] = [
  {
    name: 'help', args: '', help: 'this list',
    run: () => COMMANDS.map((c) => `monitor ${`${c.name} ${c.args}`.trim().padEnd(28)} ${c.help}`).join('\n'),
  },
  {
    name: 'mode', args: '', help: 'how the selected thread runs: native, trap or paravirt, and its privilege',
    run: (s, _a, hv) => {
      const th = s.gThread;
      if (hv) return hv.describeMode(th.id);
      return s.target.mode === 'bare' ? `bare: the program alone on the board, no kernel, no hypervisor; ${th.describe()}` : `native: the kernel alone on the board, no hypervisor; ${th.describe()}`;
    },
  },
  {
    name: 'exits', args: '', help: 'the --stats exit table of the selected VM so far', hypervisor: true,
    run: (s, _a, hv) => hv!.exitTable(s.gThread.id),
  },
  {
    name: 'hypercalls', args: '', help: 'the hypercalls the selected VM made so far, by name', hypervisor: true,
    run: (s, _a, hv) => hv!.hypercalls(s.gThread.id),
  },
  {
    name: 'trace', args: 'on|off', help: 'print every exit (the --trace line) while the guest runs', hypervisor: true,
    run: (s, a) => {
      if (a[0] !== 'on' && a[0] !== 'off') return 'usage: monitor trace on|off';
      s.control.tracing = a[0] === 'on';
      s.control.listen();
      return `exit trace ${a[0]}`;
    },
  },
  {
    name: 'break-on-exit', args: '[REASON…|off]', help: 'stop after the hypervisor takes an exit of these reasons', hypervisor: true,
    run: (s, a, hv) => {
      const set = s.control.exitBreaks;
      if (a[0] === 'off') set.clear();
      else {
        const bad = a.filter((r) => !hv!.reasons.includes(r));
        if (bad.length) return `unknown exit reason '${bad[0]}' (reasons: ${hv!.reasons.join(', ')})`;
        for (const r of a) set.add(r);
      }
      s.control.listen();
      return set.size ? `stopping after exits: ${[...set].join(', ')}` : 'not stopping on exits';
    },
  },
  {
    name: 'tlb', args: '', help: "the hart's TLB: virtual page -> physical page, by access kind and privilege",
    run: (s, _a, hv) => {
      const lines = s.target.tlb();
      const what = hv ? "the hart's TLB (the running VM's guest-virtual pages -> host-physical, through its shadow tables)" : "the hart's TLB";
      return [`${what}: ${lines.length} entries`, ...lines].join('\n');
    },
  },
  {
    name: 'shadow', args: 'VA', help: "the walk of VA through the guest's tables and through the shadow tables the hart walks",
    run: (s, a, hv) => {
      const va = number(a[0]);
      if (va === undefined) return 'usage: monitor shadow VA (0x… or decimal)';
      const th = s.gThread;
      const guest = walkLines(th.satp(), th.translate(va));
      if (!hv) return [`${hex(va)} in ${th.name}: the hart walks the program's own tables (no hypervisor)`, ...guest].join('\n');
      const satp = hv.shadowSatp(th.id);
      const shadow = satp === undefined ? [`${th.name} is not on the hart now`] : walkLines(satp, walkSv32(satp, va, (pa) => hv.readHost(pa)));
      const rows = Math.max(guest.length, shadow.length);
      const left = Math.max(...guest.map((l) => l.length)) + 4;
      return [
        `${hex(va)} in ${th.name}: the guest's walk (guest-physical) | the shadow walk the hart makes (host-physical)`,
        ...Array.from({ length: rows }, (_, i) => `${(guest[i] ?? '').padEnd(left)}| ${shadow[i] ?? ''}`.trimEnd()),
      ].join('\n');
    },
  },
  {
    name: 'phys', args: 'ADDR [LEN]', help: '(guest-)physical memory, in hex (LEN bytes, default 64)',
    run: (s, a) => {
      const addr = number(a[0]);
      const len = a[1] === undefined ? 64 : number(a[1]);
      if (addr === undefined || len === undefined) return 'usage: monitor phys ADDR [LEN]';
      if (len > MAX_PHYS) return `monitor phys shows at most ${MAX_PHYS} bytes`;
      const bytes = s.gThread.readPhysical(addr, len);
      if (bytes.length === 0) return `${hex(addr)} is not RAM`;
      const lines: string[] = [];
      for (let i = 0; i < bytes.length; i += 16) lines.push(`${hex(addr + i)}: ${[...bytes.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
      return lines.join('\n');
    },
  },
];

/** The monitor command's output; unknown and malformed commands get a line saying so. */
export function runMonitorCommand(s: Session, text: string): string {
  const [name, ...args] = text.trim().split(/\s+/);
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) return `unknown monitor command '${name ?? ''}' (try: monitor help)`;
  const hv = s.target.hypervisor;
  if (cmd.hypervisor && !hv) return `monitor ${cmd.name}: there is no hypervisor in a ${s.target.mode} run (boot with --mode trap or --mode paravirt)`;
  return cmd.run(s, args, hv);
}

/** The monitor commands' names (for docs and tests). */
export const MONITOR_COMMANDS: readonly string[] = COMMANDS.map((c) => c.name);
