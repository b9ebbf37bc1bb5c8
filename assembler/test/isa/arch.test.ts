/** isa/arch.ts: ISA strings parsed and written as GNU 2.40 does (its outputs recorded from the installed as). */
import test from 'ava';
import { archString, changeArch, hasExtension, mergeArch, parseArch } from '../../src/isa/index.js';

const canonical = (s: string) => {
  const r = parseArch(s);
  return r.arch ? archString(r.arch) : `error: ${r.error}`;
};

test('the strings GNU as 2.40 records (readelf -A of its objects)', (t) => {
  const gnu: Record<string, string> = {
    rv32imac: 'rv32i2p1_m2p0_a2p1_c2p0_zmmul1p0',
    rv32i2p0: 'rv32i2p0_zicsr2p0_zifencei2p0',
    rv32iac: 'rv32i2p1_a2p1_c2p0',
    rv32imc_zicsr: 'rv32i2p1_m2p0_c2p0_zicsr2p0_zmmul1p0',
    rv32ima_zifencei_zicsr: 'rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0',
    rv32i2_m2: 'rv32i2p0_m2p0_zicsr2p0_zifencei2p0_zmmul1p0',
    rv32i_zicsr_m: 'rv32i2p1_m2p0_zicsr2p0_zmmul1p0',
    rv32i_zmmul: 'rv32i2p1_zmmul1p0',
    rv32ima_zicsr_zifencei: 'rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0',
  };
  for (const [input, want] of Object.entries(gnu)) t.is(canonical(input), want, input);
  t.is(canonical('rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0'), 'rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0', 'canonical in, canonical out');
});

test('what pvlab cannot assemble is refused with the reason', (t) => {
  t.regex(canonical('rv64i'), /RV32 only/);
  t.regex(canonical('rv32gc'), /G includes F and D/);
  t.regex(canonical('rv32imafc'), /F \(single-precision floating point\) is not supported/);
  t.regex(canonical('rv32e'), /E base/);
  t.regex(canonical('rv32mi'), /must start with rv32i/);
  t.regex(canonical('rv32iam'), /out of canonical order/);
  t.regex(canonical('rv32i_zba'), /'zba' is not supported/);
});

test('.option arch: +ext and -ext (the implied Zmmul stays), a full string replaces', (t) => {
  const a = parseArch('rv32imac').arch!;
  t.is(archString(changeArch(a, '-m').arch!), 'rv32i2p1_a2p1_c2p0_zmmul1p0');
  t.is(archString(changeArch(a, '+zicsr, -c').arch!), 'rv32i2p1_m2p0_a2p1_zicsr2p0_zmmul1p0');
  t.is(archString(changeArch(a, 'rv32i').arch!), 'rv32i2p1');
  t.regex(changeArch(a, '+f').error!, /not supported/);
  t.regex(changeArch(a, '-i').error!, /cannot be removed/);
  t.true(hasExtension(changeArch(parseArch('rv32i').arch!, '+c').arch!, 'c'));
});

test('mergeArch: every extension of every file', (t) => {
  const m = mergeArch([parseArch('rv32im').arch!, parseArch('rv32ic_zicsr').arch!]);
  t.is(archString(m), 'rv32i2p1_m2p0_c2p0_zicsr2p0_zmmul1p0');
});
