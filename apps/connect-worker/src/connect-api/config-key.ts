/** One configuration key as Kafka Connect's ConfigDef describes it (shown by the validate endpoint). */
export interface ConfigKey {
  name: string;
  type: 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';
  required: boolean;
  /** As Connect prints it: a string, or null when there is no default. */
  defaultValue: string | null;
  importance: 'HIGH' | 'MEDIUM' | 'LOW';
  documentation: string;
  group: string | null;
  width: 'NONE' | 'SHORT' | 'MEDIUM' | 'LONG';
  displayName: string;
  dependents: string[];
  order: number;
}

/** A ConfigKey with ConfigDef's defaults (optional, no default value, MEDIUM, no group, width NONE, order -1). */
export function configKey(name: string, type: ConfigKey['type'], fields: Partial<Omit<ConfigKey, 'name' | 'type'>> = {}): ConfigKey {
  return {
    name,
    type,
    required: false,
    defaultValue: null,
    importance: 'MEDIUM',
    documentation: '',
    group: null,
    width: 'NONE',
    displayName: name,
    dependents: [],
    order: -1,
    ...fields,
  };
}
