/** Free and total bytes of the filesystem holding the store (statfs). Injectable for tests. */
import { statfsSync } from 'node:fs';

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export type DiskSpaceProbe = (dir: string) => DiskSpace;

export const statfsProbe: DiskSpaceProbe = (dir) => {
  const s = statfsSync(dir);
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
};
