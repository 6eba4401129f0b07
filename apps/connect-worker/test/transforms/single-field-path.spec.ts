// Kafka's FieldPathNotationTest cases, one for one.
import { SingleFieldPath } from '../../src/transforms/single-field-path';

const v2 = (path: string) => [...new SingleFieldPath(path, 'V2').steps];

describe('SingleFieldPath (field.syntax.version)', () => {
  it('V1 takes the whole text as one step', () => {
    for (const path of ['foo.bar.baz', 'foo`bar`', 'foo.`bar.baz`']) expect(new SingleFieldPath(path, 'V1').steps).toEqual([path]);
  });

  it.each<[string, string[]]>([
    ['..', ['', '', '']],
    ['foo..', ['foo', '', '']],
    ['.bar.', ['', 'bar', '']],
    ['..baz', ['', '', 'baz']],
    ['', []],
    ['foobarbaz', ['foobarbaz']],
    ['foo.bar.baz', ['foo', 'bar', 'baz']],
    ['foo`bar`baz', ['foo`bar`baz']],
    ['`foo.bar.baz`', ['foo.bar.baz']],
    ['foo.`bar.baz`', ['foo', 'bar.baz']],
    ['`foo.bar`.baz', ['foo.bar', 'baz']],
    ['foo.`bar`.baz', ['foo', 'bar', 'baz']],
    ['foo.``bar.baz`', ['foo', '`bar.baz']],
    ['foo.`bar.baz``', ['foo', 'bar.baz`']],
    ['foo.`ba`r.baz`', ['foo', 'ba`r.baz']],
    ['foo.ba`r.baz', ['foo', 'ba`r', 'baz']],
    ['foo.``bar``.baz', ['foo', '`bar`', 'baz']],
    ['``foo.bar.baz``', ['`foo.bar.baz`']],
    ['foo.`bar\\`.baz`', ['foo', 'bar`.baz']],
    ['foo.`bar.`baz`', ['foo', 'bar.`baz']],
    ['foo.`bar\\`.`baz`', ['foo', 'bar`.`baz']],
    ['foo.`bar\\\\`.\\`baz`', ['foo', 'bar\\`.\\`baz']],
  ])('V2 %s', (path, steps) => expect(v2(path)).toEqual(steps));

  it.each<[string, number]>([
    ['`foo.bar.baz', 0],
    ['foo.`bar.baz', 4],
    ['foo.bar.`baz', 8],
    ['foo.bar.`baz\\`', 8],
  ])('V2 %s: incomplete backtick pair at %d', (path, at) =>
    expect(() => v2(path)).toThrow(
      `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
    ),
  );
});
