/** Does a command print as it goes? Its first line must appear while it still runs. */
import { spawn } from 'node:child_process';

/** Spawn `args`: true if `line` appears on stdout (within 30 s) while the process runs on; it is stopped then. */
export function lineWhileRunning(args: string[], line: string, timeoutMs = 30_000): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const done = (seen: boolean) => {
      clearTimeout(timer);
      child.kill();
      resolve(seen);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes(line)) done(child.exitCode === null);
    });
    child.on('exit', () => done(false));
  });
}
