import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
/** The repository root (this file is tools/bench/report.ts). */
const REPO_ROOT = join(__dirname, '../..');

export interface Machine {
  cpu: string;
  cores: number;
  ram: string;
  node: string;
  os: string;
  filesystem: string;
  load: string;
  /** write() of a 100 KiB block + fdatasync() on the temp dirs' filesystem, ms. */
  fdatasyncMs: { p50: number; p99: number };
  kafkajs: string;
  librdkafka: string;
}

function tryRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** The mount (and its filesystem type) holding `path`, from /proc/mounts: fsync cost depends on it. */
function filesystemOf(path: string): string {
  let best = { mountPoint: '', line: 'unknown' };
  for (const line of tryRead('/proc/mounts').split('\n')) {
    const [device, mountPoint, type] = line.split(' ');
    if (!mountPoint || !(path === mountPoint || path.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`))) continue;
    if (mountPoint.length >= best.mountPoint.length) best = { mountPoint, line: `${type} (${device} on ${mountPoint})` };
  }
  return best.line;
}

/**
 * What one acknowledged produce costs the disk with --flush-interval-ms 0: append ~100 KiB (one
 * send of 100 x 1 KiB) to a file and fdatasync it, `rounds` times, on the filesystem under `dir`.
 */
function probeFdatasync(dir: string, rounds = 200): { p50: number; p99: number } {
  const probeDir = mkdtempSync(join(dir, 'bench-fsync-'));
  const block = Buffer.alloc(100 * 1024, 7);
  const times: number[] = [];
  const fd = openSync(join(probeDir, 'probe.log'), 'a');
  try {
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      writeSync(fd, block);
      fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(probeDir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(rounds * 0.5)], p99: times[Math.min(rounds - 1, Math.ceil(rounds * 0.99) - 1)] };
}

export function describeMachine(dataPath: string): Machine {
  const cpuinfo = tryRead('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const osName = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(tryRead('/etc/os-release'))?.[1] ?? process.platform;
  let librdkafka = 'unknown';
  try {
    librdkafka = /librdkafka (?:version )?(\d[^\s,]*)/.exec(execFileSync('kcat', ['-V'], { encoding: 'utf8' }))?.[1] ?? librdkafka;
  } catch {
    // kcat missing: the mock run will fail with a clearer message.
  }
  const kafkajs =
    (JSON.parse(tryRead(join(REPO_ROOT, 'node_modules/kafkajs/package.json')) || '{}') as { version?: string }).version ?? 'unknown';
  return {
    cpu: model.replace(/\s+/g, ' ').trim(),
    cores: cpus().length,
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${osName}, Linux ${release()}`,
    filesystem: filesystemOf(dataPath),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
    fdatasyncMs: probeFdatasync(dataPath),
    kafkajs,
    librdkafka,
  };
}

/** Plain aligned columns for the terminal; the first column is left-aligned, the rest right-aligned. */
/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const DOC_HEADER = `# Benchmarks

Figures measured on one machine at one moment: compare rows of the same run, not across machines.
Each section is rewritten by its own command; the other sections are left alone.
`;

/**
 * Replaces the section that starts with `heading` (up to the next \`## \` heading) in `file`,
 * appending it when absent and creating the file when missing.
 */
export function writeDocSection(file: string, heading: string, body: string): void {
  const section = `${heading}\n\n${body.trim()}\n`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : DOC_HEADER;
  const lines = current.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  let next: string;
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
    if (end < 0) end = lines.length;
    const before = lines.slice(0, start).join('\n').trimEnd();
    const after = lines.slice(end).join('\n').trim();
    next = `${before ? `${before}\n\n` : ''}${section}${after ? `\n${after}\n` : ''}`;
  }
  writeFileSync(file, next);
}

/** One service benchmark's section of docs/benchmarks.md: when and how it ran, the machine, the method, the target, the table. */
export interface BenchSection {
  /** "Measured <time> with `npm run …` (…)." */
  measured: string;
  machine: Machine;
  /** Appended to the machine line, e.g. "; load average at the end …". */
  machineExtra?: string;
  /** Bullet lines ("- …") saying what ran and how it was timed. */
  method: string[];
  verdict: string;
  headers: string[];
  rows: string[][];
}

export function writeBenchSection(file: string, heading: string, section: BenchSection): void {
  const { machine } = section;
  const body = [
    section.measured,
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} logical CPUs, ${machine.ram} RAM; ${machine.os}; node ${machine.node}; kafkajs ${machine.kafkajs}${section.machineExtra ?? ''}`,
    ...section.method,
    '',
    '### Target',
    '',
    `- ${section.verdict}`,
    '',
    markdownTable(section.headers, section.rows),
  ];
  writeDocSection(file, heading, body.join('\n'));
  process.stdout.write(`Wrote the "${heading.slice(3)}" section of ${relative(REPO_ROOT, file)}\n`);
}

/** The time a benchmark ran, to the second, for its "Measured …" line. */
export function measuredAt(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export const fmt = {
  int: (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a'),
  fixed: (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a'),
  /** Decimal megabytes (10^6 bytes), as in MB/s. */
  mb: (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1e6).toFixed(1) : 'n/a'),
  mib: (bytes: number) => (bytes / 2 ** 20).toFixed(0),
  seconds: (ms: number) => (ms / 1000).toFixed(2),
  yesNo: (ok: boolean) => (ok ? 'yes' : 'NO'),
};
