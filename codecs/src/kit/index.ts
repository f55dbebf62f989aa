export { CodecError } from './errors';
export { ByteReader } from './reader';
export { ByteWriter } from './writer';
export { MAX_PAYLOAD, checkInput } from './input';
export {
  type BitSpec,
  type Data,
  type DecodeContext,
  type Field,
  type NumberOptions,
  type QuantityRef,
  bits,
  bitsOf,
  clockTime,
  enumeration,
  flag,
  i16,
  i32,
  i8,
  list,
  u16,
  u24,
  u32,
  u8,
  unixTime,
} from './fields';
export { type FrameSpec, LAYOUT_VERSION, header } from './frame';
export { type CodecSpec, type FirstPartyCodec, defineCodec } from './define';
export { layoutMarkdown } from './doc';
export { scheduleTime } from './schedule';
