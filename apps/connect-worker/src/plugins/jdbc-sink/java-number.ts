// Double.toString / Float.toString, which the CREATE TABLE DEFAULT literal of a FLOAT/DOUBLE column
// prints: "1.0" rather than "1", "1.0E7" from ten million up, "1.0E-4" below a thousandth.

export function javaFloatingToString(value: number, float32 = false): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const shortest = float32 ? shortestFloat32(value) : String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = shortest.includes('e') ? Number(shortest).toFixed(20).replace(/0+$/, '') : shortest;
    return plain.includes('.') ? plain.replace(/\.$/, '.0') : `${plain}.0`;
  }
  const [mantissa, exponent] = Number(shortest).toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function shortestFloat32(value: number): string {
  const target = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return String(candidate);
  }
  return String(target);
}
