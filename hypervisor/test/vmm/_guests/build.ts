/** Builds the hypervisor's test guests with pvlab's assembler (S-mode payloads at 0x80200000); the kernel's generated hypercalls.inc is on the include path. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '@pvlab/assembler';
import { GUEST_KERNEL_ROOT } from '@pvlab/guest-kernel';

const DIR = dirname(fileURLToPath(import.meta.url));

/** The ELF of test guest `name` (`_guests/<name>.s`), or of assembly `text` given here. */
export function buildGuest(name: string, defsym: Record<string, number> = {}, text?: string): Uint8Array {
  const layoutFile = join(DIR, 'layout.ld');
  const r = assemble([{ path: join(DIR, `${name}.s`), text }], { layout: readFileSync(layoutFile, 'utf8'), layoutFile, includePaths: [DIR, join(GUEST_KERNEL_ROOT, 'include')], defsym });
  if (!r.ok || !r.program) throw new Error(`${name}.s does not assemble:\n${r.formatDiagnostics()}`);
  return r.program.elf({ debug: false });
}
