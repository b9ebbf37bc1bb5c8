/**
 * One name, one meaning (issue 12, "Rooms"): names that once meant two
 * things stay apart. `bench` is the product's benchmark (`pvlab bench`,
 * hypervisor/src/bench); the project's own performance figures are `perf`
 * (scripts/perf). `mmio` alone named both the board's device access and the
 * trap mode's emulation of it: the board's MMIO dispatch is
 * devices/access.ts, virtio's transport devices/virtio/mmio-transport.ts,
 * the trap mode's emulation vmm/trap/device-access.ts. "Firmware" is the
 * M-mode program in guest-kernel/firmware; the hypervisor's answer to a
 * trap nobody handles is vmm/unhandled-trap.ts.
 */
import test from 'ava';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', '.git', 'out', 'reports']);

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    out.push(relative(REPO, path));
    if (statSync(path).isDirectory()) out.push(...walk(path));
  }
  return out;
}

/** A name that must mean one thing: the paths allowed to carry it, and where the other meaning went. */
const RULES = [
  { name: /^bench(\.ts)?$/, allowed: /^(hypervisor\/src\/bench|hypervisor\/src\/cli\/commands\/bench\.ts|hypervisor\/test\/bench|test\/bench|hypervisor\/test\/machine\/_programs\/bench)(\/|$)/, because: 'bench is pvlab bench; the project\'s performance figures are scripts/perf' },
  { name: /^mmio\.ts$/, allowed: /^$/, because: 'say which MMIO: devices/access.ts, virtio/mmio-transport.ts, vmm/trap/device-access.ts' },
  { name: /^firmware/, allowed: /^(guest-kernel\/(firmware|src\/firmware-contract\.ts)|guest-kernel\/firmware\/firmware\.s|guest-kernel\/test\/firmware.*|test\/boot\/firmware.*)$/, because: 'firmware is the M-mode program in guest-kernel/firmware' },
] as const;

const PATHS = ['assembler', 'hypercall-abi', 'guest-kernel', 'hypervisor', 'scripts', 'test'].flatMap((root) => walk(join(REPO, root)));

test('a name that meant two things now names one', (t) => {
  t.true(PATHS.length > 500, `${PATHS.length} paths read`);
  const clashes = PATHS.flatMap((p) => RULES.filter((r) => r.name.test(basename(p)) && !r.allowed.test(p)).map((r) => `${p}: ${r.because}`));
  t.deepEqual(clashes, []);
});

test('the renamed files are where the names say', (t) => {
  for (const p of ['scripts/perf.ts', 'scripts/perf/targets.ts', 'hypervisor/src/bench/index.ts', 'hypervisor/src/machine/devices/access.ts',
    'hypervisor/src/machine/devices/virtio/mmio-transport.ts', 'hypervisor/src/vmm/trap/device-access.ts', 'hypervisor/src/vmm/unhandled-trap.ts']) t.true(existsSync(join(REPO, p)), p);
});

test('each rule catches the name it forbids', (t) => {
  const bad = ['scripts/bench', 'scripts/bench.ts', 'hypervisor/src/vmm/trap/mmio.ts', 'hypervisor/src/machine/devices/virtio/mmio.ts', 'hypervisor/src/vmm/firmware.ts'];
  for (const p of bad) t.true(RULES.some((r) => r.name.test(basename(p)) && !r.allowed.test(p)), p);
});

test('each mode of the hypervisor and each part of the hart has its room', (t) => {
  const rooms = [
    'hypervisor/src/vmm/world-switch.ts', // what both modes share: fenceVm, NEVER, reflect
    ...['mode', 'exits', 'emulate', 'decode', 'device-access', 'lazy-shadow'].map((f) => `hypervisor/src/vmm/trap/${f}.ts`),
    ...['mode', 'eager-shadow', 'hypercalls'].map((f) => `hypervisor/src/vmm/paravirt/${f}.ts`),
    'hypervisor/src/machine/hart/trap.ts', // trap entry, mret/sret, wfi, sfence.vma
    'hypervisor/src/machine/hart/atomics.ts',
  ];
  t.deepEqual(rooms.filter((p) => !existsSync(join(REPO, p))), []);
});
