/**
 * pvlab block interface: the paravirtual disk's split driver (Xen's blkif,
 * `xen/include/public/io/blkif.h` and `io/ring.h`, sized to a teaching
 * kernel). The front end (the guest's driver) and the back end (the
 * hypervisor, over the VM's disk image) share one granted ring page:
 *
 *   0   req_prod   requests the front end produced (free-running)     front writes
 *   4   req_event  "send me an event when req_prod passes this"       back writes
 *   8   rsp_prod   responses the back end produced (free-running)     back writes
 *   12  rsp_event  "signal me when rsp_prod passes this"              front writes
 *   64  BLKIF_RING_SIZE slots of 32 bytes: request i in slot i % SIZE,
 *       overwritten by its response once the back end consumed it
 *
 * A request moves sectors first_sect..last_sect of one granted data page
 * (4 KiB = 8 sectors) from or to the disk at `sector`. The front end
 * queues a batch and sends one event if req_prod passed req_event; the back
 * end serves every queued request, writes the responses, and signals the
 * connection's port once if rsp_prod passed rsp_event (notification
 * suppression both ways, as Xen's RING_PUSH_*_AND_CHECK_NOTIFY). Every index
 * and field is checked: a request the back end cannot do gets an error
 * status; a ring whose producer index runs more than a ring ahead is corrupt,
 * and the back end stops serving it.
 */
import { field, struct } from '../schema/elements.js';
import { result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

/** The ring page's header; the slots follow it. */
export const BLKIF_SRING = struct('blkif_sring', "the shared ring page's header; slot i is at BLKIF_SRING_SIZE + i * BLKIF_REQUEST_SIZE", {
  req_prod: field.u32('requests produced by the front end, free-running'),
  req_event: field.u32('the back end wants an event when req_prod passes this'),
  rsp_prod: field.u32('responses produced by the back end, free-running'),
  rsp_event: field.u32('the front end wants an event when rsp_prod passes this'),
  reserved: field.u32s(12, 'zero'),
});

/** One request. */
export const BLKIF_REQUEST = struct('blkif_request', 'a request, in slot req % BLKIF_RING_SIZE', {
  id: field.u32("the front end's cookie, echoed in the response"),
  op: field.u32('BLKIF_OP_READ, BLKIF_OP_WRITE or BLKIF_OP_FLUSH'),
  sector_lo: field.u32('first 512-byte sector on the disk, low word'),
  sector_hi: field.u32('high word'),
  gref: field.u32('grant of the data page (writable for a read); unused by a flush'),
  first_sect: field.u32('first sector within the page, 0..7'),
  last_sect: field.u32('last sector within the page, first_sect..7'),
  reserved: field.u32('zero'),
});

/** One response, written over its request's slot. */
export const BLKIF_RESPONSE = struct('blkif_response', "a response, in the slot of the request it answers (rsp % BLKIF_RING_SIZE)", {
  id: field.u32("the request's id"),
  op: field.u32("the request's op"),
  status: field.u32('BLKIF_RSP_OKAY, BLKIF_RSP_ERROR or BLKIF_RSP_EOPNOTSUPP'),
});

export const PVLAB_BLKIF = defineExtension({
  name: 'blkif',
  title: 'pvlab block interface',
  eid: EID_RANGES.pvlab.first + 6,
  prefix: 'PVLAB',
  doc: "The paravirtual disk: a request ring in a granted page, served by the hypervisor over the VM's disk image.",
  layouts: [BLKIF_SRING, BLKIF_REQUEST, BLKIF_RESPONSE],
  constants: {
    blkif_ring_size: { value: 32, doc: 'slots in the ring (a power of two); at most this many requests outstanding' },
    blkif_sectors_per_page: { value: 8, doc: '512-byte sectors in a data page: last_sect < this' },
    blkif_op_read: { value: 0, doc: 'op: disk to page' },
    blkif_op_write: { value: 1, doc: 'op: page to disk' },
    blkif_op_flush: { value: 3, doc: "op: what was written reaches stable storage (Xen's FLUSH_DISKCACHE)" },
    blkif_rsp_okay: { value: 0, doc: 'status: done' },
    blkif_rsp_error: { value: -1, doc: 'status: not done (bad sector range, grant, page or sector numbers; a read-only disk; a host I/O error)' },
    blkif_rsp_eopnotsupp: { value: -2, doc: 'status: an op the back end does not know' },
    blkif_feature_flush: { value: 1, doc: 'feature: the disk caches writes; BLKIF_OP_FLUSH makes them durable' },
    blkif_feature_readonly: { value: 2, doc: 'feature: the disk is read-only; writes fail' },
  },
  calls: {
    blkif_probe: {
      fid: 0,
      doc: "The VM's disk: its capacity in 512-byte sectors (a disk of 2 TiB or more shows its first 2^32 - 1). NOT_SUPPORTED when the VM has no disk.",
      args: {},
      result: result.u32('capacity in sectors'),
      errors: ['NOT_SUPPORTED'],
      example: 'HC_BLKIF_PROBE            # a1 = sectors',
    },
    blkif_connect: {
      fid: 1,
      doc:
        'Connect the disk to the ring in the page of grant ref (writable, zeroed by the front end) and bind its completions to event ' +
        "port: from now on an evtchn_send(port) makes the back end serve the ring. Returns the disk's features. INVALID_STATE " +
        'without an event page (evtchn_setup) or when the disk is connected already; the grant stays held while it is.',
      args: {
        ref: u32('grant reference of the ring page'),
        port: u32('the event port, 1..31, for completions and notifies'),
      },
      result: result.u32('BLKIF_FEATURE_* bits', 'hex'),
      errors: ['NOT_SUPPORTED', 'INVALID_PARAM', 'INVALID_STATE'],
      example: 'li a1, 1\nHC_BLKIF_CONNECT s0, a1   # a1 = features',
    },
    blkif_disconnect: {
      fid: 2,
      doc:
        "Disconnect the disk (Xen's Closing state): the back end stops serving the ring, unbinds its event port and lets go of the " +
        "ring's grant, which the front end may then revoke, with its data pages'. Requests queued and not served yet are dropped. A " +
        'later blkif_connect starts afresh. INVALID_STATE when the disk is not connected.',
      args: {},
      result: result.none,
      errors: ['NOT_SUPPORTED', 'INVALID_STATE'],
      example: 'HC_BLKIF_DISCONNECT',
    },
  },
});
