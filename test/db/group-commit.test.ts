import { expect, it } from 'vitest';
import { groupCommit, groupRead, Linger } from '../../db/group-commit';

it('writes calls that arrive together in one batch, and later ones in the next', async () => {
  const batches: number[][] = [];
  const write = groupCommit(async (items: number[]) => {
    batches.push(items);
    await new Promise((r) => setTimeout(r, 20));
  });
  const first = Array.from({ length: 5 }, (_, i) => write(i));
  // Arrives while the first batch is being written: waits for it, then goes in the next one.
  await new Promise((r) => setTimeout(r, 5));
  const later = [write(5), write(6)];
  await Promise.all([...first, ...later]);
  expect(batches).toEqual([[0, 1, 2, 3, 4], [5, 6]]);
});

it('settles each call only after its own batch is written', async () => {
  const written = new Set<number>();
  const write = groupCommit(async (items: number[]) => {
    await new Promise((r) => setTimeout(r, 10));
    for (const i of items) written.add(i);
  });
  await Promise.all([1, 2, 3].map((i) => write(i).then(() => expect(written.has(i)).toBe(true))));
});

it('fails only the call whose item cannot be written, the others of its batch are written', async () => {
  const written: number[] = [];
  const write = groupCommit(async (items: number[]) => {
    if (items.includes(13)) throw new Error('no such account');
    written.push(...items);
  });
  const results = await Promise.allSettled([11, 12, 13, 14].map((i) => write(i)));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  expect(written.sort()).toEqual([11, 12, 14]);
});

it('puts a second write of the same row in the next batch, after the first', async () => {
  const batches: string[][] = [];
  const write = groupCommit(
    async (items: string[]) => void batches.push(items),
    { rowOf: (item) => item.split(':')[0]! },
  );
  await Promise.all(['a:sending', 'b:sending', 'a:sent', 'c:sending', 'b:sent'].map((item) => write(item)));
  expect(batches).toEqual([['a:sending', 'b:sending'], ['a:sent', 'c:sending', 'b:sent']]);
});

it('answers each reader of a grouped read with its own result, and reads again alone after a failed batch', async () => {
  const batches: number[][] = [];
  const read = groupRead(async (items: number[]) => {
    batches.push(items);
    if (items.length > 1 && items.includes(3)) throw new Error('statement too large');
    if (items.length === 1 && items[0] === 3) throw new Error('no such row');
    return items.map((i) => i * 10);
  });
  const results = await Promise.allSettled([1, 2, 3, 4].map((i) => read(i)));
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 'no such row', 40]);
  expect(batches).toEqual([[1, 2, 3, 4], [1], [2], [3], [4]]);
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('lingers for callers still at work, and writes at once when every caller waits', async () => {
  const batches: number[][] = [];
  // Far longer than the test may take: every batch below goes before its linger ends.
  const linger = new Linger(60_000);
  const write = groupCommit(async (items: number[]) => void batches.push(items), { linger });
  // Alone: nobody else can come.
  await linger.participate(() => write(1));
  // The second caller asks a little later; once it waits too, the batch goes.
  await Promise.all([linger.participate(async () => (await pause(1), write(2))), linger.participate(async () => (await pause(5), write(3)))]);
  // A caller that ends without writing lets the waiting batch go as well.
  await Promise.all([linger.participate(async () => (await pause(1), write(4))), linger.participate(() => pause(5))]);
  expect(batches).toEqual([[1], [2, 3], [4]]);
});

it('writes a lingering batch when its time is up, without the callers still at work', async () => {
  const batches: number[][] = [];
  const linger = new Linger(20);
  const write = groupCommit(async (items: number[]) => void batches.push(items), { linger });
  await Promise.all([linger.participate(async () => (await pause(1), write(1))), linger.participate(async () => (await pause(200), write(2)))]);
  expect(batches).toEqual([[1], [2]]);
});
