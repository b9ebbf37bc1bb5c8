/**
 * The operand grammar: unambiguous (exactly one parse for every operand list
 * of the corpus), and its compiled form is what nearleyc makes of operands.ne.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUCTIONS, PSEUDOS, countParses, tokenize } from '@pvlab/assembler';

const MNEMONICS = new Set([...INSTRUCTIONS.map((i) => i.name), ...PSEUDOS.map((p) => p.name)]);

const ASM = join(import.meta.dirname, '../..');
const CORPUS = join(ASM, 'test/_fixtures/corpus');

/** Operand token lists of every instruction statement in the corpus. */
function corpusOperandLists(): { where: string; tokens: ReturnType<typeof tokenize>['tokens'] }[] {
  const out: { where: string; tokens: ReturnType<typeof tokenize>['tokens'] }[] = [];
  for (const f of readdirSync(CORPUS).filter((n) => n.endsWith('.s'))) {
    const lines = readFileSync(join(CORPUS, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').split('\n');
    lines.forEach((line, i) => {
      for (const stmt of line.replace(/#.*$/, '').split(';')) {
        const { tokens, badColumn } = tokenize(stmt);
        if (badColumn !== undefined) continue;
        let k = 0;
        while (k + 1 < tokens.length && tokens[k + 1].type === ':') k += 2;
        const head = tokens[k];
        if (!head || !MNEMONICS.has(head.text.toLowerCase()) || stmt.includes('\\')) continue;
        out.push({ where: `${f}:${i + 1}`, tokens: tokens.slice(k + 1) });
      }
    });
  }
  return out;
}

test('the grammar gives exactly one parse for every operand list of the corpus', (t) => {
  const lists = corpusOperandLists();
  t.true(lists.length > 300, `only ${lists.length} operand lists found`);
  for (const { where, tokens } of lists) t.is(countParses(tokens), 1, where);
});

test('expressions with every operator parse once', (t) => {
  const ops = ['*', '/', '%', '<<', '>>', '|', '&', '^', '!', '+', '-', '==', '!=', '<>', '<', '<=', '>', '>=', '&&', '||'];
  for (const op of ops) t.is(countParses(tokenize(`a0, 1 ${op} 2 ${op} -(3 ${op} ~4), %lo(x ${op} 1)(sp)`).tokens), 1, op);
});

test('operands-grammar.ts is the nearleyc output of operands.ne', (t) => {
  const src = join(ASM, 'src/parse/operands.ne');
  const fresh = execFileSync(process.execPath, [join(ASM, '../node_modules/nearley/bin/nearleyc.js'), src], { encoding: 'utf8' });
  const committed = readFileSync(join(ASM, 'src/parse/operands-grammar.ts'), 'utf8').split('\n').slice(1).join('\n');
  t.is(committed, fresh, 'run `npm run grammar -w @pvlab/assembler`');
});
