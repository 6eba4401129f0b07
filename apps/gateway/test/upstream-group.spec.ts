import { UpstreamGroup } from '../src/routing/upstream-group';

describe('an upstream group', () => {
  let time = 0;
  const group = (origins: string[], downMs = 2000) => new UpstreamGroup('orders-service', origins, downMs, () => time);

  beforeEach(() => (time = 1_000_000));

  it('starts each request at the next instance, round robin, with the others as fallbacks', () => {
    const g = group(['a', 'b', 'c']);
    expect([g.attemptOrder(), g.attemptOrder(), g.attemptOrder(), g.attemptOrder()]).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ]);
  });

  it('puts an instance marked down last until its down period is over, then tries it again', () => {
    const g = group(['a', 'b']);
    g.markDown('a');
    for (let i = 0; i < 5; i++) expect(g.attemptOrder()).toEqual(['b', 'a']);
    time += 1999;
    expect(g.attemptOrder()[0]).toBe('b');
    time += 1;
    const orders = [g.attemptOrder(), g.attemptOrder()];
    expect(orders.map((o) => o[0]).sort()).toEqual(['a', 'b']);
  });

  it('still lists every instance when all are marked down, so a revived one is found at once', () => {
    const g = group(['a', 'b']);
    g.markDown('a');
    g.markDown('b');
    expect(g.attemptOrder().sort()).toEqual(['a', 'b']);
  });
});
