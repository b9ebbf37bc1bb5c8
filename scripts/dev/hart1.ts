import { assemble } from '../../assembler/src/index.js';
import { Bus } from '../../hypervisor/src/machine/bus.js';
import { Hart } from '../../hypervisor/src/machine/hart/hart.js';
const src = `
.globl _start
_start:
  li sp, 0x80100000
  li a0, 0
  li a1, 10000000
1: addi a0, a0, 3
  mul a2, a0, a0
  addi a1, a1, -1
  bnez a1, 1b
  la t0, result
  sw a0, 0(t0)
  lw a3, 0(t0)
  la t1, trap
  csrw mtvec, t1
  ecall
  j .
trap:
  csrr a4, mcause
  csrr a5, mepc
  ebreak
.data
result: .word 0
`;
const r = assemble([{ path: 't.s', text: src }]);
if (!r.ok) { console.log(r.formatDiagnostics()); process.exit(1); }
const bus = new Bus(16 << 20);
for (const s of r.program!.sections) if (!s.nobits) bus.load(s.addr, s.data);
let t = 0;
const h = new Hart(bus, { now: () => Math.floor(h.cycles() / 10) });
h.pc = r.program!.entry;
const t0 = performance.now();
let stop; for (let i = 0; i < 401; i++) stop = h.run(100_000);
const ms = performance.now() - t0;
console.log(stop, 'pc', h.pc.toString(16), 'a0', h.x[10], 'a3', h.x[13], 'a4', h.x[14], 'a5', (h.x[15]>>>0).toString(16), 'mcause', h.mcause, 'instret', h.retired(), (h.retired()/ms/1000).toFixed(0), 'MIPS');
