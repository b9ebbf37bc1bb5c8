/**
 * The wording of every layout-time diagnostic, in one place so tests can
 * assert exact messages. Wording follows GNU ld where ld has a message.
 */

const hex = (v: bigint | number) => `0x${v.toString(16)}`;

/** Messages of the layout engine, by situation. */
export const LINK_MESSAGES = {
  regionOverflow: (region: string, bytes: bigint) => `region \`${region}' overflowed by ${bytes} byte${bytes === 1n ? '' : 's'}`,
  sectionWontFit: (section: string, region: string) => `section \`${section}' will not fit in region \`${region}'`,
  addressNotInRegion: (address: bigint, section: string, region: string) =>
    `address ${hex(address)} of section \`${section}' is not within region \`${region}'`,
  regionNotDeclared: (region: string) => `memory region \`${region}' not declared`,
  aliasTargetMissing: (alias: string, region: string) => `REGION_ALIAS \`${alias}': memory region \`${region}' not declared`,
  noRegionForSection: (section: string, address: bigint) =>
    `no memory region specified for loadable section \`${section}'; placed at ${hex(address)} (the default region), as GNU ld does`,
  dotBackwards: (from: bigint, to: bigint) => `cannot move location counter backwards (from ${hex(from)} to ${hex(to)})`,
  undefinedSymbol: (name: string) => `undefined symbol \`${name}' referenced in expression`,
  undefinedSection: (name: string) => `undefined section \`${name}' referenced in expression`,
  undefinedRegion: (name: string) => `undefined MEMORY region \`${name}' referenced in expression`,
  unknownConstant: (name: string) => `unknown constant \`${name}' referenced in expression`,
  divisionByZero: (op: string) => `${op} by zero`,
  invalidDotAssignment: () => 'invalid assignment to location counter',
  nonConstantAddress: (section: string) => `non constant or forward reference address expression for section ${section}`,
  assertionFailed: (message: string) => message,
  notConverged: () => 'section layout did not converge (symbols or sizes keep changing between passes)',
  sizeofHeadersApproximated: () => 'SIZEOF_HEADERS is taken as the size of the ELF header and two program headers',
  illegalDiscardUse: () => 'illegal use of `/DISCARD/\' section in an expression',
} as const;
