// Just enough of a Dockerfile parser for the bundle test to run what docker/node/Dockerfile runs.

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Stages of a Dockerfile (instructions before the first FROM, i.e. global ARGs, are in `globals`). */
export function parseDockerfile(text: string): { globals: Instruction[]; stages: Stage[] } {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const globals: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim() };
    if (instruction.keyword === 'FROM') {
      const [, from, name] = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else if (stages.length === 0) globals.push(instruction);
    else stages[stages.length - 1].instructions.push(instruction);
  }
  return { globals, stages };
}

/** `ARG NAME=value` defaults, then `${NAME}`/`$NAME` replaced in `text`. */
export function expandArgs(text: string, args: Instruction[]): string {
  const values = Object.fromEntries(
    args.filter((i) => i.keyword === 'ARG' && i.args.includes('=')).map((i) => i.args.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => values[braced ?? bare] ?? whole);
}

/** The words of a shell command without quotes (no expansions, no operators: enough for one simple command). */
export function shellWords(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}
