/**
 * Live migration: dirty-page tracking, the framed stream, the sender's
 * pre-copy rounds and stop-and-copy, the receiver, and their report.
 */
export { DirtyLog } from './dirty-log.js';
export { PAGE, boardLog, boardRam, dirtyLogOf, unloggedPages, vmRam, writeRam } from './vm-memory.js';
export { MESSAGES, MESSAGE_MAX, WIRE_VERSION, MessageReader, WireError, frame, type Message, type MessageName } from './wire.js';
export { PAGES_PER_MESSAGE, decodePages, encodePages } from './pages.js';
export { Channel, ChannelClosed, WAIT_MS } from './channel.js';
export { RAM_MAX, identityProblem, type Acceptance, type MigrationIdentity } from './identity.js';
export { STATE_MAX, type VmStateCodec } from './vm-state.js';
export { snapshotCodec } from './snapshot-codec.js';
export { MEASURE_SLICE, MIGRATION_GUESTS, measureMigration, migrationTable, type MigrationGuest, type MeasureOptions } from './measure.js';
export { BATCHES_PER_TURN, MAX_ROUNDS, STOP_PAGES, MigrationError, migrate, senderHostOf, type MigrateOptions, type SenderHost } from './sender.js';
export { ReceiveError, receiveVm, type ReceiveOptions, type Received } from './receiver.js';
export type { MigrationReport, RoundReport } from './report.js';
