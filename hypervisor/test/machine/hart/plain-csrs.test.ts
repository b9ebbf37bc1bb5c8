/**
 * CSRs that are only storage (csr.ts, `plain`: sscratch, sepc, scause,
 * stval) are read and written by compiled code in place, not through the
 * hart (jit/codegen.ts, plainCsr). What the table says of them agrees with
 * their read and write; compiled, a trap handler's swaps and reads compute
 * what the interpreter computes, with and without the C extension (sepc's
 * low bits); and from U-mode they trap as illegal instructions, compiled as
 * interpreted.
 */
import test from 'ava';
import { useCompiler } from '@pvlab/hypervisor';
import { CSRS } from '@pvlab/assembler';
import { loadSnippet, runSnippet } from '../_helpers/hart-run.js';
import { CSR_BEHAVIOUR } from '../../../src/machine/hart/csr.js';

const plain = CSRS.filter((c) => CSR_BEHAVIOUR[c.number]?.plain !== undefined);

test('the plain CSRs are the four trap-handler registers, and their table entry says what their read and write do', (t) => {
  t.deepEqual(plain.map((c) => c.name).sort(), ['scause', 'sepc', 'sscratch', 'stval']);
  const { hart } = loadSnippet('ebreak');
  for (const rvc of [false, true]) {
    hart.ialignBits = rvc ? 1 : 3;
    for (const c of plain) {
      const b = CSR_BEHAVIOUR[c.number]!;
      t.is(b.allowed, undefined, `${c.name} has no gate`);
      for (const v of [0, 1, 2, 3, 0x8000_0002, 0xffff_ffff, 0x1234_5677]) {
        b.write!(hart, v);
        const stored = (hart as unknown as Record<string, number>)[b.plain!.field];
        t.is(stored, b.plain!.epc ? (v & ~1) >>> 0 : v >>> 0, `${c.name} ← ${v}`);
        t.is(b.read(hart) >>> 0, b.plain!.epc ? (stored & ~hart.ialignBits) >>> 0 : stored, `${c.name} read`);
      }
    }
  }
});

// M-mode drops to S-mode, which runs a trap handler's CSR work in a hot loop (every operation, register and
// immediate forms, rd = rs1, rd = x0, rs1 = x0), then ecalls back to M.
const S_LOOP = `
  la t0, s_code
  csrw mepc, t0
  li t0, 0x800          # MPP = S
  csrw mstatus, t0
  mret
s_code:
  li s0, 2000
  li s1, 0
  li t1, 0x1235
loop:
  csrrw t1, sscratch, t1
  add s1, s1, t1
  addi t1, t1, 7
  csrrs t2, sepc, t1
  add s1, s1, t2
  csrrc t3, stval, s1
  xor s1, s1, t3
  csrrwi t4, scause, 13
  add s1, s1, t4
  csrrsi t5, stval, 3
  add s1, s1, t5
  csrrci zero, sepc, 1
  csrr t6, sepc
  add s1, s1, t6
  csrw stval, s1
  csrrs zero, sscratch, zero
  addi s0, s0, -1
  bnez s0, loop
  ecall
`;

for (const rvc of [false, true]) {
  test.serial(`compiled, the plain CSRs compute what the interpreter computes${rvc ? ' (C extension on)' : ''}`, (t) => {
    useCompiler(false);
    const interpreted = runSnippet(S_LOOP, { rvc });
    useCompiler(true, { hot: 1 });
    try {
      const compiled = runSnippet(S_LOOP, { rvc });
      t.deepEqual([...compiled.hart.x].slice(0, 32), [...interpreted.hart.x].slice(0, 32));
      t.is(compiled.hart.retired(), interpreted.hart.retired());
      t.deepEqual(compiled.traps, interpreted.traps);
      for (const f of ['sscratch', 'sepc', 'scause', 'stval'] as const) t.is(compiled.hart[f], interpreted.hart[f], f);
      t.is(interpreted.traps[0]?.[0], 9, 'the run ends at the ecall from S');
      // The loop's region does the CSR work in place: no call of the hart's CSR path.
      const at = compiled.sym('loop');
      const entry = [...Array(16).keys()].map((v) => compiled.hart.code.entryAt(at >>> 0, at, v as never)).find((e) => e !== undefined);
      const source = entry?.region.fn.toString() ?? '';
      t.true(source.includes('h.sscratch'), 'the loop was compiled with sscratch in place');
      t.false(source.includes('h.csr('), 'and no CSR instruction of it calls the hart');
    } finally {
      useCompiler(true);
    }
  });
}

// From U-mode the plain CSRs are illegal: the privilege check in place traps as the hart would.
const U_ACCESS = `
  la t0, u_code
  csrw mepc, t0
  csrw mstatus, zero    # MPP = U
  mret
u_code:
  li t1, 5
  addi t1, t1, 1
  csrrw t2, sscratch, t1
  ebreak
`;

test.serial('from U-mode a plain CSR traps as an illegal instruction, compiled as interpreted', (t) => {
  useCompiler(false);
  const interpreted = runSnippet(U_ACCESS);
  useCompiler(true, { hot: 1 });
  try {
    const compiled = runSnippet(U_ACCESS);
    t.deepEqual(compiled.traps, interpreted.traps);
    t.is(interpreted.traps[0][0], 2, 'illegal instruction');
    t.is(interpreted.traps[0][3], 0, 'taken from U-mode');
    t.is(compiled.hart.retired(), interpreted.hart.retired());
    t.is(compiled.hart.sscratch, 0, 'the write did not happen');
  } finally {
    useCompiler(true);
  }
});
