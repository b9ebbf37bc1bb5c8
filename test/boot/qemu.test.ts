/**
 * The same kernel.elf and firmware.elf on QEMU's virt board
 * (`qemu-system-riscv32 -machine virt -bios firmware.elf -kernel kernel.elf
 * -nographic`) print the same transcript as on pvlab's board, except the
 * ticks `uptime` prints. The QEMU transcript is committed, so the
 * comparison holds without QEMU; with QEMU it is re-made and compared too.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { QEMU_GOLDEN, SESSION_EXIT_CODE, SESSION_SCRIPT, bootQemu, bootScript, qemuAvailable, timeless } from './_helpers/kernel.js';

const golden = readFileSync(QEMU_GOLDEN, 'latin1');

test('pvlab prints what QEMU printed for the scripted session (uptime aside)', (t) => {
  const native = bootScript(SESSION_SCRIPT);
  t.is(timeless(native.transcript), timeless(golden));
  t.true(golden.includes('uptime: '), 'the QEMU transcript has the uptime line the filter drops');
});

test('QEMU, run now, prints the committed transcript and exits with halt\'s code', (t) => {
  if (!qemuAvailable()) {
    if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
    else t.pass('qemu-system-riscv32 not installed: compared with the committed transcript only');
    return;
  }
  const q = bootQemu(SESSION_SCRIPT);
  t.is(q.status, SESSION_EXIT_CODE);
  t.is(timeless(q.transcript), timeless(golden));
});
