/**
 * The built-in catalogue: the standard SBI extensions pvlab implements, with
 * their standard ids, and pvlab's paravirtual extensions. Everything else
 * (dispatcher, guest include, reference page, traces) is driven by it.
 */
import type { Extension, Hypercall } from '../schema/extension.js';
import { PVLAB_BENCH } from './pvlab-bench.js';
import { PVLAB_BLKIF } from './pvlab-blkif.js';
import { PVLAB_EVTCHN } from './pvlab-evtchn.js';
import { PVLAB_GRANT } from './pvlab-grant.js';
import { PVLAB_MMU } from './pvlab-mmu.js';
import { PVLAB_MULTICALL } from './pvlab-multicall.js';
import { PVLAB_MEMORY } from './pvlab-memory.js';
import { PVLAB_NETIF } from './pvlab-netif.js';
import { PVLAB_SCHED } from './pvlab-sched.js';
import { SBI_BASE } from './sbi-base.js';
import { SBI_DBCN } from './sbi-dbcn.js';
import { SBI_SRST } from './sbi-srst.js';
import { SBI_TIME } from './sbi-time.js';

export { SBI_BASE, SBI_TIME, SBI_DBCN, SBI_SRST, PVLAB_MMU, PVLAB_MULTICALL, PVLAB_SCHED, PVLAB_BENCH, PVLAB_GRANT, PVLAB_EVTCHN, PVLAB_BLKIF, PVLAB_NETIF, PVLAB_MEMORY };
export { EVTCHN_PAGE } from './pvlab-evtchn.js';
export { BLKIF_REQUEST, BLKIF_RESPONSE, BLKIF_SRING } from './pvlab-blkif.js';
export { MMU_REQ } from './pvlab-mmu.js';
export { NETIF_RX_REQUEST, NETIF_RX_RESPONSE, NETIF_SRING, NETIF_TX_REQUEST, NETIF_TX_RESPONSE } from './pvlab-netif.js';
export { MULTICALL_ENTRY } from './pvlab-multicall.js';

/** Every built-in extension, standard ones first. */
export const CATALOGUE: readonly Extension[] = [SBI_BASE, SBI_TIME, SBI_DBCN, SBI_SRST, PVLAB_MMU, PVLAB_MULTICALL, PVLAB_SCHED, PVLAB_BENCH, PVLAB_GRANT, PVLAB_EVTCHN, PVLAB_BLKIF, PVLAB_NETIF, PVLAB_MEMORY];

/** Every built-in call by name: `defineHandler(HYPERCALLS.console_write, ...)`. */
export const HYPERCALLS = {
  ...SBI_BASE.calls,
  ...SBI_TIME.calls,
  ...SBI_DBCN.calls,
  ...SBI_SRST.calls,
  ...PVLAB_MMU.calls,
  ...PVLAB_MULTICALL.calls,
  ...PVLAB_SCHED.calls,
  ...PVLAB_BENCH.calls,
  ...PVLAB_GRANT.calls,
  ...PVLAB_EVTCHN.calls,
  ...PVLAB_BLKIF.calls,
  ...PVLAB_NETIF.calls,
  ...PVLAB_MEMORY.calls,
};

/** The name of a built-in call. */
export type HypercallName = keyof typeof HYPERCALLS;

/** Every built-in call, in catalogue order. */
export const ALL_HYPERCALLS: readonly Hypercall[] = CATALOGUE.flatMap((e) => e.list);
