/**
 * The hypervisor's side of the hypercall catalogue: one handler per call,
 * typed by its schema (a handler that disagrees with its call does not
 * compile). The dispatcher has validated every argument before a handler
 * runs: buffers are translated and bounds-checked guest memory, enums and
 * flags are in range. What differs between trap and paravirt modes goes
 * through the VM's mode (`Virtualization`).
 */
import { MEGAPAGE_SIZE as MEGA, PAGE_SIZE as PAGE, PTE, PTE_LEAF, SATP, ptePa, satpPaging } from '@pvlab/assembler';
import { HYPERCALLS, defineHandler, fail, preempt, type Handler } from '@pvlab/hypercall-abi';
import { validatePte } from './eager-shadow.js';
import type { Vm } from '../vm.js';
import { WORK } from '../work.js';
import { splitDriverHandlers } from './split-drivers.js';
import { balloonHandlers } from './balloon.js';
import type { HypercallHost } from './hypercall-host.js';

export type { HypercallHost } from './hypercall-host.js';

/** A range flush longer than this many pages flushes everything (as hardware TLBs do). */
const FLUSH_PAGES_MAX = 64;

/** The built-in handlers (Base and multicall come with the ABI package); `split`: the split drivers' (shared with the hypervisor's balloon target). */
export function builtinHandlers(host: HypercallHost, split = splitDriverHandlers(host)): Handler<Vm>[] {
  const { mode } = host;
  return [
    ...split.handlers,
    ...balloonHandlers(host, split.find, host.vmsBeside),
    // As many bytes as the exit's work allows (at least one); the rest when the guest makes the call again.
    defineHandler(HYPERCALLS.console_write, (vm: Vm, { buf }, from) => {
      const n = Math.min(buf.length - from, Math.max(1, Math.floor(vm.work.left / WORK.consoleByte)));
      for (const b of buf.read(from, n)) vm.output(b);
      vm.work.charge(n * WORK.consoleByte);
      return from + n < buf.length ? preempt(from + n) : buf.length;
    }),
    defineHandler(HYPERCALLS.console_read, (vm: Vm, { buf, len }) => {
      const n = Math.min(len, vm.input.length);
      vm.work.charge(n * WORK.consoleByte);
      buf.write(Uint8Array.from(vm.input.splice(0, n)));
      if (vm.input.length === 0) mode.inputPending(host.hart, vm, false, host.running(vm));
      return n;
    }),
    defineHandler(HYPERCALLS.console_write_byte, (vm: Vm, { byte }) => {
      vm.output(byte & 0xff);
      return undefined;
    }),
    defineHandler(HYPERCALLS.set_timer, (vm: Vm, { stime_value }) => {
      mode.setTimer(host.hart, vm, Number(BigInt.asUintN(64, stime_value)), host.running(vm));
      return undefined;
    }),
    defineHandler(HYPERCALLS.system_reset, (vm: Vm, { reset_type, reset_reason }) => {
      if (reset_type !== 'shutdown') return fail('NOT_SUPPORTED');
      vm.halt(reset_reason === 'system_failure' ? 1 : 0);
      return undefined;
    }),
    // Request by request; once the exit's work is spent, the rest when the guest makes the call again.
    defineHandler(HYPERCALLS.mmu_update, (vm: Vm, { reqs, count, flags, va }, from) => {
      // One flush after the batch at most (Xen's UVMF flush type), refused before any write; va means something only with tlb_flush_page.
      const page = flags.has('tlb_flush_page');
      if (page && flags.has('tlb_flush_all')) return fail('INVALID_PARAM', 0);
      const ram = vm.guestMemory.ram;
      for (let done = from; done < count; done++) {
        if (done > from && vm.work.left <= 0) return preempt(done);
        vm.work.charge(WORK.pteWrite);
        const { ptep, value } = reqs.get(done);
        if (ptep & 3 || ptep >>> 0 < ram.base || (ptep >>> 0) + 4 > ram.base + ram.size) return fail('INVALID_ADDRESS', done);
        const verdict = validatePte(value, ram.base, ram.size);
        if (verdict === 'reserved') return fail('INVALID_PARAM', done);
        if (verdict === 'outside') return fail('DENIED', done);
        const p2m = vm.memory.p2m;
        if (!p2m.identity) {
          // A frame handed back holds no table and may not be mapped by a page or named as a table (a megapage may span it: it maps nothing there).
          if (!p2m.has(ptep)) return fail('INVALID_ADDRESS', done);
          if (value & PTE.V && !p2m.has(ptePa(value)) && !(value & PTE_LEAF && ptePa(value) % MEGA === 0)) return fail('DENIED', done);
        }
        vm.guest.bus.write(ptep >>> 0, 4, value >>> 0);
        mode.pteWritten(host.hart, vm, ptep >>> 0, value >>> 0);
      }
      if (flags.has('tlb_flush_all')) mode.flush(host.hart, vm, undefined);
      if (page) {
        vm.work.charge(WORK.flushPage);
        mode.flush(host.hart, vm, (va & ~(PAGE - 1)) >>> 0);
      }
      return count;
    }),
    defineHandler(HYPERCALLS.new_baseptr, (vm: Vm, { satp, flags }) => {
      // Bare must come with ASID and PPN zero (§10.1.11).
      if (!satpPaging(satp) && (satp & (SATP.ASID_MASK | SATP.PPN_MASK)) !== 0) return fail('INVALID_PARAM');
      if (!mode.setRoot(host.hart, vm, satp >>> 0, host.running(vm))) return fail('INVALID_ADDRESS');
      if (flags.has('tlb_flush_all')) mode.flush(host.hart, vm, undefined);
      return undefined;
    }),
    defineHandler(HYPERCALLS.tlb_flush, (vm: Vm, { va, size }) => {
      if (size === 0 || size > FLUSH_PAGES_MAX * PAGE) mode.flush(host.hart, vm, undefined);
      else for (let p = (va & ~(PAGE - 1)) >>> 0; p < va + size; p += PAGE) {
        vm.work.charge(WORK.flushPage);
        mode.flush(host.hart, vm, p >>> 0);
      }
      return undefined;
    }),
    defineHandler(HYPERCALLS.idle, (vm: Vm) => {
      vm.cpu.waiting = true; // the mode's settle() wakes it at once if an interrupt is already pending
      return undefined;
    }),
    defineHandler(HYPERCALLS.yield, (vm: Vm) => {
      host.yieldFrom(vm);
      return undefined;
    }),
    defineHandler(HYPERCALLS.shutdown, (vm: Vm, { code }) => {
      if (code > 0xffff) return fail('INVALID_PARAM');
      vm.halt(code);
      return undefined;
    }),
    defineHandler(HYPERCALLS.bench_marker, (vm: Vm, { event }) => {
      host.marker(vm, event);
      return undefined;
    }),
  ];
}

