/**
 * @pvlab/hypercall-abi — the hypercall catalogue and everything made from it:
 * the guest include, the handler types, argument validation and dispatch,
 * the reference page and trace formatting; and loading users' custom
 * hypercall files.
 */
export { SBI_ERRORS, SBI_ERROR_NAMES, sbiError, sbiErrorName, sbiErrorSymbol, type SbiErrorName } from './sbi/errors.js';
export { EID_RANGES, isCustomEid, isPvlabEid, hex32, type EidRange } from './sbi/ranges.js';
export { HypercallAbiError, isHypercallAbiError, type HypercallAbiErrorCode } from './errors.js';

export { u32, i32, u64, enumArg, flagsArg, ptr, result } from './schema/args.js';
export type { Access, ArgSpec, EnumArg, FlagsArg, I32Arg, IntFormat, PtrArg, ResultSpec, U32Arg, U64Arg } from './schema/args.js';
export { bytes, words, field, struct } from './schema/elements.js';
export type { BytesElement, ElementSpec, ElementValue, FieldSpec, StructElement, StructFields, StructValue, WordElement, WordField, WordsField } from './schema/elements.js';
export { defineExtension, isExtension, validatorErrors } from './schema/extension.js';
export type { CallInput, Extension, ExtensionInput, Hypercall, RegisterSlot, ConstantSpec } from './schema/extension.js';
export { fail, preempt, isPreempted } from './schema/values.js';
export type { ArgValue, ArgsOf, CallShape, ErrorsOf, GuestRegion, HandlerFailure, HandlerPreempted, PointerValue, ReadableArray, ReadableBytes, ResultOf, WritableArray, WritableBytes } from './schema/values.js';

export { CATALOGUE, HYPERCALLS, ALL_HYPERCALLS, MMU_REQ, MULTICALL_ENTRY, SBI_BASE, SBI_TIME, SBI_DBCN, SBI_SRST, PVLAB_MMU, PVLAB_MULTICALL, PVLAB_SCHED, PVLAB_BENCH, PVLAB_GRANT, PVLAB_EVTCHN, PVLAB_BLKIF, EVTCHN_PAGE, BLKIF_SRING, BLKIF_REQUEST, BLKIF_RESPONSE, PVLAB_NETIF, PVLAB_MEMORY, NETIF_SRING, NETIF_TX_REQUEST, NETIF_TX_RESPONSE, NETIF_RX_REQUEST, NETIF_RX_RESPONSE, type HypercallName } from './catalogue/index.js';

export { registersOf, WORK_PER_CALL, type GuestMemory, type HypercallRegisters, type HypercallTarget, type MemoryAccess, type WorkMeter } from './dispatch/guest-memory.js';
export { defineHandler, defineHandlers, isHandler, isHandlerSet, type Handler, type HandlerFn, type HandlerSet } from './dispatch/handler.js';
export { PVLAB_IDENTITY, type SbiIdentity } from './dispatch/identity.js';
export { createRegistry, checkExtensions, type HypercallSource, type Registry, type RegistryOptions } from './dispatch/registry.js';
export { dispatch } from './dispatch/dispatch.js';
export type { DecodedArg, HypercallRecord } from './dispatch/record.js';

export { guestInclude } from './gen/include.js';
export { hypercallReference } from './gen/docs.js';
export { formatRecord, formatTrace } from './gen/trace.js';
export { describeExtensions, listText } from './gen/listing.js';
export { macroName, eidSymbol, fidSymbol, extensionSymbols, errorSymbols, type AsmSymbol } from './gen/symbols.js';

export { loadExtensions, type LoadedHypercalls } from './load/load-extensions.js';
