/**
 * Shell-style wildcards as ld matches file and section names (fnmatch
 * without flags): `*` any run, `?` one character, `[abc]`, `[a-z]`,
 * `[!x]` / `[^x]` classes, `\x` a literal x.
 */

/** True if the text contains a wildcard character, so it is a pattern. */
export function isWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

/** Does `name` match the glob `pattern` in full? */
export function globMatch(pattern: string, name: string): boolean {
  return matchFrom(pattern, 0, name, 0);
}

// Plain backtracking: patterns are a handful of characters, and the only
// exponential case (many `*`) is cut by retrying each star once per suffix.
function matchFrom(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi] === '*') pi++;
      if (pi === p.length) return true;
      for (let k = si; k <= s.length; k++) if (matchFrom(p, pi, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const cls = matchClass(p, pi, s[si]);
      if (cls === undefined) {
        // an unterminated class is an ordinary '['
        if (s[si] !== '[') return false;
        pi++;
        si++;
        continue;
      }
      if (!cls.matched) return false;
      pi = cls.next;
      si++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) pi++;
    if (p[pi] !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

// Match one character against the class starting at p[start] === '['.
function matchClass(p: string, start: number, ch: string): { matched: boolean; next: number } | undefined {
  let i = start + 1;
  const negate = p[i] === '!' || p[i] === '^';
  if (negate) i++;
  let matched = false;
  let first = true;
  while (i < p.length && (first || p[i] !== ']')) {
    first = false;
    let lo = p[i];
    if (lo === '\\' && i + 1 < p.length) lo = p[++i];
    if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']') {
      let hi = p[i + 2];
      let skip = 3;
      if (hi === '\\' && i + 3 < p.length) {
        hi = p[i + 3];
        skip = 4;
      }
      if (ch >= lo && ch <= hi) matched = true;
      i += skip;
    } else {
      if (ch === lo) matched = true;
      i++;
    }
  }
  if (i >= p.length) return undefined;
  return { matched: matched !== negate, next: i + 1 };
}
