/**
 * docs/tutorials/custom-hypercall.md, run: its files are written and its
 * console commands run as printed in an empty directory outside the
 * checkout, with `pvlab` on the PATH the way the README puts it there
 * (`npm install -g ./hypervisor`, into a temporary prefix), and each
 * command's output must be what the page shows. Then the tutorial's
 * extension is driven through `dispatch` with a fake guest memory holding
 * the tutorial's assembled guest, and gives the trace line the page shows.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { createRegistry, dispatch, formatRecord, loadExtensions, sbiError } from '@pvlab/hypercall-abi';
import { FakeGuestMemory, FakeRegisters, fakeVm } from '../../hypercall-abi/test/_helpers/fake-vm.js';
import { ROOT, globallyInstalled } from '../_helpers/pvlab-command.js';
import { codeBlocks, consoleSteps } from './_helpers/markdown.js';

const PAGE = readFileSync(join(ROOT, 'docs/tutorials/custom-hypercall.md'), 'utf8');
const blocks = codeBlocks(PAGE);
const files = blocks.filter((b) => b.attrs.file);

/** An empty directory with the page's files, and a shell there with the installed `pvlab` on the PATH. */
function tutorialDir() {
  const { env } = globallyInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-tutorial-'));
  for (const f of files) writeFileSync(join(dir, f.attrs.file), f.text);
  return { dir, run: (command: string) => spawnSync('/bin/bash', ['-c', command], { cwd: dir, env, encoding: 'utf8' }) };
}

test('the tutorial has its files, its commands and its trace line', (t) => {
  t.deepEqual(files.map((f) => f.attrs.file), ['checksum-hypercalls.ts', 'main.s']);
  t.true(blocks.filter((b) => b.lang === 'console').flatMap(consoleSteps).length >= 5);
});

test('every console command of the tutorial prints what the page shows; excerpts match the generated files', (t) => {
  const s = tutorialDir();
  for (const block of blocks.filter((b) => b.lang === 'console')) {
    for (const step of consoleSteps(block)) {
      const r = s.run(step.command);
      t.is(r.stderr, '', `${step.command} (line ${block.line})`);
      t.is(r.stdout, step.output, `${step.command} (line ${block.line})`);
    }
  }
  for (const block of blocks.filter((b) => b.attrs.excerpt)) {
    t.true(readFileSync(join(s.dir, block.attrs.excerpt), 'utf8').includes(block.text), `excerpt of ${block.attrs.excerpt} at line ${block.line} is not in the generated file`);
  }
});

test("the tutorial's handler, loaded from its file, answers through dispatch with the trace the page shows", async (t) => {
  const s = tutorialDir();
  const loaded = await loadExtensions(join(s.dir, 'checksum-hypercalls.ts'));
  const registry = createRegistry({ custom: [loaded] });
  // The guest's image, as it would sit in the VM's memory, identity-mapped.
  const include = (name: string) => ({ path: name, text: s.run(`pvlab hypercalls gen ${name === 'checksum.inc' ? 'checksum-hypercalls.ts ' : ''}`).stdout });
  const asm = assemble([{ path: 'main.s', text: files[1].text }], {
    fs: { read: (p) => (p.endsWith('.inc') ? include(p.split('/').pop()!).text : undefined), resolveInclude: (name) => name },
  });
  t.true(asm.ok, asm.formatDiagnostics());
  const message = asm.program!.symbols.find((y) => y.name === 'message')!.value;
  const memory = new FakeGuestMemory(0x8000_0000, 0x10_0000).identity();
  memory.poke(message, asm.program!.read(message, 5));
  const vm = fakeVm(memory);
  const regs = new FakeRegisters(0x0800_0100, 0, [message, 5]);
  const record = dispatch(registry, vm, regs);
  t.deepEqual(regs.written, { error: 0, value: 0x214 });
  const shown = blocks.find((b) => b.lang === 'text' && b.text.includes('checksum('))!.text.split('\n').find((l) => l.startsWith('checksum('));
  t.is(formatRecord(record), shown ?? 'the page shows no checksum trace line');
  // And the validation the page promises: an unmapped buffer never reaches the handler.
  const bad = new FakeRegisters(0x0800_0100, 0, [0x4000_0000, 5]);
  t.is(dispatch(registry, vm, bad).error, sbiError('INVALID_ADDRESS'));
});
