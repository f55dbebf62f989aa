/**
 * 32-bit frame counter reconstruction from the 16 bits sent on air.
 * `forward` is the only counter value we accept (smallest n > last with the same low 16 bits);
 * `replay` is where an old frame would sit, so that a valid-MIC replay is reported as such
 * rather than as a bad MIC.
 */
export const MAX_FCNT = 0xffff_ffff;

export interface FCntCandidates {
  /** Next counter value, or undefined when the 32-bit space is exhausted (the session must rejoin). */
  forward: number | undefined;
  /** Counter value of an already-seen frame with these low bits, if any. */
  replay: number | undefined;
}

/** @param last last accepted 32-bit counter, undefined before the first uplink of a session. */
export function fCntCandidates(last: number | undefined, fCnt16: number): FCntCandidates {
  const low = fCnt16 & 0xffff;
  if (last === undefined) return { forward: low, replay: undefined };
  const high = last - (last & 0xffff);
  let forward = high + low;
  if (forward <= last) forward += 0x10000;
  const replay = forward - 0x10000 >= 0 ? forward - 0x10000 : undefined;
  return { forward: forward > MAX_FCNT ? undefined : forward, replay };
}
