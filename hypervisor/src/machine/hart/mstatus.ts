/**
 * mstatus fields (privileged specification §3.1.6, RV32):
 *
 *   31 | 22  21  20  19  18   17  | 12:11 |  8  |  7   |  5   | 3  |  1
 *   SD | TSR TW  TVM MXR SUM MPRV |  MPP  | SPP | MPIE | SPIE | MIE | SIE
 */
export const MSTATUS = {
  SIE: 1 << 1,
  MIE: 1 << 3,
  SPIE: 1 << 5,
  MPIE: 1 << 7,
  SPP: 1 << 8,
  MPP: 3 << 11,
  MPRV: 1 << 17,
  SUM: 1 << 18,
  MXR: 1 << 19,
  TVM: 1 << 20,
  TW: 1 << 21,
  TSR: 1 << 22,
} as const;

export const MPP_SHIFT = 11;

/** Bits M-mode may write (no F/V/X state, little-endian only). */
export const MSTATUS_WRITABLE =
  MSTATUS.SIE | MSTATUS.MIE | MSTATUS.SPIE | MSTATUS.MPIE | MSTATUS.SPP | MSTATUS.MPP |
  MSTATUS.MPRV | MSTATUS.SUM | MSTATUS.MXR | MSTATUS.TVM | MSTATUS.TW | MSTATUS.TSR;

/** The sstatus view of mstatus (§4.1.1). */
export const SSTATUS_MASK = MSTATUS.SIE | MSTATUS.SPIE | MSTATUS.SPP | MSTATUS.SUM | MSTATUS.MXR;

/** Privilege levels as encoded in MPP/SPP and used throughout. */
export const PRIV = { U: 0, S: 1, M: 3 } as const;
export type Priv = 0 | 1 | 3;
