/** "Did you mean …?": the closest known name within a small edit distance. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    if (Math.abs(k.length - name.length) > bestDistance) continue;
    const d = distance(name, k);
    // On a tie, prefer a name the input starts with ('addd' → 'add').
    if (d < bestDistance || (d === bestDistance && best !== undefined && name.startsWith(k) && !name.startsWith(best))) {
      bestDistance = d;
      best = k;
    }
  }
  return best;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
