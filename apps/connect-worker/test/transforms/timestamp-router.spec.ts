import { findTransform } from '../../src/transforms';
import { SimpleDateFormat } from '../../src/transforms/simple-date-format';
import { TIMESTAMP_ROUTER } from '../../src/transforms/timestamp-router';
import { sinkRecord, usersMap, usersStruct } from './records';

const router = (config: Record<string, string>) => {
  const definition = findTransform(TIMESTAMP_ROUTER);
  if (!definition) throw new Error(`${TIMESTAMP_ROUTER} is not registered`);
  expect(definition.validate(config)).toEqual({});
  return definition.create(config);
};

describe('TimestampRouter', () => {
  it('defaults: ${topic}-${timestamp} with yyyyMMdd in UTC; key, value and the original topic unchanged (with and without schema)', () => {
    for (const value of [usersStruct(7, 'u7', 'Ann'), usersMap({ id: 7 })]) {
      // 23:30 on the 5th in UTC is already the 6th east of Greenwich: the topic follows UTC.
      const input = sinkRecord({ value, timestamp: Date.UTC(2024, 2, 5, 23, 30) });
      const out = router({}).apply(input);
      expect(out.topic).toBe('users-20240305');
      expect([out.originalTopic, out.key, out.value, out.timestamp]).toEqual([
        input.originalTopic,
        input.key,
        input.value,
        input.timestamp,
      ]);
      expect(input.topic).toBe('users');
    }
  });

  it('every ${topic} and ${timestamp}, quoted text, and the numeric letters padded to their count', () => {
    const out = router({
      'topic.format': '${topic}_${timestamp}_${topic}$1',
      'timestamp.format': "yyyy-MM-dd'T'HH:mm:ss.SSS'''X'''",
    }).apply(sinkRecord({ timestamp: Date.UTC(2024, 2, 5, 7, 8, 9, 12) }));
    expect(out.topic).toBe("users_2024-03-05T07:08:09.012'X'_users$1");
    const t = Date.UTC(2009, 0, 2, 3, 4, 5, 6);
    expect(new SimpleDateFormat('yy/M/d H:m:s S').format(t)).toBe('09/1/2 3:4:5 6');
    expect(new SimpleDateFormat('y yyy yyyyy MM dd HH mm ss SSSS').format(t)).toBe('2009 2009 02009 01 02 03 04 05 0006');
    expect(new SimpleDateFormat("'quoted yyyy' ''yyyy'' - _ :").format(t)).toBe("quoted yyyy '2009' - _ :");
  });

  it('refuses a record without a timestamp, naming the record as Java prints it', () => {
    expect(() => router({}).apply(sinkRecord({ timestamp: null, value: usersMap({ id: 7 }) }))).toThrow(
      "Timestamp missing on record: SinkRecord{kafkaOffset=41, timestampType=NoTimestampType, originalTopic=users, originalKafkaPartition=2, originalKafkaOffset=41} ConnectRecord{topic='users', kafkaPartition=2, key=null, keySchema=null, value={id=7}, valueSchema=null, timestamp=null, headers=ConnectHeaders(headers=)}",
    );
  });

  it('validate: letters Java refuses, letters not implemented here, an open quote, unknown keys', () => {
    const definition = findTransform('TimestampRouter')!;
    expect(definition.className).toBe(TIMESTAMP_ROUTER);
    const error = (format: string) => definition.validate({ 'timestamp.format': format })['timestamp.format'];
    expect(error('yyyyMMddq')).toEqual(["Invalid value yyyyMMddq for configuration timestamp.format: Illegal pattern character 'q'"]);
    expect(error("yyyy'T")).toEqual(["Invalid value yyyy'T for configuration timestamp.format: Unterminated quote"]);
    for (const [format, letters] of [
      ['yyyy-MMM', 'MMM'],
      ['EEE yyyy', 'EEE'],
      ['hh:mm a', 'hh'],
      ['yyyyMMdd z', 'z'],
    ])
      expect(error(format)).toEqual([
        `Invalid value ${format} for configuration timestamp.format: Pattern letter '${letters}' is not implemented by this worker (it implements y, M, MM, d, H, m, s, S and quoted text, in UTC)`,
      ]);
    expect(definition.validate({ 'topic.format': 'x', 'timestamp.fmt': 'yyyy' })).toEqual({
      'timestamp.fmt': ['Unknown configuration "timestamp.fmt" for TimestampRouter'],
    });
    expect(definition.configKeys().map((k) => [k.name, k.defaultValue])).toEqual([
      ['topic.format', '${topic}-${timestamp}'],
      ['timestamp.format', 'yyyyMMdd'],
    ]);
  });
});
