/**
 * The control plane: the command table, the line protocol, the loopback
 * server and client, the controller a running boot answers with, the
 * console escape, and the replies as text.
 */
export { CONTROL_COMMANDS, CONTROL_COMMAND_NAMES, isControlCommand, usageOf, type ControlArg, type ControlArgKind, type ControlCommandName, type ControlCommandSpec } from './commands.js';
export { ControlAddressError, formatAddress, isLoopback, netOptions, parseControlAddress, type ControlAddress } from './address.js';
export { ControlRequestError, LINE_MAX, VM_MAX, checkRequest, errorReply, parseRequestLine, parseRequestWords, type ControlReply, type ControlRequest } from './protocol.js';
export { ControlServer, CLIENTS_MAX, QUEUE_MAX, IDLE_MS, type ControlServerOptions } from './server.js';
export { ControlClientError, REPLY_MAX, request } from './client.js';
export { VmController, commandRows, type ControlServices, type VmRow, type VmRunState } from './controller.js';
export { ConsoleEscape, CTRL_A, ESCAPE_KEYS, type ConsoleEscapeOptions } from './console-escape.js';
export { formatReply, vmTable } from './format.js';
