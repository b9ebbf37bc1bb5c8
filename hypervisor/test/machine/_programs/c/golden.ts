/**
 * Record QEMU 7.2's runs of the C test programs as goldens:
 *
 *   npx tsx --conditions=source hypervisor/test/machine/_programs/c/golden.ts [case …]
 *
 * Writes golden/<case>.txt (the transcript) and golden/status.json (exit
 * status, ELF digest, disk digests after the run). Each case is run twice
 * and must give the same transcript and disks both times, or nothing is
 * written: a golden that depends on QEMU's timing would mean nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { C_CASES, C_GOLDEN, runQemuCase, statusOf, type CStatus } from './cases.js';

const only = process.argv.slice(2);
const statusPath = join(C_GOLDEN, 'status.json');
let status: Record<string, CStatus> = {};
try {
  status = JSON.parse(readFileSync(statusPath, 'utf8'));
} catch {
  // first run
}
for (const c of C_CASES.filter((x) => only.length === 0 || only.includes(x.name))) {
  const a = runQemuCase(c), b = runQemuCase(c);
  const sa = statusOf(c, a), sb = statusOf(c, b);
  if (a.timedOut || a.output !== b.output || JSON.stringify(sa) !== JSON.stringify(sb)) throw new Error(`${c.name}: QEMU's two runs differ (or timed out)`);
  writeFileSync(join(C_GOLDEN, `${c.name}.txt`), a.output);
  status[c.name] = sa;
  console.log(`${c.name}: exit ${a.exitCode}, ${a.output.split('\n').length - 1} lines`);
}
writeFileSync(statusPath, JSON.stringify(status, null, 2) + '\n');
