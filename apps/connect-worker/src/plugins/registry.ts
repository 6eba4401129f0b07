import type { ConnectorPlugin } from '../connect-api/connector-plugin';
import { fileStreamSinkPlugin } from './file-stream-sink';
import { fileStreamSourcePlugin } from './file-stream-source';
import { jdbcSinkPlugin } from './jdbc-sink';
import { jdbcSourcePlugin } from './jdbc-source';

/**
 * The connector plugins this worker hosts (GET /connector-plugins lists them; connector.class
 * picks one by full class name or short alias). To add a plugin: import it and append it here.
 */
export const CONNECTOR_PLUGINS: readonly ConnectorPlugin[] = [
  fileStreamSinkPlugin,
  fileStreamSourcePlugin,
  jdbcSinkPlugin,
  jdbcSourcePlugin,
];

/**
 * Connect's plugin lookup: the full class name, the simple class name (JdbcSinkConnector) or the
 * simple name without its "Connector" suffix (JdbcSink).
 */
export function findPlugin(plugins: readonly ConnectorPlugin[], name: string): ConnectorPlugin | null {
  const wanted = name.trim();
  return (
    plugins.find((p) => {
      const simple = p.className.slice(p.className.lastIndexOf('.') + 1);
      return (
        p.className === wanted || simple === wanted || (simple.endsWith('Connector') && simple.slice(0, -'Connector'.length) === wanted)
      );
    }) ?? null
  );
}
