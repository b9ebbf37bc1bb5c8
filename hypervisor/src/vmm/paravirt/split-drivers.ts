/**
 * The hypercalls of the split drivers — `grant`, `evtchn`, `blkif`, `netif`
 * — and each VM's state behind them: its grant table, its event channels,
 * its disk's back end and its network card's. The state is made at a VM's first such call; a VM that
 * never makes one (the native kernel, trapped) has none.
 */
import { HYPERCALLS, defineHandler, fail, type Handler } from '@pvlab/hypercall-abi';
import type { Vm } from '../vm.js';
import { BlkBack, type BlkBackState } from './blkback.js';
import { EventChannels } from './event-channels.js';
import { GrantTable, type GrantTableState } from './grant-table.js';
import { NETIF_FRAME_MAX, NetBack, type NetBackState } from './netback.js';
import type { HypercallHost } from './hypercall-host.js';

/** One VM's split-driver state. */
/** A VM's split drivers as a snapshot holds them. */
export interface SplitDriversState {
  readonly grants: GrantTableState;
  readonly eventPage: number | undefined;
  readonly blk: BlkBackState | undefined;
  readonly net: NetBackState | undefined;
}

export class SplitDrivers {
  readonly grants: GrantTable;
  readonly events: EventChannels;
  /** The disk's back end, when the VM has a disk. */
  readonly blk: BlkBack | undefined;
  /** The network card's back end, when the VM has a card. */
  readonly net: NetBack | undefined;

  constructor(vm: Vm, raise: () => void) {
    this.grants = new GrantTable(vm.guestMemory.ram, (page) => vm.memory.p2m.has(page));
    this.events = new EventChannels(vm.guestMemory, raise);
    this.blk = vm.disk ? new BlkBack(vm.disk, vm.guestMemory, this.grants, this.events, vm.work) : undefined;
    this.net = vm.nic ? new NetBack(vm.nic, vm.guestMemory, this.grants, this.events, vm.work, vm.deviceWork) : undefined;
  }

  /** The VM's grants, event page and back ends, for a snapshot (all in guest-physical addresses: any slot). */
  save(): SplitDriversState {
    return { grants: this.grants.save(), eventPage: this.events.page, blk: this.blk?.save(), net: this.net?.save() };
  }

  /** Take a saved state (grants first: the back ends' rings are pages of them). */
  load(s: SplitDriversState): void {
    if ((s.blk == null) !== (this.blk === undefined) || (s.net == null) !== (this.net === undefined)) throw new RangeError('split drivers: the VM\'s disk and network card differ from the snapshot\'s');
    this.grants.load(s.grants);
    this.events.page = s.eventPage ?? undefined;
    if (s.blk) this.blk!.load(s.blk);
    if (s.net) this.net!.load(s.net);
  }
}

/** The handlers of the split drivers' calls; `state(vm)` is the VM's state. */
export function splitDriverHandlers(host: HypercallHost): { handlers: Handler<Vm>[]; state: (vm: Vm) => SplitDrivers; find: (vm: Vm) => SplitDrivers | undefined } {
  const states = new WeakMap<Vm, SplitDrivers>();
  const state = (vm: Vm): SplitDrivers => {
    let s = states.get(vm);
    if (!s) states.set(vm, (s = new SplitDrivers(vm, () => host.mode.softInterrupt(host.hart, vm, host.running(vm)))));
    return s;
  };
  const handlers = [
    defineHandler(HYPERCALLS.grant_access, (vm: Vm, { page, flags }) => {
      const ref = state(vm).grants.grant(page, flags.has('readonly'));
      if (ref === 'misaligned') return fail('INVALID_PARAM');
      if (ref === 'outside') return fail('INVALID_ADDRESS');
      if (ref === 'full') return fail('DENIED');
      return ref;
    }),
    defineHandler(HYPERCALLS.grant_revoke, (vm: Vm, { ref }) => {
      const r = state(vm).grants.revoke(ref);
      return r === 'ok' ? undefined : fail(r === 'pinned' ? 'DENIED' : 'INVALID_PARAM');
    }),
    defineHandler(HYPERCALLS.evtchn_setup, (vm: Vm, { ref }) => {
      const s = state(vm);
      if (s.events.page !== undefined) return fail('INVALID_PARAM'); // one event page for the VM's life
      const page = s.grants.pin(ref);
      if (page === undefined) return fail('INVALID_PARAM');
      s.events.page = page;
      return undefined;
    }),
    defineHandler(HYPERCALLS.evtchn_send, (vm: Vm, { port }) => {
      const served = state(vm).events.send(port);
      if (served === undefined) return fail('INVALID_PARAM');
      return served ? undefined : fail('FAILED');
    }),
    defineHandler(HYPERCALLS.blkif_probe, (vm: Vm) => {
      const blk = state(vm).blk;
      if (!blk) return fail('NOT_SUPPORTED');
      return Math.min(blk.sectors, 0xffff_ffff);
    }),
    defineHandler(HYPERCALLS.blkif_connect, (vm: Vm, { ref, port }) => {
      const s = state(vm);
      if (!s.blk) return fail('NOT_SUPPORTED');
      if (s.blk.connected || s.events.page === undefined) return fail('INVALID_STATE');
      if (!s.events.free(port) || s.grants.page(ref, 'write') === undefined) return fail('INVALID_PARAM');
      s.blk.connect(ref, port);
      return s.blk.features;
    }),
    defineHandler(HYPERCALLS.blkif_disconnect, (vm: Vm) => {
      const blk = state(vm).blk;
      if (!blk) return fail('NOT_SUPPORTED');
      if (!blk.connected) return fail('INVALID_STATE');
      blk.disconnect();
      return undefined;
    }),
    defineHandler(HYPERCALLS.netif_probe, (vm: Vm, { mac, len }) => {
      const net = state(vm).net;
      if (!net) return fail('NOT_SUPPORTED');
      if (len !== net.nic.mac.length) return fail('INVALID_PARAM');
      mac.write(net.nic.mac);
      return NETIF_FRAME_MAX;
    }),
    defineHandler(HYPERCALLS.netif_connect, (vm: Vm, { tx, rx, port }) => {
      const s = state(vm);
      if (!s.net) return fail('NOT_SUPPORTED');
      if (s.net.connected || s.events.page === undefined) return fail('INVALID_STATE');
      const writable = (ref: number) => s.grants.page(ref, 'write') !== undefined;
      if (!s.events.free(port) || tx === rx || !writable(tx) || !writable(rx)) return fail('INVALID_PARAM');
      s.net.connect(tx, rx, port);
      return undefined;
    }),
    defineHandler(HYPERCALLS.netif_disconnect, (vm: Vm) => {
      const net = state(vm).net;
      if (!net) return fail('NOT_SUPPORTED');
      if (!net.connected) return fail('INVALID_STATE');
      net.disconnect();
      return undefined;
    }),
  ];
  return { handlers, state, find: (vm) => states.get(vm) };
}
