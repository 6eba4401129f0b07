// JdbcSinkConfig: per-key validation texts (§2), unknown keys, the task-start checks, URL parsing.

import { jdbcSinkPlugin } from '../../src/plugins/jdbc-sink';
import { withoutFrameworkKeys } from '../../src/connect-api/connector-config';
import { parseConnectionUrl } from '../../src/plugins/jdbc-sink/connection-url';
import { parseJdbcSinkConfig, validateConfig } from '../../src/plugins/jdbc-sink/jdbc-sink-config';

const URL_ONLY = { 'connection.url': 'jdbc:mysql://localhost:3306/mydb' };

describe('JDBC sink config validation', () => {
  it('accepts the course configs once the worker stripped its framework keys', () => {
    const mySink = {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'connection.url': 'jdbc:mysql://localhost:3306/mydb',
      'connection.user': 'root',
      'connection.password': 'test1357',
      'auto.create': 'true',
      'auto.evolve': 'true',
      'delete.enabled': 'false',
      'tasks.max': '1',
      topics: 'my_topic_users',
      name: 'my-sink-connect',
    };
    const localSink = {
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'connection.url': 'jdbc:mariadb://control:3306/control',
      'auto.create': 'false',
      'auto.evolve': 'false',
      'topics.regex': 'my_topic_.(.*)',
      'table.name.format': '${topic}',
      'insert.mode': 'upsert',
      'pk.fields': 'id,code',
      'pk.mode': 'record_value',
      transforms: 'dropPrefix,ReplaceField',
      'transforms.dropPrefix.type': 'org.apache.kafka.connect.transforms.RegexRouter',
      'transforms.dropPrefix.regex': 'my_topic_(.*)',
      'transforms.dropPrefix.replacement': '$1',
      'transforms.ReplaceField.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
      'transforms.ReplaceField.blacklist': 'master_id',
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'dlq',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'true',
    };
    expect(validateConfig(withoutFrameworkKeys(mySink))).toEqual({});
    expect(validateConfig(withoutFrameworkKeys(localSink))).toEqual({});
    expect(Object.keys(validateConfig(mySink)).sort()).toEqual(['connector.class', 'name', 'tasks.max', 'topics']);
  });

  it('requires connection.url', () => {
    expect(validateConfig({})).toEqual({
      'connection.url': ['Missing required configuration "connection.url" which has no default value.'],
    });
  });

  it('refuses an unknown key by name', () => {
    expect(validateConfig({ ...URL_ONLY, 'foo.bar': 'x' })).toEqual({
      'foo.bar': ["Unknown configuration 'foo.bar' for JdbcSinkConnector"],
    });
    expect(() => parseJdbcSinkConfig({ ...URL_ONLY, 'pk.feilds': 'id' })).toThrow(
      "Unknown configuration 'pk.feilds' for JdbcSinkConnector",
    );
  });

  it('takes insert.mode in lower or upper case, and names a bad one', () => {
    expect(validateConfig({ ...URL_ONLY, 'insert.mode': 'UPSERT' })).toEqual({});
    expect(parseJdbcSinkConfig({ ...URL_ONLY, 'insert.mode': 'UPDATE' }).insertMode).toBe('update');
    expect(validateConfig({ ...URL_ONLY, 'insert.mode': 'foo' })).toEqual({
      'insert.mode': ['Invalid value foo for configuration insert.mode: Invalid enumerator'],
    });
    // EnumValidator knows only all-lower and all-upper spellings.
    expect(validateConfig({ ...URL_ONLY, 'insert.mode': 'Upsert' })).toEqual({
      'insert.mode': ['Invalid value Upsert for configuration insert.mode: Invalid enumerator'],
    });
    expect(validateConfig({ ...URL_ONLY, 'pk.mode': 'record' })).toEqual({
      'pk.mode': ['Invalid value record for configuration pk.mode: Invalid enumerator'],
    });
  });

  it('reports delete.enabled without pk.mode=record_key on both keys, and refuses it at task start', () => {
    const config = { ...URL_ONLY, 'delete.enabled': 'true', 'pk.mode': 'record_value' };
    expect(validateConfig(config)).toEqual({
      'pk.mode': ['Deletes are only supported for pk.mode record_key'],
      'delete.enabled': ['Deletes are only supported for pk.mode record_key'],
    });
    expect(() => parseJdbcSinkConfig(config)).toThrow("Primary key mode must be 'record_key' when delete support is enabled");
    expect(validateConfig({ ...config, 'pk.mode': 'record_key' })).toEqual({});
  });

  it('checks types and ranges with ConfigDef texts', () => {
    expect(
      validateConfig({ ...URL_ONLY, 'batch.size': '-1', 'auto.create': 'yes', 'max.retries': 'ten', 'connection.attempts': '0' }),
    ).toEqual({
      'batch.size': ['Invalid value -1 for configuration batch.size: Value must be at least 0'],
      'auto.create': ['Invalid value yes for configuration auto.create: Expected value to be either true or false'],
      'max.retries': ['Invalid value ten for configuration max.retries: Not a number of type INT'],
      'connection.attempts': ['Invalid value 0 for configuration connection.attempts: Value must be at least 1'],
    });
    expect(validateConfig({ ...URL_ONLY, 'table.name.format': ' ' })).toEqual({
      'table.name.format': ['Invalid value  for configuration table.name.format: String must be non-empty'],
    });
    expect(validateConfig({ ...URL_ONLY, 'table.types': 'TABLE,SYNONYM' })).toEqual({
      'table.types': ['Invalid value SYNONYM for configuration table.types: Invalid enumerator'],
    });
  });

  it('checks db.timezone against Java zone ids', () => {
    expect(validateConfig({ ...URL_ONLY, 'db.timezone': 'Asia/Seoul' })).toEqual({});
    expect(validateConfig({ ...URL_ONLY, 'db.timezone': '+09:00' })).toEqual({});
    expect(validateConfig({ ...URL_ONLY, 'db.timezone': 'Mars/Olympus' })).toEqual({
      'db.timezone': [
        'Invalid value Mars/Olympus for configuration db.timezone: Invalid time zone. See the list of valid time zones at https://docs.oracle.com/javase/8/docs/api/java/time/ZoneId.html#shortIds',
      ],
    });
  });

  it('has no driver for other databases', () => {
    expect(validateConfig({ 'connection.url': 'jdbc:postgresql://localhost/db' })).toEqual({
      'connection.url': ['Could not connect to database. No suitable driver found for jdbc:postgresql://localhost/db'],
    });
    expect(validateConfig({ 'connection.url': 'mysql://localhost/db' })).toEqual({
      'connection.url': ['Could not connect to database. Not a valid JDBC URL: mysql://localhost/db'],
    });
  });

  it('parses defaults and values at task start', () => {
    const config = parseJdbcSinkConfig(
      {
        ...URL_ONLY,
        'pk.fields': ' id , code ',
        'quote.sql.identifiers': 'NEVER',
        'date.timezone': 'UTC',
        'db.timezone': 'Asia/Seoul',
      },
      'n',
    );
    expect(config).toMatchObject({
      connectorName: 'n',
      insertMode: 'insert',
      pkMode: 'none',
      pkFields: ['id', 'code'],
      batchSize: 3000,
      maxRetries: 10,
      retryBackoffMs: 3000,
      connectionAttempts: 3,
      connectionBackoffMs: 10000,
      tableNameFormat: '${topic}',
      autoCreate: false,
      autoEvolve: false,
      deleteEnabled: false,
      replaceNullWithDefault: true,
      quoteIdentifiers: false,
      zone: { kind: 'region', id: 'Asia/Seoul' },
      dateZone: { kind: 'offset', offsetMs: 0 },
    });
    expect([...config.tableTypes]).toEqual(['TABLE']);
    expect(() => parseJdbcSinkConfig({ ...URL_ONLY, 'quote.sql.identifiers': 'sometimes' })).toThrow(
      "No matching QuoteMethod found for 'sometimes'",
    );
  });

  it('describes its keys for the validate endpoint', () => {
    const keys = jdbcSinkPlugin.configKeys();
    const byName = new Map(keys.map((key) => [key.name, key]));
    for (const name of [
      'connection.url',
      'connection.user',
      'connection.password',
      'connection.attempts',
      'connection.backoff.ms',
      'table.name.format',
      'insert.mode',
      'pk.mode',
      'pk.fields',
      'fields.whitelist',
      'auto.create',
      'auto.evolve',
      'delete.enabled',
      'batch.size',
      'max.retries',
      'retry.backoff.ms',
      'db.timezone',
      'quote.sql.identifiers',
      'replace.null.with.default',
      'table.types',
      'timestamp.fields.list',
      'dialect.name',
    ]) {
      expect(byName.has(name)).toBe(true);
    }
    expect(byName.get('connection.url')).toMatchObject({
      type: 'STRING',
      required: true,
      defaultValue: null,
      importance: 'HIGH',
      group: 'Connection',
    });
    expect(byName.get('batch.size')).toMatchObject({ type: 'INT', required: false, defaultValue: '3000' });
    expect(byName.get('connection.password')).toMatchObject({ type: 'PASSWORD', defaultValue: null });
    expect(byName.get('pk.fields')).toMatchObject({ type: 'LIST', defaultValue: '' });
  });

  it('hands out maxTasks copies of the config', () => {
    expect(jdbcSinkPlugin.taskConfigs!({ a: '1' }, 3)).toEqual([{ a: '1' }, { a: '1' }, { a: '1' }]);
  });
});

describe('connection.url', () => {
  it('reads host, port, database and parameters for mysql and mariadb', () => {
    expect(parseConnectionUrl('jdbc:mysql://db.example:3307/mydb?user=u&password=p%40ss&useSSL=false')).toEqual({
      ok: true,
      url: {
        subprotocol: 'mysql',
        host: 'db.example',
        port: 3307,
        database: 'mydb',
        params: { user: 'u', password: 'p@ss', useSSL: 'false' },
      },
    });
    expect(parseConnectionUrl('jdbc:mariadb://localhost/mydb')).toEqual({
      ok: true,
      url: { subprotocol: 'mariadb', host: 'localhost', port: 3306, database: 'mydb', params: {} },
    });
    expect(parseConnectionUrl('jdbc:mysql://h1:1,h2:2/')).toMatchObject({ ok: true, url: { host: 'h1', port: 1, database: null } });
  });

  it('takes the user and password from the URL when the keys are absent', () => {
    const config = parseJdbcSinkConfig({ 'connection.url': 'jdbc:mysql://localhost/mydb?user=u&password=p' });
    expect([config.connectionUser, config.connectionPassword]).toEqual(['u', 'p']);
    const explicit = parseJdbcSinkConfig({ 'connection.url': 'jdbc:mysql://localhost/mydb?user=u', 'connection.user': 'root' });
    expect(explicit.connectionUser).toBe('root');
  });
});
