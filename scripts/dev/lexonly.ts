// Development aid: how much of the first pass is moo?
import { tokenize } from '../../assembler/src/parse/lexer.js';
import { splitStatements, toLines } from '../../assembler/src/front/source.js';
import { generateProgram } from '../bench/assembler.js';
const text = generateProgram(100_000);
let best = Infinity, bestSplit = Infinity;
for (let k = 0; k < 15; k++) {
  const t0 = performance.now();
  const lines = toLines(text, 'b.s');
  let n = 0;
  const stm = [];
  for (const l of lines) for (const s of splitStatements(l.text)) stm.push(s);
  const t1 = performance.now();
  for (const s of stm) n += tokenize(s.text, s.col).tokens.length;
  const t2 = performance.now();
  best = Math.min(best, t2 - t1); bestSplit = Math.min(bestSplit, t1 - t0);
}
console.log('lines+split', bestSplit.toFixed(0), 'tokenize', best.toFixed(0));
