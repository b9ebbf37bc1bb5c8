/** The A extension's operations, by the id the interpreter passes to `Hart.amo`. */
export const AMO_LR = 0, AMO_SC = 1, AMO_SWAP = 2, AMO_ADD = 3, AMO_XOR = 4, AMO_AND = 5, AMO_OR = 6, AMO_MIN = 7, AMO_MAX = 8, AMO_MINU = 9, AMO_MAXU = 10;

/** new value = op(old, src), for the read-modify-write AMOs (unprivileged specification §14.4). */
export const AMO_OPS: readonly ((old: number, src: number) => number)[] = [
  () => 0,
  () => 0,
  (_o, s) => s,
  (o, s) => (o + s) | 0,
  (o, s) => o ^ s,
  (o, s) => o & s,
  (o, s) => o | s,
  (o, s) => (o < s ? o : s),
  (o, s) => (o > s ? o : s),
  (o, s) => ((o >>> 0) < (s >>> 0) ? o : s),
  (o, s) => ((o >>> 0) > (s >>> 0) ? o : s),
];
