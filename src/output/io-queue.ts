/**
 * Runs file-system operations with a bounded number in flight. On slow or
 * network-backed disks most of a write is waiting on metadata (mkdir, open),
 * and overlapping a few dozen of them is several times faster than doing
 * them one by one, without opening thousands of files at once.
 */
export class IoQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(private readonly limit = 32) {}

  /** Start `task` as soon as a slot is free; resolves once it has started. */
  async add(task: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  /** Wait for every started task; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }
}
