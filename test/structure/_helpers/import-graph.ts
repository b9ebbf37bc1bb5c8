/**
 * The project's import graph, read from the sources (static `import … from`
 * and `export … from`, type-only imports included: a type import still says
 * which layer a file knows about), and the layering rules it must obey.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One import: the file that imports, and what it names (a repository path for relative imports, else the package specifier). */
export interface ImportEdge {
  readonly from: string;
  readonly to: string;
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'";]*?\sfrom\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

/** Every import of every `.ts` file under `roots` (repository-relative folders). */
export function readImportGraph(repo: string, roots: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const root of roots) {
    for (const file of sourceFiles(join(repo, root))) {
      const text = readFileSync(file, 'utf8');
      const from = relative(repo, file);
      for (const m of text.matchAll(SPECIFIER)) {
        const spec = m[1] ?? m[2];
        const to = spec.startsWith('.') ? relative(repo, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
        edges.push({ from, to });
      }
    }
  }
  return edges;
}

/** A rule: files matching `files` must not import anything matching `mayNotImport`. */
export interface LayerRule {
  readonly why: string;
  readonly files: RegExp;
  readonly mayNotImport: RegExp;
}

/**
 * The project's layers, lowest first. Packages: hypercall-abi and assembler
 * at the bottom, then guest-kernel, then hypervisor. Inside the hypervisor:
 * the board (machine/), the hypervisor on it (vmm/), snapshots of either
 * (snapshot/: the state each owner saves, gathered into a file), booting a kernel in a
 * mode (boot/), the gdb server beside the benchmark (gdb/, bench/), the
 * command (cli/). Inside vmm/ the
 * two modes stand side by side and never import each other; inside the
 * board, devices never import the hart.
 */
export const LAYER_RULES: readonly LayerRule[] = [
  { why: 'the assembler is below every other package', files: /^assembler\/src\//, mayNotImport: /^@pvlab\/(hypercall-abi|guest-kernel|hypervisor)|^(hypercall-abi|guest-kernel|hypervisor)\// },
  { why: 'the hypercall ABI is below the kernel and the hypervisor', files: /^hypercall-abi\/src\//, mayNotImport: /^@pvlab\/(guest-kernel|hypervisor)|^(assembler|guest-kernel|hypervisor)\// },
  { why: 'the guest kernel is below the hypervisor', files: /^guest-kernel\/src\//, mayNotImport: /^@pvlab\/hypervisor|^(assembler|hypercall-abi|hypervisor)\// },
  { why: 'no deep imports into another package', files: /^(assembler|hypercall-abi|guest-kernel|hypervisor)\/src\//, mayNotImport: /^@pvlab\/[^/]+\/./ },
  { why: 'the board knows nothing of the hypervisor or above', files: /^hypervisor\/src\/machine\//, mayNotImport: /^hypervisor\/src\/(vmm|boot|bench|cli|gdb|snapshot|control)\// },
  { why: 'devices never import the hart', files: /^hypervisor\/src\/machine\/devices\//, mayNotImport: /^hypervisor\/src\/machine\/hart\// },
  { why: 'the hypervisor is below snapshots, booting, the benchmark, the gdb server, control, migration and the command', files: /^hypervisor\/src\/vmm\//, mayNotImport: /^hypervisor\/src\/(snapshot|boot|bench|gdb|cli|control|migration)\// },
  { why: 'snapshots sit on the board and the hypervisor, below booting, the benchmark, the gdb server and the command', files: /^hypervisor\/src\/snapshot\//, mayNotImport: /^hypervisor\/src\/(boot|bench|gdb|cli|control|migration)\// },
  { why: 'booting is below the benchmark, the gdb server, control, migration and the command', files: /^hypervisor\/src\/boot\//, mayNotImport: /^hypervisor\/src\/(bench|gdb|cli|control|migration)\// },
  { why: 'control and migration are below the command (the command wires them together)', files: /^hypervisor\/src\/(control|migration)\//, mayNotImport: /^hypervisor\/src\/(cli|bench|gdb)\// },
  { why: 'the control plane is handed migration as a service, and migration drives no control socket', files: /^hypervisor\/src\/control\//, mayNotImport: /^hypervisor\/src\/migration\// },
  { why: 'the benchmark is below the command, beside the gdb server', files: /^hypervisor\/src\/bench\//, mayNotImport: /^hypervisor\/src\/(gdb|cli)\// },
  { why: 'the gdb server is below the command, beside the benchmark', files: /^hypervisor\/src\/gdb\//, mayNotImport: /^hypervisor\/src\/(bench|cli)\// },
  { why: 'paravirt mode never imports trap mode', files: /^hypervisor\/src\/vmm\/paravirt\//, mayNotImport: /^hypervisor\/src\/vmm\/trap\// },
  { why: 'trap mode never imports paravirt mode', files: /^hypervisor\/src\/vmm\/trap\//, mayNotImport: /^hypervisor\/src\/vmm\/paravirt\// },
  { why: 'the shared part of the hypervisor imports no mode (only hypervisor.ts picks them)', files: /^hypervisor\/src\/vmm\/(?!hypervisor\.ts)[^/]+\.ts$/, mayNotImport: /^hypervisor\/src\/vmm\/(trap|paravirt)\// },
];

/** The imports that break a rule, as `from -> to (why)` lines. */
export function violations(edges: readonly ImportEdge[], rules: readonly LayerRule[] = LAYER_RULES): string[] {
  const out: string[] = [];
  for (const e of edges) for (const r of rules) if (r.files.test(e.from) && r.mayNotImport.test(e.to)) out.push(`${e.from} -> ${e.to} (${r.why})`);
  return out;
}
