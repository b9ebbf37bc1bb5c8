/** SBI Base, answered by the ABI from the registry (SBI §4). */
import test from 'ava';
import { HYPERCALLS, PVLAB_IDENTITY, PVLAB_MMU, SBI_BASE, SBI_DBCN, createRegistry, defineHandler, dispatch } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm, type FakeVm } from '../_helpers/fake-vm.js';
import { testHandlers } from '../_helpers/handlers.js';

const value = (reg: ReturnType<typeof createRegistry<FakeVm>>, fid: number, args: number[] = []) => {
  const regs = new FakeRegisters(SBI_BASE.eid, fid, args);
  dispatch(reg, fakeVm(), regs);
  t_error(regs.written!.error);
  return regs.written!.value >>> 0;
};
const t_error = (e: number) => { if (e !== 0) throw new Error(`base call failed: ${e}`); };

test('version and identity queries answer from PVLAB_IDENTITY', (t) => {
  const reg = createRegistry<FakeVm>({ handlers: testHandlers });
  t.is(value(reg, 0), 0x0200_0000);
  t.is(value(reg, 1), PVLAB_IDENTITY.implId);
  t.is(value(reg, 2), PVLAB_IDENTITY.implVersion);
  t.deepEqual([4, 5, 6].map((f) => value(reg, f)), [0, 0, 0]);
});

test('probe_extension says 1 for an extension with handlers, 0 for one without or an unknown id', (t) => {
  const reg = createRegistry<FakeVm>({ handlers: [defineHandler(HYPERCALLS.console_write, () => 0)] });
  t.is(value(reg, 3, [SBI_BASE.eid]), 1);
  t.is(value(reg, 3, [SBI_DBCN.eid]), 1);
  t.is(value(reg, 3, [PVLAB_MMU.eid]), 0);
  t.is(value(reg, 3, [0x1234]), 0);
});

test('the hypervisor may answer Base itself (its handler wins over the default)', (t) => {
  const reg = createRegistry<FakeVm>({ handlers: [defineHandler(HYPERCALLS.mimpid, () => 42)] });
  t.is(value(reg, 6), 42);
});
