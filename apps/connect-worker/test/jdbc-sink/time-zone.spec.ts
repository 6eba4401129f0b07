// formatTimestamp's fixed-offset path (the date from a per-day cache, the time of day from
// arithmetic) against the ISO printer, across day, year and epoch boundaries and in any order.

import { formatTimestamp, resolveZone, type Zone } from '../../src/plugins/jdbc-sink/time-zone';

function viaIso(instant: Date, offsetMs: number): string {
  const iso = new Date(instant.getTime() + offsetMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

describe('formatTimestamp in a fixed-offset zone', () => {
  const instants = [
    Date.UTC(2026, 10, 22, 0, 0, 0, 0),
    Date.UTC(2026, 10, 22, 23, 59, 59, 999),
    Date.UTC(2026, 10, 23, 0, 0, 0, 1),
    Date.UTC(2024, 1, 29, 12, 30, 5, 50),
    Date.UTC(1999, 11, 31, 23, 59, 59, 999),
    Date.UTC(1970, 0, 1, 0, 0, 0, 0),
    Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    Date.UTC(1900, 0, 1, 7, 8, 9, 10),
    Date.UTC(9999, 11, 30, 23, 59, 59, 999),
    Date.UTC(2026, 10, 22, 9, 5, 7, 3),
  ].map((ms) => new Date(ms));

  it.each(['UTC', '+05:30', '-08:00', 'GMT+14', 'EST'])('prints the same wall clock as the ISO printer in %s, whatever the order', (id) => {
    const zone = resolveZone(id) as Extract<Zone, { kind: 'offset' }>;
    expect(zone.kind).toBe('offset');
    for (const order of [instants, [...instants].reverse(), [...instants, ...instants]]) {
      expect(order.map((instant) => formatTimestamp(instant, zone))).toEqual(order.map((instant) => viaIso(instant, zone.offsetMs)));
    }
  });

  it('prints years the ISO printer writes with six digits through the general path', () => {
    const zone = resolveZone('UTC') as Zone;
    expect(formatTimestamp(new Date(Date.UTC(10000, 0, 1, 1, 2, 3, 4)), zone)).toBe('10000-01-01 01:02:03.004');
    expect(formatTimestamp(new Date(Date.UTC(2026, 0, 1, 1, 2, 3, 4)), zone)).toBe('2026-01-01 01:02:03.004');
  });
});
