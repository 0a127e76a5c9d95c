/**
 * Remembers each key's answer for the owner's lifetime. Concurrent callers share one lookup; a
 * failure is not remembered, so a fixed file or an unlocked keychain works on the next call.
 */
export class Memo<T> {
  readonly #entries = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.#entries.get(key);
    if (cached) return cached;
    const pending = load();
    this.#entries.set(key, pending);
    pending.catch(() => this.#entries.delete(key));
    return pending;
  }
}
