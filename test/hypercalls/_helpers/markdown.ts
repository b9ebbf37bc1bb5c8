/**
 * A tutorial's runnable parts, read from its Markdown so the page and the
 * test cannot drift apart:
 *   ```lang file=NAME    a file to create
 *   ```lang excerpt=NAME an excerpt that must appear verbatim in a generated file
 *   ```console           `$ command` lines, each followed by its expected output
 */
export interface Block {
  readonly lang: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string;
  readonly line: number;
}

export function codeBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\S*)([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(markdown)); ) {
    const attrs = Object.fromEntries([...m[2].matchAll(/(\w+)=(\S+)/g)].map((a) => [a[1], a[2]]));
    out.push({ lang: m[1], attrs, text: m[3], line: markdown.slice(0, m.index).split('\n').length });
  }
  return out;
}

export interface ConsoleStep {
  readonly command: string;
  readonly output: string;
}

/** The `$ ` commands of a console block with the lines that follow each. */
export function consoleSteps(block: Block): ConsoleStep[] {
  const steps: { command: string; output: string[] }[] = [];
  for (const line of block.text.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else if (steps.length) steps[steps.length - 1].output.push(line);
  }
  return steps.map((s) => ({ command: s.command, output: s.output.length ? s.output.join('\n') + '\n' : '' }));
}
