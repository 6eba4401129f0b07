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
