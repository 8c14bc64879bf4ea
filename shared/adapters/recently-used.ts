/**
 * Sets `key` as the most recently used entry of `map` (a Map iterates in insertion order) and forgets the least
 * recently used one beyond `capacity`: the bounded per-container memories of the adapters.
 */
export const setRecentlyUsed = <K, V>(map: Map<K, V>, key: K, value: V, capacity: number): V => {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) {
    const [leastRecent] = map.keys();
    if (leastRecent !== undefined) map.delete(leastRecent);
  }
  return value;
};
