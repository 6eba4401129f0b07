import { extractFieldKeyDefinition, extractFieldValueDefinition } from './extract-field';
import { insertFieldKeyDefinition, insertFieldValueDefinition } from './insert-field';
import { regexRouterDefinition } from './regex-router';
import { replaceFieldKeyDefinition, replaceFieldValueDefinition } from './replace-field';
import { timestampRouterDefinition } from './timestamp-router';
import type { TransformDefinition } from './transform-definition';
import { valueToKeyDefinition } from './value-to-key';

export type { TransformDefinition } from './transform-definition';

/** Every transform class the worker offers; add new ones here. */
export const TRANSFORMS: readonly TransformDefinition[] = [
  regexRouterDefinition,
  replaceFieldValueDefinition,
  replaceFieldKeyDefinition,
  valueToKeyDefinition,
  extractFieldKeyDefinition,
  extractFieldValueDefinition,
  insertFieldValueDefinition,
  insertFieldKeyDefinition,
  timestampRouterDefinition,
];

/** By full class name, or by the simple name Connect also accepts (RegexRouter, ReplaceField$Value). */
export function findTransform(name: string): TransformDefinition | null {
  const trimmed = name.trim();
  return TRANSFORMS.find((t) => t.className === trimmed || t.className.slice(t.className.lastIndexOf('.') + 1) === trimmed) ?? null;
}
