import { describe, expect, it } from 'vitest';
import { IoQueue } from '../../lib/output/io-queue.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('IoQueue', () => {
  it('runs every task, in the order added, never more than its limit at once', async () => {
    const queue = new IoQueue(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    for (let i = 0; i < 40; i++) {
      await queue.add(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await tick(i % 4);
        running--;
      });
    }
    await queue.drain();
    expect(started).toEqual([...Array(40).keys()]);
    expect(most).toBe(3);
    expect(running).toBe(0);
  });

  it('reports the first failure from drain and refuses new tasks after it', async () => {
    const queue = new IoQueue(2);
    const ran: number[] = [];
    await queue.add(async () => {
      await tick(1);
      throw new Error('disk full');
    });
    await queue.add(async () => {
      await tick(5);
      ran.push(1);
    });
    // The third waits for a slot, which the failed task frees: by then the failure is known.
    await expect(queue.add(async () => void ran.push(2))).rejects.toThrow('disk full');
    await expect(queue.drain()).rejects.toThrow('disk full');
    expect(ran).toEqual([1]);
  });
});
