/**
 * Where the tablet keeps what it must not lose: the sign-in token, each item's ballot key,
 * blinding state, token and receipt. IndexedDB survives a reload or a browser crash; every write
 * resolves only once its transaction has completed (durably committed), so the tablet never
 * sends a blinded token or a ballot it has not kept first.
 */
export interface KioskStore {
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix?: string): Promise<string[]>;
}

export class MemoryStore implements KioskStore {
  readonly data = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    const v = this.data.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }
  async put<T>(key: string, value: T): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  async keys(prefix = ''): Promise<string[]> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

const STORE = 'kv';

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export class IdbStore implements KioskStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = 'sealvote-tablet'): Promise<IdbStore> {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    return new IdbStore(await promised(req));
  }

  private tx(mode: IDBTransactionMode): { store: IDBObjectStore; done: Promise<void> } {
    // 'strict' durability: the write is flushed before oncomplete fires (Chromium relaxes it otherwise).
    const tx = this.db.transaction(STORE, mode, { durability: 'strict' });
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return { store: tx.objectStore(STORE), done };
  }

  async get<T>(key: string): Promise<T | undefined> {
    const { store } = this.tx('readonly');
    return (await promised(store.get(key))) as T | undefined;
  }
  async put<T>(key: string, value: T): Promise<void> {
    const { store, done } = this.tx('readwrite');
    store.put(value, key);
    await done;
  }
  async delete(key: string): Promise<void> {
    const { store, done } = this.tx('readwrite');
    store.delete(key);
    await done;
  }
  async keys(prefix = ''): Promise<string[]> {
    const { store } = this.tx('readonly');
    const all = (await promised(store.getAllKeys())) as IDBValidKey[];
    return all.map(String).filter((k) => k.startsWith(prefix)).sort();
  }
}
