import { type AsyncCodec, asAsyncCodec, getCodec } from '@ardoise/codecs';
import type { CodecResolver } from '../pipeline/types';

/**
 * Resolves codec ids from the device registry to first-party codecs, each wrapped once as an
 * AsyncCodec (the one form the pipeline calls). Vendor codecs (sandbox) plug in here later.
 */
export function firstPartyCodecs(): CodecResolver {
  const cache = new Map<string, AsyncCodec | undefined>();
  return (id) => {
    if (!cache.has(id)) {
      const codec = getCodec(id);
      cache.set(id, codec ? asAsyncCodec(codec) : undefined);
    }
    return cache.get(id);
  };
}
