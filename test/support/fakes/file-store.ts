import type { FileStore } from '../../../shared/slices/firmware/ports.ts';

export interface FakeFileStore extends FileStore {
  /** URLs handed out so far, in order. */
  readonly issued: readonly {
    readonly method: 'PUT' | 'GET';
    readonly key: string;
    readonly expiresInSeconds: number;
  }[];
}

/** URLs that name the key, method and expiry, e.g. `https://files.example.test/t1/x.zip?method=PUT&expires=3600`. */
export const createFakeFileStore = (baseUrl = 'https://files.example.test'): FakeFileStore => {
  const issued: { method: 'PUT' | 'GET'; key: string; expiresInSeconds: number }[] = [];
  const url = async (method: 'PUT' | 'GET', key: string, expiresInSeconds: number) => {
    issued.push({ method, key, expiresInSeconds });
    return `${baseUrl}/${key.split('/').map(encodeURIComponent).join('/')}?method=${method}&expires=${expiresInSeconds}`;
  };
  return {
    issued,
    uploadUrl: (key, expiresInSeconds) => url('PUT', key, expiresInSeconds),
    downloadUrl: (key, expiresInSeconds) => url('GET', key, expiresInSeconds),
  };
};
