/**
 * disassembleImage on small images, against objdump 2.40 listings captured
 * once from the real tool: data between mapping symbols, zero runs, long and short
 * parcels, and instructions cut off by a label or the section's end.
 */
import test from 'ava';
import { AddressTracker, disassembleImage, instructionLength } from '../../src/disasm/index.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

test('code and data between $x/$d mapping symbols, a zero run and labels (GNU as output)', (t) => {
  const bytes = hex('1300000078563412cdab0102030405060000000000000000000000000713000000000000000013000000000000000100');
  const symbols = [
    { name: '_start', value: 0 }, { name: '$xrv32i2p1_m2p0', value: 0 }, { name: '$d', value: 4 },
    { name: 'foo', value: 0x1c }, { name: 'bar', value: 0x1d }, { name: '$x', value: 0x1d }, { name: '$d', value: 0x21 },
    { name: '$x', value: 0x26 }, { name: '$d', value: 0x2a }, { name: '$x', value: 0x2e },
  ];
  t.deepEqual(disassembleImage(bytes, 0, { symbols }), [
    '',
    '00000000 <_start>:',
    '   0:\t00000013          \tnop',
    '   4:\t12345678          \t.word\t0x12345678',
    '   8:\t0201abcd          \t.word\t0x0201abcd',
    '   c:\t06050403          \t.word\t0x06050403',
    '\t...',
    '',
    '0000001c <foo>:',
    '  1c:\t07                \t.byte\t0x07',
    '',
    '0000001d <bar>:',
    '  1d:\t00000013          \tnop',
    '  21:\t00000000          \t.word\t0x00000000',
    '  25:\t00                \t.byte\t0x00',
    '  26:\t00000013          \tnop',
    '  2a:\t00000000          \t.word\t0x00000000',
    '  2e:\t0001                \t.2byte\t0x1',
  ]);
});

test('instructions cut off by the next label or the end: objdump reports them and steps 5 bytes', (t) => {
  const bytes = hex('130000001300130000000113');
  const symbols = [{ name: '_start', value: 0 }, { name: 'lab', value: 4 }, { name: 'lab2', value: 6 }, { name: 'lab3', value: 7 }];
  t.deepEqual(disassembleImage(bytes, 0, { symbols }), [
    '',
    '00000000 <_start>:',
    '   0:\t00000013          \tnop',
    '',
    '00000004 <lab>:',
    '   4:\t13 00   \tAddress 0x4 is out of bounds.',
    '',
    '   8:\t ',
    '',
    '00000006 <lab2>:',
    '   6:\t13    \tAddress 0x6 is out of bounds.',
    '',
    '   a:\t ',
    '',
    '00000007 <lab3>:',
    '   7:\t0000                \t.2byte\t0x0',
    '   9:\t0100                \t.2byte\t0x100',
    '   b:\t13              \tAddress 0xb is out of bounds.',
    '',
  ]);
});

test('16-, 48-, 64- and 80-bit parcels, without symbols', (t) => {
  const bytes = hex('130000000100000000001f10000000007f0000007f1000007f7000003f0000007f7000001300000013000000');
  t.deepEqual(disassembleImage(bytes, 0x8000_0000), [
    '',
    '80000000 <.text>:',
    '80000000:\t00000013          \tnop',
    '80000004:\t0001                \t.2byte\t0x1',
    '80000006:\t0000                \t.2byte\t0x0',
    '80000008:\t0000                \t.2byte\t0x0',
    '8000000a:\t101f 0000 0000      \t.byte\t0x1f, 0x10, 0x00, 0x00, 0x00, 0x00',
    '80000010:\t007f 0000 107f 0000 \t.byte\t0x7f, 0x00, 0x00, 0x00, 0x7f, 0x10, 0x00, 0x00, 0x7f, 0x70',
    '80000018:\t707f ',
    '8000001a:\t0000                \t.2byte\t0x0',
    '8000001c:\t0000003f 0000707f \t.8byte\t0x707f0000003f',
    '80000024:\t00000013          \tnop',
    '80000028:\t00000013          \tnop',
  ]);
  t.deepEqual([0x0001, 0x0013, 0x001f, 0x003f, 0x107f, 0x707f].map(instructionLength), [2, 4, 6, 8, 12, 2]);
});

test('a 32-bit instruction cut off by the end of the image', (t) => {
  t.deepEqual(disassembleImage(hex('130000001f00'), 0x8000_0000), [
    '',
    '80000000 <.text>:',
    '80000000:\t00000013          \tnop',
    '80000004:\t1f 00             \tAddress 0x80000004 is out of bounds.',
    '',
  ]);
});

test('branch targets and lui/auipc comments name the nearest label', (t) => {
  // 80000000: auipc a0,0x0 ; addi a0,a0,16 ; beq a0,a1,.-8 ; 8000000c: nop
  const bytes = hex('1705000013050501e38cb5fe13000000');
  const lines = disassembleImage(bytes, 0x8000_0000, { symbols: [{ name: 'start', value: 0x8000_0000 }, { name: 'data', value: 0x8000_000c, global: true }] });
  t.deepEqual(lines.slice(2), [
    '80000000:\t00000517          \tauipc\ta0,0x0',
    '80000004:\t01050513          \tadd\ta0,a0,16 # 80000010 <data+0x4>',
    '80000008:\tfeb58ce3          \tbeq\ta1,a1,80000000 <start>',
    '',
    '8000000c <data>:',
    '8000000c:\t00000013          \tnop',
  ]);
});

test('one AddressTracker passed to two sections carries a lui across them, as objdump does', (t) => {
  const first = hex('b7020010'); // lui t0, 0x10000
  const second = hex('a382a200'); // sb a0, 5(t0)
  const symbols = [{ name: 'UART_BASE', value: 0x10000000, global: true, external: true }, { name: 'late', value: 0x1000 }];
  const tracker = new AddressTracker();
  disassembleImage(first, 0, { symbols, tracker });
  t.is(disassembleImage(second, 0x1000, { symbols, tracker })[2], '    1000:\t00a282a3          \tsb\ta0,5(t0) # 10000005 <UART_BASE+0x5>');
  // Without the shared tracker each section starts with no lui in mind.
  t.is(disassembleImage(second, 0x1000, { symbols })[2], '    1000:\t00a282a3          \tsb\ta0,5(t0)');
});
