/** What the SBI Base extension reports (SBI §4). */
export interface SbiIdentity {
  /** SBI spec version: major in bits 30:24, minor in 23:0 (§4.1). */
  readonly specVersion: number;
  readonly implId: number;
  readonly implVersion: number;
  readonly mvendorid: number;
  readonly marchid: number;
  readonly mimpid: number;
}

/**
 * pvlab's answers: SBI v2.0 (DBCN is a v2.0 extension); implementation id
 * "pvlb", which is not in the SBI registry of implementation ids (§4.9);
 * version 0.1; a non-commercial hart (mvendorid 0).
 */
export const PVLAB_IDENTITY: SbiIdentity = Object.freeze({
  specVersion: 0x0200_0000,
  implId: 0x7076_6c62,
  implVersion: 0x0000_0001,
  mvendorid: 0,
  marchid: 0,
  mimpid: 0,
});
