/**
 * pvlab event channels (Xen's event channels, sized to a teaching kernel):
 * notifications between a guest and the hypervisor's back ends. The guest
 * names a granted page as its event page: a word of pending bits and a word
 * of mask bits, one per port. A back end signals a port by setting its
 * pending bit; when the port is not masked the hypervisor raises the VM's
 * supervisor software interrupt (sip.SSIP, Xen's `evtchn_upcall_pending`),
 * taken at the next world switch into the guest. The guest acknowledges by
 * clearing SSIP and the pending bits — its own CSR and memory, no exit.
 * The guest signals a back end with one `evtchn_send`: the notify of a
 * split driver, once per batch of requests.
 */
import { field, struct } from '../schema/elements.js';
import { result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

/** The event page: written by the hypervisor (pending) and the guest (both). */
export const EVTCHN_PAGE = struct('evtchn_page', 'the event page, at the start of a granted page', {
  pending: field.u32('bit p: port p was signalled and is not acknowledged yet (the hypervisor sets, the guest clears)'),
  mask: field.u32('bit p: port p raises no interrupt (the guest sets and clears; a masked port still becomes pending)'),
});

export const PVLAB_EVTCHN = defineExtension({
  name: 'evtchn',
  title: 'pvlab event channels',
  eid: EID_RANGES.pvlab.first + 5,
  prefix: 'PVLAB',
  doc: 'Event channels: pending bits in a page the guest shares, delivered as a virtual interrupt; one send notifies a back end.',
  layouts: [EVTCHN_PAGE],
  constants: {
    evtchn_ports: { value: 32, doc: 'ports 1..31 (0 is never a port): one bit each of pending and mask' },
  },
  calls: {
    evtchn_setup: {
      fid: 0,
      doc:
        "Use the page of grant ref (writable) as the VM's event page from now on. Events signalled before there was one are lost. " +
        'The grant stays held while the page is in use (grant_revoke is DENIED).',
      args: { ref: u32('grant reference of the event page') },
      result: result.none,
      errors: ['INVALID_PARAM'],
      example: 'HC_EVTCHN_SETUP s0',
    },
    evtchn_send: {
      fid: 1,
      doc:
        'Signal the back end bound to port (by blkif_connect): it serves what the guest queued for it before the call returns. ' +
        'INVALID_PARAM for a port nothing is bound to; FAILED when the back end found its ring corrupt and stopped serving it.',
      args: { port: u32('the port, 1..31') },
      result: result.none,
      errors: ['INVALID_PARAM'],
      example: 'li a0, 1\nHC_EVTCHN_SEND a0',
    },
  },
});
