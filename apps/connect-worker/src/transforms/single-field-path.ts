// Kafka's field paths (KIP-821, org.apache.kafka.connect.transforms.field): field.syntax.version V1
// takes the whole text as one root field name; V2 splits it on dots into nested steps, with
// backtick pairs around a name that holds dots (a backslash escapes a backtick inside one).

import type { ConnectField, ConnectSchema, ConnectStruct, ConnectValue } from '@kafka-sync/contracts';
import { fieldOf, requireMap, requireStruct, structGet } from './transform-support';

export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version';
export const FIELD_SYNTAX_VERSIONS = ['V1', 'V2'] as const;
export type FieldSyntaxVersion = (typeof FIELD_SYNTAX_VERSIONS)[number];

export const FIELD_SYNTAX_VERSION_DOC =
  'Defines the version of the syntax to access fields. If set to `V1`, then the field paths are limited to access the elements at the root level of the struct or map. If set to `V2`, the syntax will support accessing nested elements. To access nested elements, dotted notation is used. If dots are already included in the field name, then backtick pairs can be used to wrap field names containing dots. E.g. to access the subfield `baz` from a field named "foo.bar" in a struct/map the following format can be used to access its elements: "`foo.bar`.baz".';

/** FieldSyntaxVersion.fromConfig: case-insensitive; null when the value is none of V1, V2. */
export function fieldSyntaxVersion(value: string | undefined): FieldSyntaxVersion | null {
  const upper = (value ?? 'V1').toUpperCase();
  return (FIELD_SYNTAX_VERSIONS as readonly string[]).includes(upper) ? (upper as FieldSyntaxVersion) : null;
}

/** SingleFieldPath's ConfigException for an unmatched backtick. */
export class FieldPathError extends Error {}

function incompleteBacktick(path: string, at: number): never {
  throw new FieldPathError(
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
  );
}

/** SingleFieldPath.buildFieldPathV2, step for step. */
function stepsV2(path: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else steps.push(path.slice(start));
    } else {
      const backtickAt = idx;
      idx++;
      let field = '';
      let start = idx;
      while (true) {
        idx = path.indexOf('`', idx);
        if (idx === -1) incompleteBacktick(path, backtickAt);
        const escaped = path[idx - 1] === '\\';
        if (idx >= path.length - 1) {
          if (escaped) incompleteBacktick(path, backtickAt);
          field += path.slice(start, idx);
          steps.push(field);
          idx++;
          break;
        }
        if (path[idx + 1] !== '.') {
          idx++;
          continue;
        }
        if (escaped) {
          field += path.slice(start, idx - 1) + '`';
          idx++;
          start = idx;
          continue;
        }
        field += path.slice(start, idx);
        steps.push(field);
        idx += 2;
        break;
      }
    }
  }
  if (path.length > 0 && path[path.length - 1] === '.') steps.push('');
  return steps;
}

const NESTED = 'nested field access';

export class SingleFieldPath {
  readonly steps: readonly string[];

  /** Throws FieldPathError for a V2 path with an unmatched backtick. */
  constructor(path: string, version: FieldSyntaxVersion) {
    this.steps = version === 'V1' ? [path] : stepsV2(path);
  }

  private get parents(): readonly string[] {
    return this.steps.slice(0, -1);
  }

  private get last(): string {
    return this.steps[this.steps.length - 1];
  }

  /** The field at this path, null when absent (a non-struct on the way throws, as Schema.field does). */
  fieldFrom(schema: ConnectSchema): ConnectField | null {
    let current: ConnectSchema = schema;
    for (const step of this.parents) {
      const field = fieldOf(current, step);
      if (field === null) return null;
      current = field;
    }
    return fieldOf(current, this.last);
  }

  /** The value at this path in a struct, null when a step is absent or null. */
  valueFromStruct(schema: ConnectSchema, struct: ConnectStruct, withDefault: boolean): ConnectValue {
    let currentSchema: ConnectSchema = schema;
    let current: ConnectStruct = struct;
    for (const step of this.parents) {
      const field = fieldOf(currentSchema, step);
      if (field === null) return null;
      const sub = structGet(current, field, true);
      if (sub === null) return null;
      current = requireStruct(field, sub, NESTED);
      currentSchema = field;
    }
    const field = fieldOf(currentSchema, this.last);
    return field === null ? null : structGet(current, field, withDefault);
  }

  /** The value at this path in a schemaless map, null when a step is absent or null. */
  valueFromMap(map: ReadonlyMap<ConnectValue, ConnectValue>): ConnectValue {
    let current = map;
    for (const step of this.parents) {
      const sub = current.get(step) ?? null;
      if (sub === null) return null;
      current = requireMap(sub, NESTED);
    }
    return current.get(this.last) ?? null;
  }
}
