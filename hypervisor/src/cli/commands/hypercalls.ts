/**
 * `pvlab hypercalls`: the hypercall catalogue from the command line — list
 * it, write the guest include, write the reference page — for the built-in
 * catalogue or a user's custom hypercall file.
 */
import {
  CATALOGUE, checkExtensions, describeExtensions, guestInclude, hypercallReference, isHypercallAbiError, listText, loadExtensions,
  type Extension, type LoadedHypercalls,
} from '@pvlab/hypercall-abi';
import { writeOutput } from '../files.js';
import { flag, parseOptions, text, type OptionTable } from '../options.js';
import { UsageError } from '../output.js';

/** `pvlab hypercalls`' options. */
export const hypercallsOptions = {
  output: text('o'),
  json: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

export const hypercallsHelp = `usage: pvlab hypercalls list [FILE...] [--json]
       pvlab hypercalls gen  [FILE...] [-o OUT.inc]
       pvlab hypercalls docs [FILE...] [-o OUT.md]

The hypercall catalogue: pvlab's built-in hypercalls (SBI Base, TIME, DBCN,
SRST and pvlab's MMU, multicall, scheduling and benchmark extensions) and
your own. A FILE is a TypeScript or JavaScript module that exports extensions
made with defineExtension and their handlers (see
docs/tutorials/custom-hypercall.md).

  list   one row per call: ids, name, macro, argument registers; with FILEs
         the built-in catalogue and theirs, as a VM would see it
  gen    the guest assembly include (.equ symbols and one HC_<CALL> macro per
         call): the built-in one, or only the FILEs' extensions
  docs   the reference page (Markdown), built-in or the FILEs'

options:
  -o, --output F   write to F instead of standard output
      --json       list as JSON

examples:
  pvlab hypercalls list
  pvlab hypercalls gen ./my-hypercalls.ts -o my-hypercalls.inc
  pvlab hypercalls docs -o hypercalls.md`;

async function load(files: readonly string[]): Promise<LoadedHypercalls[]> {
  const loaded: LoadedHypercalls[] = [];
  try {
    for (const f of files) loaded.push(await loadExtensions(f));
    checkExtensions(loaded); // the files against each other, too
  } catch (e) {
    if (isHypercallAbiError(e)) throw new UsageError(`hypercalls: ${e.message}`, 1);
    throw e;
  }
  return loaded;
}

function output(text: string, path: string | undefined, summary: string): void {
  if (path === undefined) {
    process.stdout.write(text);
    return;
  }
  writeOutput('hypercalls', path, text);
  console.log(`wrote ${path}: ${summary}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const summaryOf = (exts: readonly Extension[]) => `${plural(exts.length, 'extension')}, ${plural(exts.reduce((n, e) => n + e.list.length, 0), 'call')}`;

export async function hypercallsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions('hypercalls', argv, hypercallsOptions);
  if (values.help) {
    console.log(hypercallsHelp);
    return 0;
  }
  const [action, ...files] = positionals;
  if (!action) throw new UsageError('hypercalls: give an action: list, gen or docs (try: pvlab hypercalls --help)');
  if (!['list', 'gen', 'docs'].includes(action)) throw new UsageError(`hypercalls: unknown action '${action}' (actions: list, gen, docs)`);
  if (values.json && action !== 'list') throw new UsageError('hypercalls: --json goes with list');
  const loaded = await load(files);
  const custom = loaded.flatMap((l) => l.extensions);
  const origin = new Map<Extension, string>(loaded.flatMap((l) => l.extensions.map((e) => [e, l.file] as const)));
  const source = loaded.map((l) => l.file).join(', ');
  if (action === 'list') {
    const all = [...CATALOGUE, ...custom];
    const text = values.json ? JSON.stringify(describeExtensions(all, (e) => origin.get(e) ?? 'built-in'), null, 2) + '\n' : listText(all);
    output(text, values.output, summaryOf(all));
  } else if (action === 'gen') {
    const exts = files.length ? custom : CATALOGUE;
    const regenerate = files.length ? `pvlab hypercalls gen ${files.join(' ')}${values.output ? ` -o ${values.output}` : ''}` : undefined;
    output(guestInclude(exts, files.length ? { source, regenerate } : {}), values.output, summaryOf(exts));
  } else {
    const exts = files.length ? custom : CATALOGUE;
    const page = files.length
      ? hypercallReference(exts, { title: `Hypercalls of ${source}`, source, regenerate: `\`pvlab hypercalls docs ${files.join(' ')}\`` })
      : hypercallReference(exts);
    output(page, values.output, summaryOf(exts));
  }
  return 0;
}
