/**
 * Append every item of `items` to `target`, one by one. `target.push(...items)`
 * passes each item as an argument, and an array that grows with the site (the
 * files of a 100,000-article plan, every warning of a large build) overflows
 * the call stack; a loop has no such limit.
 * @returns `target`, for chaining.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `first` and `rest`, without spreading `rest` into `Math.max`'s arguments. */
export function maxOf(first: number, rest: Iterable<number>): number {
  let max = first;
  for (const n of rest) if (n > max || Number.isNaN(n)) max = n;
  return max;
}

/** Replace the item at `index` of `list` with `items`, in place, without spreading `items` into `splice`'s arguments. */
export function replaceAt<T>(list: T[], index: number, items: readonly T[]): void {
  const tail = list.splice(index + 1);
  list.length = index;
  pushAll(list, items);
  pushAll(list, tail);
}
