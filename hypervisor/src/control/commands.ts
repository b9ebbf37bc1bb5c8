/**
 * THE table of control commands: what `pvlab ctl` accepts, what the control
 * socket answers, what the console escape's monitor prompt runs, and what
 * their help says. One row each; the arguments' kinds are checked in one
 * place (protocol.ts), so a request from the socket, the command line and
 * the console is held to the same rules.
 */

/** What an argument is: a VM's number, a file, a size in bytes, a peer's address. */
export type ControlArgKind = 'vm' | 'file' | 'size' | 'address';

/** One argument of a command. */
export interface ControlArg {
  readonly name: string;
  readonly kind: ControlArgKind;
  /** The name in usage lines (`VM`, `FILE`). */
  readonly usage: string;
}

/** One control command. */
export interface ControlCommandSpec {
  readonly args: readonly ControlArg[];
  /** The key after Ctrl-A on the console that runs it on the console's VM (none: type it at the monitor prompt). */
  readonly key?: string;
  readonly summary: string;
}

const VM: ControlArg = { name: 'vm', kind: 'vm', usage: 'VM' };

export const CONTROL_COMMANDS = {
  list: { args: [], key: 'l', summary: 'every VM: id, mode, state (running, paused, halted), instructions, exits, hypercalls, memory' },
  pause: { args: [VM], key: 'p', summary: 'stop running the VM: host-level, it takes no exit and its time stands' },
  resume: { args: [VM], key: 'r', summary: 'run a paused VM again, exactly where it stopped' },
  snapshot: { args: [VM, { name: 'file', kind: 'file', usage: 'FILE' }], key: 's', summary: 'write the VM\'s whole state to FILE (pvlab boot --restore FILE)' },
  balloon: { args: [VM, { name: 'size', kind: 'size', usage: 'SIZE' }], summary: 'set the VM\'s balloon target: the memory it should keep (paravirt)' },
  migrate: { args: [VM, { name: 'to', kind: 'address', usage: 'HOST:PORT' }], summary: 'live-migrate the VM to a \'pvlab receive --listen HOST:PORT\'' },
  destroy: { args: [VM], summary: 'end the VM now; its counts are final (the run ends with its last VM)' },
} as const satisfies Record<string, ControlCommandSpec>;

export type ControlCommandName = keyof typeof CONTROL_COMMANDS;

export const CONTROL_COMMAND_NAMES = Object.keys(CONTROL_COMMANDS) as ControlCommandName[];

export const isControlCommand = (name: string): name is ControlCommandName => Object.hasOwn(CONTROL_COMMANDS, name);

/** `migrate VM HOST:PORT`: a command's usage line. */
export const usageOf = (name: ControlCommandName): string =>
  [name, ...(CONTROL_COMMANDS[name].args as readonly ControlArg[]).map((a) => a.usage)].join(' ');
