// db.timezone: Java ZoneId names (region ids, Z/UTC/GMT/UT, ±hh[:mm[:ss]] offsets with an optional
// UTC/GMT/UT prefix, and ZoneId.SHORT_IDS), and wall-clock formatting of an instant in that zone,
// which is what Connector/J's setTimestamp/setTime/setDate(…, calendar) send to the server.

const SHORT_IDS: Readonly<Record<string, string>> = {
  EST: '-05:00',
  MST: '-07:00',
  HST: '-10:00',
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
};

const OFFSET = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

/** A resolved zone: a fixed offset in ms, or an IANA region for Intl. */
export type Zone = { kind: 'offset'; offsetMs: number } | { kind: 'region'; id: string };

/** null when Java's ZoneId.of(id, SHORT_IDS) would refuse the name. */
export function resolveZone(id: string): Zone | null {
  const name = Object.hasOwn(SHORT_IDS, id) ? SHORT_IDS[id] : id;
  if (name === 'Z' || name === 'UTC' || name === 'GMT' || name === 'UT') return { kind: 'offset', offsetMs: 0 };
  const offset = OFFSET.exec(name);
  if (offset) {
    const [, sign, hours, minutes = '0', seconds = '0'] = offset;
    if (Number(hours) > 18 || Number(minutes) > 59 || Number(seconds) > 59) return null;
    const ms = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
    return { kind: 'offset', offsetMs: sign === '-' ? -ms : ms };
  }
  // Region ids: case-sensitive in Java, while Intl accepts any case, so insist on Intl's own spelling.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return { kind: 'region', id: name };
  } catch {
    return null;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(id: string): Intl.DateTimeFormat {
  let formatter = formatters.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(id, formatter);
  }
  return formatter;
}

/** The wall clock of an instant in a zone. */
export function wallClock(instant: Date, zone: Zone): WallClock {
  const millisecond = ((instant.getTime() % 1000) + 1000) % 1000;
  if (zone.kind === 'offset') {
    const shifted = new Date(instant.getTime() + zone.offsetMs);
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      millisecond,
    };
  }
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone.id).formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    year: parts.era === 'BC' || parts.era === 'B' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond,
  };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function formatDate(instant: Date, zone: Zone): string {
  const c = wallClock(instant, zone);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

export function formatTime(instant: Date, zone: Zone): string {
  const c = wallClock(instant, zone);
  return `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${pad(c.millisecond, 3)}`;
}

const DAY_MS = 86_400_000;
/** The date part of the last day formatted in a fixed-offset zone, by day number: a batch's timestamps share a few days. */
let cachedDay = NaN;
let cachedDate = '';

const pad2 = (value: number) => (value < 10 ? `0${value}` : `${value}`);
const pad3 = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : `${value}`);

export function formatTimestamp(instant: Date, zone: Zone): string {
  if (zone.kind === 'offset') {
    // Every record of a table has a timestamp or two: the date part comes from the engine's ISO
    // printer once per day (years of four digits only), the time of day from arithmetic.
    const local = instant.getTime() + zone.offsetMs;
    const day = Math.floor(local / DAY_MS);
    if (day !== cachedDay) {
      const iso = new Date(day * DAY_MS).toISOString();
      if (iso.length === 24) {
        cachedDay = day;
        cachedDate = iso.slice(0, 10);
      }
    }
    if (day === cachedDay) {
      const sinceMidnight = local - day * DAY_MS;
      const hour = Math.floor(sinceMidnight / 3_600_000);
      const minute = Math.floor(sinceMidnight / 60_000) % 60;
      const second = Math.floor(sinceMidnight / 1000) % 60;
      return `${cachedDate} ${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(sinceMidnight % 1000)}`;
    }
  }
  const c = wallClock(instant, zone);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${pad(c.millisecond, 3)}`;
}

/** A timestamp with sub-millisecond digits (timestamp.fields.list: micro or nano precision). */
export function formatTimestampFraction(epochSeconds: bigint, nanos: number, zone: Zone, digits: number): string {
  const c = wallClock(new Date(Number(epochSeconds) * 1000), zone);
  const fraction = String(nanos).padStart(9, '0').slice(0, digits);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${fraction}`;
}
