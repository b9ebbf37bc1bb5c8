/**
 * How exits are shown: the `--stats` table in the manner of `perf kvm stat`
 * (reason, count, share, host time total and average, sorted by count) and
 * one `--trace` line per exit.
 */
import { disassembleWord } from '@pvlab/assembler';
import { EXIT_REASONS } from './exit-reasons.js';
import type { ExitRecord, ExitStats } from './exit-stats.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The exit table of one VM. */
export function exitTable(stats: ExitStats, title = 'exits'): string {
  const total = stats.total;
  const rows = EXIT_REASONS.map((r, i) => ({ name: r.name, count: stats.counts[i], ns: stats.hostNs[i] }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);
  const head = `${title}: ${n(total)}\n  ${'reason'.padEnd(18)} ${'count'.padStart(10)} ${'share'.padStart(7)} ${'host time'.padStart(11)} ${'avg'.padStart(9)}`;
  const lines = rows.map((r) =>
    `  ${r.name.padEnd(18)} ${n(r.count).padStart(10)} ${((100 * r.count) / total).toFixed(1).padStart(6)}% ${(r.ns / 1e6).toFixed(2).padStart(8)} ms ${n(r.ns / r.count).padStart(6)} ns`);
  const calls = [...stats.hypercalls].sort((a, b) => b[1] - a[1]).map(([name, k]) => `  ${name.padEnd(18)} ${n(k).padStart(10)}`);
  return [head, ...lines, ...(calls.length ? ['hypercalls', ...calls] : [])].join('\n');
}

/**
 * Exits per second of guest time, by reason (most first): how often the
 * guest leaves, in its own time (`guestSeconds`: its cycles at the hart's
 * modeled clock), whatever the host's speed.
 */
export function exitRates(stats: ExitStats, guestSeconds: number, prefix = ''): string {
  const rate = (count: number) => (guestSeconds > 0 ? count / guestSeconds : 0);
  const rows = EXIT_REASONS.map((r, i) => ({ name: r.name, count: stats.counts[i] })).filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
  const head = `${prefix}guest time ${(guestSeconds * 1e3).toFixed(3)} ms; exits per second of guest time: ${n(rate(stats.total))}`;
  return [head, ...rows.map((r) => `  ${r.name.padEnd(18)} ${n(rate(r.count)).padStart(12)} /s`)].join('\n');
}

/** One exit for `--trace`: VM, reason, pc (symbol), instruction word, what the hypervisor did, host time. */
export function exitLine(r: ExitRecord, vms: number): string {
  const vm = vms > 1 ? `vm${r.vm} ` : '';
  const word = r.word === undefined ? '' : ` ${(r.word >>> 0).toString(16).padStart(8, '0')} ${disassembleWord(r.word, r.pc).text.replace("\t", " ").padEnd(22)}`;
  return `${vm}${r.reason.padEnd(16)} pc=0x${r.pc.toString(16).padStart(8, '0')}${word}  ${r.effect}  (${n(r.ns)} ns)`;
}
