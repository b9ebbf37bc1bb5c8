/**
 * Objects with fixed keys made fast: a handler's arguments and a batch's
 * records are made on every hypercall, with the same keys each time. Made
 * key by key through a variable name, each is a dictionary V8 must look up
 * by hashing; made by one literal, each has one shape V8 knows, and the
 * handler's reads of it are as fast as a field. The literal is generated
 * once per list of keys (the catalogue's argument and field names, quoted).
 */

/** A function making `{ [keys[i]]: values[i] }` for every i, the keys in order. */
export type RecordMaker = (values: readonly unknown[]) => Record<string, unknown>;

const makers = new Map<string, RecordMaker>();

export function recordMaker(keys: readonly string[]): RecordMaker {
  const id = JSON.stringify(keys);
  let make = makers.get(id);
  if (!make) {
    make = new Function('v', `return { ${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')} };`) as RecordMaker;
    makers.set(id, make);
  }
  return make;
}
