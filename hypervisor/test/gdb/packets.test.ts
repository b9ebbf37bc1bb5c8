/**
 * The protocol's framing (packets.ts): checksums, escapes, acknowledgements
 * and Ctrl-C in the byte stream, a bounded reader; hex as the protocol
 * writes numbers and registers.
 */
import test from 'ava';
import { MAX_PACKET, PacketReader, checksum, framePacket, fromHex, le32, parseHexNumber, parseLe32, unescapeBinary } from '../../src/gdb/packets.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

test('a packet and its checksum, as the manual shows them', (t) => {
  t.is(framePacket('OK'), '$OK#9a');
  t.is(framePacket(''), '$#00');
  t.is(checksum('qSupported'), 0x37);
  t.deepEqual(new PacketReader().push(bytes('$qC#b4')), [{ kind: 'packet', data: 'qC' }]);
});

test('the stream: acks, naks, Ctrl-C and noise between packets; a packet split anywhere', (t) => {
  const r = new PacketReader();
  t.deepEqual(r.push(bytes('+-\x03xyz$g#67+')).map((e) => e.kind), ['ack', 'nak', 'interrupt', 'packet', 'ack']);
  const whole = '$m80000000,4#' + checksum('m80000000,4').toString(16);
  const events = [...whole].flatMap((c) => r.push(bytes(c)));
  t.deepEqual(events, [{ kind: 'packet', data: 'm80000000,4' }]);
});

test('a wrong or malformed checksum; a $ inside a packet starts a new one', (t) => {
  const r = new PacketReader();
  t.deepEqual(r.push(bytes('$g#68')), [{ kind: 'bad-checksum' }]);
  t.deepEqual(r.push(bytes('$g#zz')), [{ kind: 'bad-checksum' }]);
  t.deepEqual(r.push(bytes('$garbage$g#67')), [{ kind: 'packet', data: 'g' }]);
});

test('the reader is bounded: a packet longer than its limit is consumed and reported, never kept', (t) => {
  const r = new PacketReader(16);
  const long = 'x'.repeat(1000);
  t.deepEqual(r.push(bytes(`$${long}#${checksum(long).toString(16).padStart(2, '0')}$qC#b4`)), [{ kind: 'too-long' }, { kind: 'packet', data: 'qC' }]);
  t.is(new PacketReader().limit, MAX_PACKET);
});

test('escapes: # $ } * are escaped in replies; binary payloads unescape', (t) => {
  t.is(framePacket('a#b$c}d*e'), `$a}\x03b}\x04c}]d}\x0ae#${checksum('a}\x03b}\x04c}]d}\x0ae').toString(16).padStart(2, '0')}`);
  t.deepEqual([...unescapeBinary('}\x03}]a')!], [0x23, 0x7d, 0x61]);
  t.is(unescapeBinary('ab}'), undefined, 'an escape cut off');
});

test('numbers and registers in hex', (t) => {
  t.is(le32(0x80000000), '00000080');
  t.is(parseLe32('00000080'), 0x80000000);
  t.is(parseLe32('0000008'), undefined);
  t.is(parseHexNumber('80000000'), 0x80000000);
  t.is(parseHexNumber('0000000080000000'), 0x80000000, 'leading zeros');
  t.is(parseHexNumber('100000000'), undefined, 'wider than 32 bits');
  t.is(parseHexNumber(''), undefined);
  t.is(parseHexNumber('-1'), undefined);
  t.deepEqual(fromHex('0aFF'), new Uint8Array([10, 255]));
  t.is(fromHex('0'), undefined);
  t.is(fromHex('zz'), undefined);
});
