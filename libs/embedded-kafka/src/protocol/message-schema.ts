import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Kafka's message definitions (clients/src/main/resources/common/message/*.json in apache/kafka),
 * vendored unchanged in ./messages: they are the spec of every request and response this broker
 * speaks, down to which field exists in which version, which may be null, and which versions are
 * "flexible" (compact encodings and tagged fields, KIP-482).
 */
export interface FieldSpec {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  default?: string | number | boolean;
  ignorable?: boolean;
  fields?: FieldSpec[];
}

export interface StructSpec {
  name: string;
  versions: string;
  fields: FieldSpec[];
}

export interface MessageSpec {
  apiKey?: number;
  type: 'request' | 'response' | 'header';
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: FieldSpec[];
  commonStructs?: StructSpec[];
}

/** A version range as Kafka writes it: "3", "0-7", "9+", or "none". */
export interface VersionRange {
  min: number;
  max: number;
}

export function parseVersions(text: string | undefined): VersionRange {
  if (text === undefined || text === 'none' || text === '') return { min: 0, max: -1 };
  if (text.endsWith('+')) return { min: Number(text.slice(0, -1)), max: Number.MAX_SAFE_INTEGER };
  const [min, max] = text.split('-').map(Number);
  return { min, max: max ?? min };
}

export function inRange(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}

/** Kafka's files are JSON with // comment lines (the license header and notes on each version). */
function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

const MESSAGES_DIR = join(__dirname, 'messages');

/** Loads e.g. "MetadataRequest" from ./messages. */
export function loadMessageSpec(name: string): MessageSpec {
  return JSON.parse(stripComments(readFileSync(join(MESSAGES_DIR, `${name}.json`), 'utf8'))) as MessageSpec;
}
