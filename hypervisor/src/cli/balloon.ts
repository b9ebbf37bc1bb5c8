/**
 * `--balloon VM=SIZE[@N]`: a paravirtual VM's memory at boot (`0=8M`: the
 * rest of its RAM is ballooned from the start), or its balloon target from
 * the moment the VMs together have retired N instructions (`0=4M@30000000`).
 */
import type { BalloonTarget } from '../boot/index.js';
import { RAM_GRANULE, RAM_SIZE_MAX } from '../machine/bus.js';
import { parseCount, parseSize, size } from './options.js';
import { UsageError } from './output.js';

/** One `--balloon` spec, for `vms` VMs. */
export function parseBalloon(command: string, spec: string, vms: number): BalloonTarget {
  const m = /^([^=@]+)=([^=@]+)(?:@(.+))?$/.exec(spec.trim());
  if (!m) throw new UsageError(`${command}: --balloon needs VM=SIZE or VM=SIZE@INSTRUCTIONS (such as 0=8M or 1=4M@30000000), not '${spec}'`);
  const vm = parseCount(command, '--balloon VM', m[1], 0, vms - 1, `a VM of --vms ${vms}`);
  const bytes = parseSize(command, '--balloon SIZE', m[2], size(RAM_GRANULE, RAM_SIZE_MAX, RAM_GRANULE));
  return m[3] === undefined ? { vm, bytes } : { vm, bytes, at: parseCount(command, '--balloon @INSTRUCTIONS', m[3], 0, Number.MAX_SAFE_INTEGER) };
}
