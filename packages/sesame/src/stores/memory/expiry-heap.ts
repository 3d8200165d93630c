/**
 * An indexed binary min-heap ordered by expiry time: the memory store's eviction order.
 *
 * Why a heap: at capacity every insert evicts the record that expires soonest, and that insert is on
 * the session-creation hot path. A heap gives the soonest in O(1) and removes it in O(log n), where
 * a scan of the map would be O(n) per insert. Each item remembers its slot (`heapIndex`), so a
 * touch (new expiry) or a delete of any item is O(log n) too, with no stale entries left behind.
 *
 * @module
 */

/** What the heap orders. `heapIndex` is owned by the heap; -1 means "not in a heap". */
export interface HeapItem {
  expiresMs: number;
  heapIndex: number;
}

export class ExpiryHeap<T extends HeapItem> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** The item that expires soonest, or `undefined` when empty. */
  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

  /** Remove and return the item that expires soonest. */
  pop(): T | undefined {
    const top = this.#items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(item: T): void {
    const index = item.heapIndex;
    if (this.#items[index] !== item) return;
    const last = this.#items.pop() as T;
    item.heapIndex = -1;
    if (last === item) return;
    this.#place(last, index);
    this.#restore(index);
  }

  /** Re-position `item` after its `expiresMs` changed. */
  update(item: T): void {
    if (this.#items[item.heapIndex] === item) this.#restore(item.heapIndex);
  }

  clear(): void {
    for (const item of this.#items) item.heapIndex = -1;
    this.#items.length = 0;
  }

  #restore(index: number): void {
    if (!this.#up(index)) this.#down(index);
  }

  #place(item: T, index: number): void {
    this.#items[index] = item;
    item.heapIndex = index;
  }

  /** Sift up; returns whether the item moved. */
  #up(start: number): boolean {
    const items = this.#items;
    const item = items[start] as T;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (parent.expiresMs <= item.expiresMs) break;
      this.#place(parent, index);
      index = parentIndex;
    }
    this.#place(item, index);
    return index !== start;
  }

  #down(start: number): void {
    const items = this.#items;
    const length = items.length;
    const item = items[start] as T;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && (items[right] as T).expiresMs < (items[left] as T).expiresMs) child = right;
      const smallest = items[child] as T;
      if (smallest.expiresMs >= item.expiresMs) break;
      this.#place(smallest, index);
      index = child;
    }
    this.#place(item, index);
  }
}
