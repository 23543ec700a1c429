/** One pending change of an event list: at `at`, remove `remove` items and insert `add`. */
type Edit<T> = [at: number, remove: number, add: T[]];

/**
 * Stands in for micromark's EditMap (package micromark-util-edit-map), put in
 * its place when the Markdown pipeline is bundled (`--alias` in `npm run
 * compile`), with the same interface and results. micromark edits the event
 * list of the whole document so far at each lazy continuation line and each
 * setext heading, and the original `consume` copied that whole list every
 * time, so one large article cost more per megabyte than small ones (issue
 * #12: 1.4 times as much CPU per MB at 5 MB as for the benchmark's articles).
 * The edits are near the end of the list, so this one keeps everything
 * before the first edit in place and rebuilds only the rest.
 */
export class EditMap<T = unknown> {
  /** Edits by position, so several at one position become one. */
  index = new Map<number, Edit<T>>();
  map: Edit<T>[] = [];

  /** Remove `remove` items at `at` and insert `add` there, after anything inserted there before. */
  add(at: number, remove: number, add: T[]): void {
    this.record(at, remove, add, false);
  }

  /** Remove `remove` items at `at` and insert `add` there, before anything inserted there before. */
  addBefore(at: number, remove: number, add: T[]): void {
    this.record(at, remove, add, true);
  }

  /** Apply every recorded edit to `events`, in place, and forget them. */
  consume(events: T[]): void {
    if (this.map.length === 0) return;
    this.map.sort((a, b) => a[0] - b[0]);
    const first = this.map[0]![0];
    const rest: T[] = [];
    let from = first;
    for (const [at, remove, add] of this.map) {
      for (let i = from; i < at && i < events.length; i++) rest.push(events[i]!);
      for (const item of add) rest.push(item);
      // A removal reaching past the next edit stops there (as micromark's does).
      from = at + remove;
    }
    for (let i = from; i < events.length; i++) rest.push(events[i]!);
    events.length = Math.min(first, events.length);
    for (const item of rest) events.push(item);
    this.map.length = 0;
    this.index.clear();
  }

  private record(at: number, remove: number, add: T[], before: boolean): void {
    if (remove === 0 && add.length === 0) return;
    const existing = this.index.get(at);
    if (!existing) {
      const edit: Edit<T> = [at, remove, add];
      this.map.push(edit);
      this.index.set(at, edit);
      return;
    }
    existing[1] += remove;
    // Loops rather than push(...items): a long list would overflow the call stack.
    if (before) {
      for (const item of existing[2]) add.push(item);
      existing[2] = add;
    } else {
      for (const item of add) existing[2].push(item);
    }
  }
}
