import type { Element } from 'hast';
import type { List, ListItem, Parents } from 'mdast';
import { defaultHandlers } from 'remark-rehype';

type State = Parameters<typeof defaultHandlers.listItem>[0];

/** A stand-in for a list that tells the default handler only what it reads of it: whether the list is loose. */
type LooseOnly = { type: 'list'; spread: boolean; children: [] };

/** Per conversion (state), each list's stand-in: the tree is not changed while it is converted. */
const standIns = new WeakMap<State, WeakMap<List, LooseOnly>>();

/** Whether a list's items are separated by blank lines: as mdast-util-to-hast decides it. */
export function listIsLoose(list: List): boolean {
  if (list.spread) return true;
  for (const item of list.children) {
    if (item.spread === null || item.spread === undefined ? item.children.length > 1 : item.spread) return true;
  }
  return false;
}

/**
 * mdast-util-to-hast's `listItem`, handed a stand-in for the item's list.
 * The default handler works out whether the list is loose from every item
 * of the list, again for each item: a list of n items cost n² steps (a
 * release-notes list of 5,000 lines, 25 million). The stand-in carries the
 * answer, worked out once per list; the handler reads nothing else of the
 * parent, so the HTML is the same.
 */
export function listItemHandler(state: State, node: ListItem, parent: Parents | undefined): Element {
  if (!parent || parent.type !== 'list') return defaultHandlers.listItem(state, node, parent);
  let lists = standIns.get(state);
  if (!lists) standIns.set(state, (lists = new WeakMap()));
  let standIn = lists.get(parent);
  if (!standIn) lists.set(parent, (standIn = { type: 'list', spread: listIsLoose(parent), children: [] }));
  return defaultHandlers.listItem(state, node, standIn as unknown as List);
}
