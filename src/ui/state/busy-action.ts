/**
 * One step of a flow that shows a busy state and keeps its failure for the page: the flow's state
 * class holds `busy` and `failure` as runes; this sets them around the action (a failure is kept,
 * not thrown, so the component renders it in the user's language).
 */
export interface BusyHolder<K extends string> {
  busy: K | '';
  failure: unknown;
}

export async function runBusy<K extends string>(holder: BusyHolder<K>, kind: K, action: () => Promise<void>): Promise<void> {
  holder.busy = kind;
  holder.failure = null;
  try {
    await action();
  } catch (e) {
    holder.failure = e;
  } finally {
    holder.busy = '';
  }
}
