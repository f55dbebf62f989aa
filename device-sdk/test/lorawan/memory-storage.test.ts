import { MemorySessionStorage } from '../../src/lorawan/storage';
import { sessionStorageContract } from './session-storage-contract';

sessionStorageContract('MemorySessionStorage', () => ({ open: () => new MemorySessionStorage() }));
