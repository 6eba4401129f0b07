// The part of java.text.SimpleDateFormat that timestamp patterns in connector configs use, in UTC:
// y (yy: two digits), M and MM (numeric month), d, H, m, s, S (milliseconds), each zero-padded to
// its letter count, quoted literal text ('T', '' for a quote) and any other non-letter as is.
// A letter Java knows but that is not implemented here (E, a, h, z, MMM, …) is refused by name, as
// is a letter Java itself refuses, with Java's message.

/** DateFormatSymbols.patternChars: every letter SimpleDateFormat accepts. */
const JAVA_PATTERN_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL';

const IMPLEMENTED = 'y, M, MM, d, H, m, s, S and quoted text';

type Part = { literal: string } | { letter: 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S'; count: number };

export class DatePatternError extends Error {}

export class SimpleDateFormat {
  private readonly parts: Part[];

  /** Throws DatePatternError for a pattern Java refuses or that uses a letter not implemented here. */
  constructor(readonly pattern: string) {
    this.parts = compile(pattern);
  }

  /** Formats epoch milliseconds in UTC. */
  format(millis: number): string {
    const date = new Date(millis);
    let out = '';
    for (const part of this.parts) {
      if ('literal' in part) {
        out += part.literal;
        continue;
      }
      const { letter, count } = part;
      switch (letter) {
        case 'y': {
          const year = date.getUTCFullYear();
          out += count === 2 ? pad(year % 100, 2) : pad(year, count);
          break;
        }
        case 'M':
          out += pad(date.getUTCMonth() + 1, count);
          break;
        case 'd':
          out += pad(date.getUTCDate(), count);
          break;
        case 'H':
          out += pad(date.getUTCHours(), count);
          break;
        case 'm':
          out += pad(date.getUTCMinutes(), count);
          break;
        case 's':
          out += pad(date.getUTCSeconds(), count);
          break;
        case 'S':
          out += pad(date.getUTCMilliseconds(), count);
          break;
      }
    }
    return out;
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** SimpleDateFormat.compile's scan: quotes, letter runs, literals. */
function compile(pattern: string): Part[] {
  const parts: Part[] = [];
  const literal = (text: string) => {
    const last = parts[parts.length - 1];
    if (last && 'literal' in last) last.literal += text;
    else parts.push({ literal: text });
  };
  let inQuote = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal("'");
        i++;
      } else inQuote = !inQuote;
      continue;
    }
    if (inQuote || !/[a-zA-Z]/.test(c)) {
      literal(c);
      continue;
    }
    if (!JAVA_PATTERN_LETTERS.includes(c)) throw new DatePatternError(`Illegal pattern character '${c}'`);
    let count = 1;
    while (pattern[i + count] === c) count++;
    i += count - 1;
    if (!'yMdHmsS'.includes(c) || (c === 'M' && count > 2)) {
      throw new DatePatternError(
        `Pattern letter '${c.repeat(count)}' is not implemented by this worker (it implements ${IMPLEMENTED}, in UTC)`,
      );
    }
    parts.push({ letter: c as 'y' | 'M' | 'd' | 'H' | 'm' | 's' | 'S', count });
  }
  if (inQuote) throw new DatePatternError('Unterminated quote');
  return parts;
}
