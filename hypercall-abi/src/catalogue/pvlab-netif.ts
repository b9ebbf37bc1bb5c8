/**
 * pvlab network interface: the paravirtual network card's split driver
 * (Xen's netif, `xen/include/public/io/netif.h` and `io/ring.h`, sized to a
 * teaching kernel). The front end (the guest's driver) and the back end (the
 * hypervisor, over the VM's network backend: the echo peer, the virtual
 * switch, a dgram socket) share two granted ring pages, one each way. Each
 * page starts with the header of `blkif`'s ring, then NETIF_RING_SIZE slots
 * of NETIF_TX_REQUEST_SIZE bytes (a response is written over the slot of
 * the request it answers):
 *
 *   tx ring   the front end's frames: a request names a frame by grant,
 *             offset and length in a granted page (read-only is enough); the
 *             back end sends it and answers with a status. The front end
 *             makes one evtchn_send per batch, if req_prod passed req_event.
 *   rx ring   the front end's empty buffers: a request names one (grant,
 *             offset, room in a writable page); the back end fills it with
 *             a frame that arrived and answers with the frame's length, and
 *             signals the port once for the frames it delivered together if
 *             rsp_prod passed rsp_event. With no buffer left it keeps frames
 *             in a bounded backlog and sets req_event: the front end
 *             notifies when it posts new buffers only then (Xen's
 *             RING_PUSH_REQUESTS_AND_CHECK_NOTIFY), so refilling costs no
 *             exit while the back end has buffers.
 *
 * One event port serves both rings (Xen's netfront without split event
 * channels): a send serves the tx ring and hands waiting frames to new
 * buffers. Every index and field is checked: a request the back end cannot
 * do gets an error status (a frame larger than NETIF_FRAME_MAX, a range
 * past its page, a revoked or read-only grant); a ring whose producer index
 * runs more than a ring ahead is corrupt, and the back end stops serving it.
 */
import { bytes, field, struct } from '../schema/elements.js';
import { ptr, result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

/** Each ring page's header (the same as blkif's); the slots follow it. */
export const NETIF_SRING = struct('netif_sring', "a ring page's header; slot i is at NETIF_SRING_SIZE + i * NETIF_TX_REQUEST_SIZE", {
  req_prod: field.u32('requests produced by the front end, free-running'),
  req_event: field.u32('the back end wants an event when req_prod passes this'),
  rsp_prod: field.u32('responses produced by the back end, free-running'),
  rsp_event: field.u32('the front end wants an event when rsp_prod passes this'),
  reserved: field.u32s(12, 'zero'),
});

/** A frame to send. */
export const NETIF_TX_REQUEST = struct('netif_tx_request', 'a frame to send, in slot req % NETIF_RING_SIZE of the tx ring', {
  id: field.u32("the front end's cookie, echoed in the response"),
  gref: field.u32('grant of the page holding the frame (read-only is enough)'),
  offset: field.u32('where the frame starts in the page'),
  len: field.u32('its length in bytes, 1..NETIF_FRAME_MAX, offset + len <= 4096'),
});

/** A sent frame's status, written over its request's slot. */
export const NETIF_TX_RESPONSE = struct('netif_tx_response', 'the status of a frame sent, in the slot of its request', {
  id: field.u32("the request's id"),
  status: field.u32('NETIF_RSP_OKAY or NETIF_RSP_ERROR'),
});

/** An empty buffer for a frame to come. */
export const NETIF_RX_REQUEST = struct('netif_rx_request', 'an empty receive buffer, in slot req % NETIF_RING_SIZE of the rx ring', {
  id: field.u32("the front end's cookie, echoed in the response"),
  gref: field.u32('grant of the page holding the buffer (writable)'),
  offset: field.u32('where the buffer starts in the page'),
  room: field.u32('its room in bytes, offset + room <= 4096'),
});

/** A buffer filled (or refused), written over its request's slot. */
export const NETIF_RX_RESPONSE = struct('netif_rx_response', 'a frame received, in the slot of the buffer it fills', {
  id: field.u32("the buffer's id"),
  offset: field.u32('where the frame starts in the page (the request\'s offset)'),
  status: field.u32("the frame's length (> 0), or NETIF_RSP_ERROR: the buffer was unusable and the frame dropped"),
});

export const PVLAB_NETIF = defineExtension({
  name: 'netif',
  title: 'pvlab network interface',
  eid: EID_RANGES.pvlab.first + 7,
  prefix: 'PVLAB',
  doc: "The paravirtual network card: a transmit ring and a receive ring in granted pages, served by the hypervisor over the VM's network backend.",
  layouts: [NETIF_SRING, NETIF_TX_REQUEST, NETIF_TX_RESPONSE, NETIF_RX_REQUEST, NETIF_RX_RESPONSE],
  constants: {
    netif_ring_size: { value: 32, doc: 'slots in each ring (a power of two); at most this many requests outstanding each way' },
    netif_frame_max: { value: 1518, doc: 'the largest frame either way: an Ethernet header, a VLAN tag and 1500 bytes (no FCS)' },
    netif_mac_len: { value: 6, doc: 'bytes of a MAC address: netif_probe\'s len' },
    netif_rsp_okay: { value: 0, doc: 'tx status: sent' },
    netif_rsp_error: { value: -1, doc: 'status: not done (a bad grant, a range past its page, a frame too large for the wire or the buffer)' },
  },
  calls: {
    netif_probe: {
      fid: 0,
      doc:
        "The VM's network card: its MAC (NETIF_MAC_LEN bytes, written to mac; len must be NETIF_MAC_LEN) and, as the result, the largest " +
        'frame it carries. NOT_SUPPORTED when the VM has no network.',
      args: {
        mac: ptr(bytes, { access: 'write', count: 'len', doc: 'guest-virtual address of NETIF_MAC_LEN bytes for the MAC' }),
        len: u32('NETIF_MAC_LEN'),
      },
      result: result.u32('NETIF_FRAME_MAX'),
      errors: ['NOT_SUPPORTED', 'INVALID_PARAM', 'INVALID_ADDRESS'],
      example: 'addi a0, sp, 8\nli a1, PVLAB_NETIF_MAC_LEN\nHC_NETIF_PROBE a0, a1   # 8(sp) = the MAC',
    },
    netif_connect: {
      fid: 1,
      doc:
        'Connect the card to the tx ring in the page of grant tx and the rx ring in the page of grant rx (both writable, zeroed by the ' +
        'front end), and bind both rings to event port: from now on an evtchn_send(port) makes the back end serve them, and frames ' +
        'that arrive go to the rx ring. INVALID_STATE without an event page (evtchn_setup) or when the card is connected already; ' +
        'the grants stay held while it is.',
      args: {
        tx: u32('grant reference of the tx ring page'),
        rx: u32('grant reference of the rx ring page'),
        port: u32('the event port, 1..31, for both rings'),
      },
      result: result.none,
      errors: ['NOT_SUPPORTED', 'INVALID_PARAM', 'INVALID_STATE'],
      example: 'li a2, 2\nHC_NETIF_CONNECT s0, s1, a2',
    },
    netif_disconnect: {
      fid: 2,
      doc:
        "Disconnect the card (Xen's Closing state): the back end stops serving both rings, unbinds its event port and lets go of the " +
        "rings' grants, which the front end may then revoke, with its buffers'. Frames waiting for a buffer are dropped; frames that " +
        'arrive while disconnected wait (NETIF_BACKLOG at most) for the next netif_connect, which starts afresh. INVALID_STATE when the ' +
        'card is not connected.',
      args: {},
      result: result.none,
      errors: ['NOT_SUPPORTED', 'INVALID_STATE'],
      example: 'HC_NETIF_DISCONNECT',
    },
  },
});
