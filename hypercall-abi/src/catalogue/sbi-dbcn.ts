/**
 * SBI Debug Console extension (EID 0x4442434E "DBCN"). RISC-V SBI
 * specification §12. Buffers are given by guest-physical address, a lo/hi
 * pair (base_addr_lo in a1, base_addr_hi in a2), and memory that does not
 * qualify is INVALID_PARAM, as the specification says.
 */
import { bytes } from '../schema/elements.js';
import { ptr, result, u32 } from '../schema/args.js';
import { defineExtension } from '../schema/extension.js';

export const SBI_DBCN = defineExtension({
  name: 'dbcn',
  title: 'SBI Debug Console',
  eid: 0x4442_434e,
  prefix: 'SBI',
  spec: 'SBI specification §12 (Debug Console Extension)',
  doc: 'Whole-buffer console output and non-blocking input: one exit per write, not one per byte.',
  calls: {
    console_write: {
      fid: 0,
      doc:
        'Write up to num_bytes bytes from the buffer to the console; returns how many were written (the VM console takes them all; a ' +
        'buffer larger than one exit\'s share of work is continued across exits, the guest seeing one call).',
      args: {
        buf: ptr(bytes, { access: 'read', count: 'len', space: 'physical', width: 64, error: 'INVALID_PARAM', doc: 'guest-physical address of the bytes (base_addr_lo, base_addr_hi)' }),
        len: u32('num_bytes: how many bytes to write'),
      },
      regs: ['len', 'buf'],
      result: result.u32('bytes written'),
      errors: ['INVALID_PARAM', 'DENIED'],
      example: 'la a1, buffer           # kernel RAM is identity-mapped: VA = PA\nli a0, 6\nHC_CONSOLE_WRITE a0, a1, zero   # a1 = 6',
    },
    console_read: {
      fid: 1,
      doc: 'Read up to num_bytes bytes of pending console input into the buffer without waiting; returns how many were read (0: none pending).',
      args: {
        buf: ptr(bytes, { access: 'write', count: 'len', space: 'physical', width: 64, error: 'INVALID_PARAM', doc: 'guest-physical address to store the bytes (base_addr_lo, base_addr_hi)' }),
        len: u32('num_bytes: room in the buffer'),
      },
      regs: ['len', 'buf'],
      result: result.u32('bytes read'),
      errors: ['INVALID_PARAM', 'DENIED'],
      example: 'la a1, buffer\nli a0, 64\nHC_CONSOLE_READ a0, a1, zero    # a1 = bytes now in buffer',
    },
    console_write_byte: {
      fid: 2,
      doc: 'Write one byte (the low 8 bits of byte) to the console.',
      args: { byte: u32('the byte, in bits 7:0', { format: 'hex' }) },
      result: result.none,
      errors: ['DENIED'],
      example: "li t0, '!'\nHC_CONSOLE_WRITE_BYTE t0",
    },
  },
});
