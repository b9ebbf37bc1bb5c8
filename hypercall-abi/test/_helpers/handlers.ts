/**
 * Handlers for the built-in catalogue as a test hypervisor would write them
 * (the real ones live in the hypervisor): they use every argument so that
 * tests see validation and buffers work end to end.
 */
import { HYPERCALLS, defineHandler, fail, type Handler } from '@pvlab/hypercall-abi';
import type { FakeVm } from './fake-vm.js';

export const testHandlers: Handler<FakeVm>[] = [
  defineHandler(HYPERCALLS.console_write, (vm: FakeVm, { buf }) => {
    vm.console.push(...buf.read());
    return buf.byteLength;
  }),
  defineHandler(HYPERCALLS.console_read, (vm: FakeVm, { buf, len }) => {
    const input = new TextEncoder().encode('ls\n').subarray(0, len);
    buf.write(input);
    vm.events.push('read');
    return input.length;
  }),
  defineHandler(HYPERCALLS.console_write_byte, (vm: FakeVm, { byte }) => {
    vm.console.push(byte & 0xff);
    return undefined;
  }),
  defineHandler(HYPERCALLS.set_timer, (vm: FakeVm, { stime_value }) => {
    vm.events.push(`timer ${stime_value.toString(16)}`);
    return undefined;
  }),
  defineHandler(HYPERCALLS.system_reset, (vm: FakeVm, { reset_type, reset_reason }) => {
    if (reset_type === 'warm_reboot') return fail('NOT_SUPPORTED');
    vm.events.push(`reset ${reset_type} ${reset_reason}`);
    return undefined;
  }),
  defineHandler(HYPERCALLS.mmu_update, (vm: FakeVm, { reqs, count, flags, va }) => {
    for (let i = 0; i < count; i++) {
      const { ptep, value } = reqs.get(i);
      if (ptep % 4 !== 0) return fail('DENIED', i);
      vm.events.push(`pte ${ptep.toString(16)}=${value.toString(16)}`);
    }
    if (flags.has('tlb_flush_all')) vm.events.push('flush');
    if (flags.has('tlb_flush_page')) vm.events.push(`flush page ${va.toString(16)}`);
    return count;
  }),
  defineHandler(HYPERCALLS.new_baseptr, (vm: FakeVm, { satp }) => {
    vm.events.push(`satp ${satp.toString(16)}`);
    return undefined;
  }),
  defineHandler(HYPERCALLS.tlb_flush, (vm: FakeVm, { va, size }) => {
    vm.events.push(`flush ${va.toString(16)}+${size.toString(16)}`);
    return undefined;
  }),
  defineHandler(HYPERCALLS.idle, (vm: FakeVm) => {
    vm.events.push('idle');
    return undefined;
  }),
  defineHandler(HYPERCALLS.yield, (vm: FakeVm) => {
    vm.events.push('yield');
    return undefined;
  }),
  defineHandler(HYPERCALLS.bench_marker, (vm: FakeVm, { event }) => {
    vm.events.push(`bench ${event}`);
    return undefined;
  }),
];
