import { configKey, type ConfigKey } from '../connect-api/config-key';
import type { Transform } from '../connect-api/transform';

/** A transform class the worker offers for `transforms.<alias>.type`. */
export interface TransformDefinition {
  readonly className: string;
  /** The transform's own keys, named without the `transforms.<alias>.` prefix. */
  configKeys(): ConfigKey[];
  /** Per-key errors (keys without prefix), Connect's texts. */
  validate(config: Record<string, string>): Record<string, string[]>;
  /** Only called with a config validate() accepted. */
  create(config: Record<string, string>): Transform;
}

export function transformKey(
  name: string,
  type: ConfigKey['type'],
  required: boolean,
  defaultValue: string | null,
  documentation: string,
  importance: ConfigKey['importance'] = 'MEDIUM',
): ConfigKey {
  return configKey(name, type, { required, defaultValue, documentation, importance });
}

export function missing(name: string): string {
  return `Missing required configuration "${name}" which has no default value.`;
}

/** Connect's ConfigDef LIST parsing: comma-separated, trimmed, empty string → empty list. */
export function parseList(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((item) => item.trim());
}
