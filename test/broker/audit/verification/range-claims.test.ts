import { describe, expect, it } from 'vitest';
import { RangeClaims } from '../../../../broker/audit/verification/range-claims.ts';

describe('claiming ranges across threads', () => {
  it('hands out every range once, in order, then none', () => {
    const shared = RangeClaims.share(3);
    const here = new RangeClaims(shared);
    const there = new RangeClaims(shared);
    expect([here.take(), there.take(), here.take(), there.take(), here.take()]).toEqual([
      0,
      1,
      2,
      null,
      null,
    ]);
    expect(here.needed()).toBe(3);
  });

  it('stops after the lowest range with a break, whichever thread finds it first', () => {
    const claims = new RangeClaims(RangeClaims.share(10));
    for (let i = 0; i < 6; i++) claims.take();
    claims.stopAfter(5);
    claims.stopAfter(2);
    claims.stopAfter(4);
    expect(claims.needed()).toBe(3);
    expect(claims.take()).toBeNull();
  });

  it('stops everything after a failure', () => {
    const claims = new RangeClaims(RangeClaims.share(4));
    claims.take();
    claims.stopAll();
    expect(claims.take()).toBeNull();
  });
});
