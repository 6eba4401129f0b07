import { ConfigError, envDatabaseName, envDatabaseUrl, envInteger, envKafkaBrokers } from '../src';

describe('start-up settings', () => {
  it('reads integers within bounds and names the variable otherwise', () => {
    expect(envInteger({}, 'PORT', 8081, 0, 65535)).toBe(8081);
    expect(envInteger({ PORT: '0' }, 'PORT', 8081, 0, 65535)).toBe(0);
    expect(() => envInteger({ PORT: '70000' }, 'PORT', 8081, 0, 65535)).toThrow(
      new ConfigError('PORT must be an integer from 0 to 65535, got "70000"'),
    );
    expect(() => envInteger({ PORT: '8.5' }, 'PORT', 8081, 0, 65535)).toThrow(ConfigError);
  });

  it('reads a broker list', () => {
    expect(envKafkaBrokers({})).toEqual(['127.0.0.1:9092']);
    expect(envKafkaBrokers({ KAFKA_BROKERS: 'a:1, b:2' })).toEqual(['a:1', 'b:2']);
    expect(() => envKafkaBrokers({ KAFKA_BROKERS: 'nohost' })).toThrow(
      'KAFKA_BROKERS must be a comma-separated list of host:port, got "nohost"',
    );
  });

  it('accepts mysql:// and mariadb:// server URLs only', () => {
    expect(envDatabaseUrl({})).toBe('mysql://root@127.0.0.1:3306');
    expect(envDatabaseUrl({ DATABASE_URL: 'mariadb://u:p@db:3307' })).toBe('mariadb://u:p@db:3307');
    expect(() => envDatabaseUrl({ DATABASE_URL: 'postgres://x' })).toThrow(
      'DATABASE_URL must be a mysql:// or mariadb:// URL with a host, got "postgres://x"',
    );
    expect(() => envDatabaseUrl({ DATABASE_URL: 'not a url' })).toThrow(/must be a URL like/);
  });

  it('accepts plain database names only', () => {
    expect(envDatabaseName({}, 'ORDERS_DB', 'orders')).toBe('orders');
    expect(() => envDatabaseName({ ORDERS_DB: 'x; DROP' }, 'ORDERS_DB', 'orders')).toThrow(/ORDERS_DB must be 1-64 letters/);
  });
});
