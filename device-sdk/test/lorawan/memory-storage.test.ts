import { CachedSessionStorage, MemorySessionStorage } from '../../src/lorawan/storage';
import { sessionStorageContract } from './session-storage-contract';

sessionStorageContract('MemorySessionStorage', () => ({ open: () => new MemorySessionStorage() }));

sessionStorageContract('CachedSessionStorage over MemorySessionStorage', () => {
  const inner = new MemorySessionStorage();
  return { open: () => new CachedSessionStorage(inner), reopen: () => new CachedSessionStorage(inner) };
});
