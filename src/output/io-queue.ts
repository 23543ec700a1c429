/**
 * Runs file-system operations with a bounded number in flight. On slow or
 * network-backed disks most of a write is waiting on metadata (mkdir, open),
 * and overlapping a few dozen of them is several times faster than doing
 * them one by one, without opening thousands of files at once.
 */
export class IoQueue {
  private readonly inFlight = new Set<Promise<void>>();
  /** Slots taken: tasks running, or about to start in a caller just handed a slot. */
  private taken = 0;
  /** Callers of `add` waiting for a slot, first come first served. */
  private readonly waiting: (() => void)[] = [];
  private failure: unknown = null;

  constructor(private readonly limit = 32) {}

  /** Start `task` as soon as a slot is free; resolves once it has started. */
  async add(task: () => Promise<void>): Promise<void> {
    // A finished task hands its slot straight to one waiter: waiting on every task in flight
    // (Promise.race) cost a reaction per task per wait, a noticeable load on large sites.
    if (this.taken < this.limit) this.taken++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure) {
      this.release();
      throw this.failure;
    }
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.inFlight.delete(running);
        this.release();
      });
    this.inFlight.add(running);
  }

  /** Wait for every started task; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.taken--;
  }
}
