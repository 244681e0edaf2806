import { describe, expect, it } from 'vitest';
import type { GroupMember } from '../../../../shared/metrics';
import { describeRebalance, rebalancesOf, type GroupSample } from './rebalances';

const m = (id: string, partitions: number[]): GroupMember => ({
  memberId: `${id}-member`,
  clientId: `userstream-${id}`,
  clientHost: '/127.0.0.1',
  partitions,
});
const at = (seconds: number, members: GroupMember[]): GroupSample => ({ at: seconds * 1000, members });

describe('rebalancesOf', () => {
  it('finds a worker killed and its partitions taken over, the in-between states folded into one', () => {
    const three = [m('a', [0]), m('b', [1]), m('c', [2])];
    const samples = [
      at(0, three),
      at(1, three),
      // The session timed out: the group reassigns (members listed without partitions for a moment).
      at(12, [m('a', []), m('b', [])]),
      at(13, [m('a', [0, 2]), m('b', [1])]),
      at(14, [m('a', [0, 2]), m('b', [1])]),
      at(30, [m('a', [0, 2]), m('b', [1])]),
    ];
    const found = rebalancesOf(samples);
    expect(found).toEqual([{ at: 12_000, until: 13_000, joined: [], left: ['userstream-c'], moved: 1, members: 2 }]);
    expect(describeRebalance(found[0]!)).toBe('userstream-c left · 1 partition moved · 2 members');
  });

  it('tells separate rebalances apart, finds joins, and ignores a flap that ends where it began', () => {
    const one = [m('a', [0, 1])];
    const two = [m('a', [0]), m('b', [1])];
    const found = rebalancesOf([
      at(0, []),
      at(1, one),
      at(20, one),
      at(21, two),
      at(40, two),
      at(41, [m('a', []), m('b', [])]),
      at(42, two),
      at(60, two),
    ]);
    expect(found.map((r) => [r.at, r.joined, r.left, r.moved, r.members])).toEqual([
      [1_000, ['userstream-a'], [], 2, 1],
      [21_000, ['userstream-b'], [], 1, 2],
    ]);
  });

  it('has nothing to say about a steady group or a single observation', () => {
    expect(rebalancesOf([at(0, [m('a', [0])])])).toEqual([]);
    expect(rebalancesOf([at(0, [m('a', [0])]), at(1, [m('a', [0])])])).toEqual([]);
  });
});
