/**
 * The gdb server: pvlab's board, native boot and VMs debugged with an
 * unmodified gdb over the GDB remote serial protocol. See README.md.
 */
export { serveGdb, parseGdbAddress, GdbAddressError, type GdbAddress, type ServeOptions } from './server.js';
export { machineTarget, type Runner } from './machine-target.js';
export { RunControl, type RunEnd, type Stop } from './run-control.js';
export type { DebugTarget, DebugThread, HypervisorView, TargetEnd, ExitEvent } from './target.js';
export { TARGET_XML } from './target-description.js';
export { MONITOR_COMMANDS } from './monitor.js';
export { bootTarget } from './boot-target.js';
export { vmTarget } from './vm-target.js';
