// Connect's Decimal is an unscaled integer times 10^-scale, the scale fixed by the schema. On the
// wire (decimal.format=BASE64, the converter's default) the unscaled integer is big-endian two's
// complement bytes, exactly Java's BigInteger.toByteArray(). In JavaScript a Decimal is a string of
// plain decimal digits ("1.56", "-0.05", "1200"): a number could not hold every decimal exactly.

/** The unscaled integer from its two's-complement bytes; throws on zero bytes (Java's "Zero length BigInteger"). */
export function unscaledFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new Error('zero-length decimal');
  const unsigned = BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
  const negative = (bytes[0] & 0x80) !== 0;
  return negative ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

/** The shortest two's-complement bytes for an integer, as BigInteger.toByteArray() writes them. */
export function unscaledToBytes(unscaled: bigint): Buffer {
  let length = 1;
  while (unscaled < -(1n << BigInt(length * 8 - 1)) || unscaled >= 1n << BigInt(length * 8 - 1)) length++;
  const unsigned = unscaled < 0n ? unscaled + (1n << BigInt(length * 8)) : unscaled;
  return Buffer.from(unsigned.toString(16).padStart(length * 2, '0'), 'hex');
}

/** "unscaled × 10^-scale" as plain decimal text with exactly `scale` digits after the point (none when scale ≤ 0). */
export function formatDecimal(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const sign = unscaled < 0n ? '-' : '';
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Decimal text → the unscaled integer at the schema's scale. Fewer fraction digits are padded
 * ("1.5" at scale 2 is 150); more are refused unless they are zeros, since dropping them would
 * change the value (Java refuses any scale mismatch; padding and dropping zeros keep the value).
 */
export function parseDecimal(text: string, scale: number): { ok: true; unscaled: bigint } | { ok: false; error: string } {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return { ok: false, error: `"${text}" is not a decimal number such as "12.50" or "-3"` };
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.replace(/0+$/, '');
  if (scale >= 0) {
    if (kept.length > scale) {
      return {
        ok: false,
        error: `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${scale}, value has scale ${fraction.length}.`,
      };
    }
    return { ok: true, unscaled: BigInt(`${sign}${whole}${kept.padEnd(scale, '0')}`) };
  }
  const divisor = 10n ** BigInt(-scale);
  const integer = BigInt(`${sign}${whole}`);
  if (kept.length > 0 || integer % divisor !== 0n) {
    return { ok: false, error: `"${text}" is not a multiple of 10^${-scale}, which a Decimal of scale ${scale} requires` };
  }
  return { ok: true, unscaled: integer / divisor };
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * A JSON number read as a Decimal (the converter accepts numbers as well as bytes) → plain decimal
 * text, padded to at least `scale` fraction digits. Digits beyond the scale are kept, as Java keeps
 * them. An integer token is exact at any size (parseJson gives a bigint beyond ±(2^53−1)); a token
 * with a fraction or an exponent has been read as a double and carries its ~16 significant digits;
 * producers that need more must use the bytes form (the converter's default).
 */
export function numberToDecimalText(value: number | bigint, scale: number): string {
  const match = NUMBER_TEXT.exec(String(value));
  if (!match) throw new Error(`cannot write ${value} as a decimal`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exponent);
  let integerPart: string;
  let fractionPart: string;
  if (point <= 0) {
    integerPart = '0';
    fractionPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    integerPart = digits + '0'.repeat(point - digits.length);
    fractionPart = '';
  } else {
    integerPart = digits.slice(0, point);
    fractionPart = digits.slice(point);
  }
  integerPart = integerPart.replace(/^0+(?=\d)/, '');
  fractionPart = fractionPart.replace(/0+$/, '');
  if (scale > 0) fractionPart = fractionPart.padEnd(scale, '0');
  return `${sign}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`;
}
