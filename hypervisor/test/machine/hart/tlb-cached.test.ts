/**
 * Mmu.cached: the address the TLB holds for an access, without a walk (the
 * hypervisor's view of guest pointers uses it before translating). It
 * answers exactly what `translate` answered when it made the entry, and
 * nothing once the entry is gone or for another kind, privilege or a span
 * that leaves the page.
 */
import test from 'ava';
import { PRIV } from '@pvlab/assembler';
import { runSnippet } from '../_helpers/hart-run.js';
import { LOAD, STORE } from '../../../src/machine/hart/mmu.js';

test('a page translate made an entry for is found there, and only there', (t) => {
  const { hart } = runSnippet('ebreak'); // its PMP set-up opens memory to S and U
  const mmu = hart.mmu, va = 0x8010_0123;
  t.is(mmu.cached(va | 0, 4, LOAD, PRIV.S), -1, 'nothing before a translation');
  const pa = mmu.translate(va, 4, LOAD, PRIV.S);
  t.is(pa, va, 'translation off: the address itself');
  t.is(mmu.cached(va | 0, 4, LOAD, PRIV.S), pa);
  t.is(mmu.cached((va + 0x100) | 0, 8, LOAD, PRIV.S), pa + 0x100, 'anywhere on the page');
  t.is(mmu.cached(va | 0, 4, STORE, PRIV.S), -1, 'not for stores: their entry is their own');
  t.is(mmu.cached(va | 0, 4, LOAD, PRIV.U), -1, 'not for U-mode');
  t.is(mmu.cached(0x8010_0ffe | 0, 4, LOAD, PRIV.S), -1, 'not for a span that leaves the page');
  t.is(mmu.cached(0x8020_0123 | 0, 4, LOAD, PRIV.S), -1, 'not for another page');
  mmu.flushPage(va);
  t.is(mmu.cached(va | 0, 4, LOAD, PRIV.S), -1, 'gone with its page');
  mmu.translate(va, 4, LOAD, PRIV.S);
  mmu.flush();
  t.is(mmu.cached(va | 0, 4, LOAD, PRIV.S), -1, 'gone with the TLB');
});
