/**
 * pvlab memory reservation: the paravirtual balloon (Xen's
 * `XENMEM_decrease_reservation` / `XENMEM_increase_reservation` and the
 * balloon driver's `memory/target` watch, sized to a teaching kernel).
 *
 * A VM's RAM is a range of guest frames (4 KiB guest-physical pages). The
 * hypervisor backs each *populated* frame with a machine frame of the board
 * (its p2m, guest frame -> machine frame); the VM's *reservation* is how
 * many are populated. The host sets a *target* (in pages); the guest's
 * balloon driver moves its reservation toward it: it takes free pages from
 * its own allocator and hands their frames back (decrease_reservation), or
 * asks for frames again (increase_reservation) and returns the pages to its
 * allocator. A frame handed back goes to the board's free pool and may back
 * another VM's memory; it is zeroed before anyone sees it again.
 *
 * A target change is announced like a xenstore watch firing: the
 * hypervisor signals port MEMORY_TARGET_PORT on the VM's event page when
 * it has one, and raises its supervisor software interrupt (the event
 * upcall) either way. memory_stat(target_pages) then tells the guest its target.
 *
 * Every frame is checked before anything changes (a batch is done whole or
 * not at all): a frame outside the VM's RAM is INVALID_ADDRESS; a frame
 * named twice, or already unpopulated (decrease) or populated (increase),
 * INVALID_PARAM; a frame the VM still uses where the hypervisor can see it
 * — a page-table page, a page a 4 KiB leaf of its validated tables maps, a
 * granted page — DENIED. An unpopulated frame maps nothing: the guest's
 * access to it faults (in the guest), and a hypercall pointer into it is
 * INVALID_ADDRESS.
 */
import { words } from '../schema/elements.js';
import { enumArg, ptr, result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';
import { EID_RANGES } from '../sbi/ranges.js';

export const PVLAB_MEMORY = defineExtension({
  name: 'memory',
  title: 'pvlab memory reservation (balloon)',
  eid: EID_RANGES.pvlab.first + 8,
  prefix: 'PVLAB',
  doc: "The balloon: hand guest frames back to the hypervisor, ask for them again, and learn the host's target for the VM's reservation.",
  constants: {
    memory_batch_max: { value: 64, doc: 'frames in one decrease_reservation or increase_reservation call at most' },
    memory_target_port: { value: 31, doc: 'the event port the hypervisor signals when the target changes (a virtual IRQ, as Xen\'s watch)' },
  },
  calls: {
    memory_stat: {
      fid: 0,
      doc:
        "One figure of the VM's memory, in 4 KiB pages: its RAM (max_pages: the most frames it can have populated), its " +
        "reservation now (pages), the host's target for it (target_pages), or the frames free in the board's pool " +
        '(free_pages: an increase may get at most these).',
      args: {
        which: enumArg('memory_figure', 'the figure', {
          max_pages: { value: 0, doc: "the VM's RAM in pages" },
          pages: { value: 1, doc: 'frames populated now' },
          target_pages: { value: 2, doc: "the host's target" },
          free_pages: { value: 3, doc: "frames free in the board's pool" },
        }),
      },
      result: result.u32('the figure, in pages'),
      errors: ['INVALID_PARAM'],
      example: 'li a0, PVLAB_MEMORY_FIGURE_TARGET_PAGES\nHC_MEMORY_STAT a0      # a1 = the target in pages',
    },
    decrease_reservation: {
      fid: 1,
      doc:
        'Hand back the frames of the count guest-physical frame numbers (gpa >> 12) at frames: each is unpopulated from now on and ' +
        "its machine frame goes to the board's pool. Checked whole first: a frame outside the VM (INVALID_ADDRESS), named twice or " +
        'already unpopulated (INVALID_PARAM), or still in use where the hypervisor sees it — a page-table page, a page a 4 KiB leaf ' +
        'maps, a granted page — (DENIED) fails the call and changes nothing. count is 1..MEMORY_BATCH_MAX.',
      args: {
        frames: ptr(words, { access: 'read', count: 'count', doc: 'guest-virtual address of count guest frame numbers' }),
        count: u32('frames in the batch, 1..MEMORY_BATCH_MAX'),
      },
      result: result.u32('frames handed back (count)'),
      errors: ['INVALID_ADDRESS', 'INVALID_PARAM', 'DENIED', 'NOT_SUPPORTED'],
      example: 'la a0, buffer            # 16 guest frame numbers\nli a1, 16\nHC_DECREASE_RESERVATION a0, a1',
    },
    increase_reservation: {
      fid: 2,
      doc:
        'Populate again the count guest frames named at frames, in order, each with a zeroed machine frame. The hypervisor may grant ' +
        "fewer: it stops when the VM's reservation reaches its target or the board's pool is empty; the result says how many (the " +
        'first n of the list). A frame outside the VM (INVALID_ADDRESS), named twice or populated already (INVALID_PARAM) fails the ' +
        'call before anything changes. count is 1..MEMORY_BATCH_MAX.',
      args: {
        frames: ptr(words, { access: 'read', count: 'count', doc: 'guest-virtual address of count guest frame numbers' }),
        count: u32('frames in the batch, 1..MEMORY_BATCH_MAX'),
      },
      result: result.u32('frames populated (the first n)'),
      errors: ['INVALID_ADDRESS', 'INVALID_PARAM', 'NOT_SUPPORTED'],
      example: 'la a0, buffer\nli a1, 16\nHC_INCREASE_RESERVATION a0, a1   # a1 = how many',
    },
  },
});
