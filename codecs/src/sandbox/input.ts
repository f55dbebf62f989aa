/**
 * Host-side checks of what the agent asks a vendor codec to do, before anything reaches the
 * sandbox: a bad input becomes an `errors` entry for that one call (naming what was wrong and what
 * is allowed), never an exception and never a disturbed batch.
 */
import type { DecodeDownlinkInput, DecodeUplinkInput, EncodeDownlinkInput } from '../types';
import type { SandboxItem } from './protocol';

/** TTN passes the downlink's fPort to `encodeDownlink` and to legacy `Encoder(object, fPort)`. */
export type VendorEncodeInput = EncodeDownlinkInput & { fPort?: number };

export class InputError extends Error {}

const MAX_VARIABLES = 64;
const MAX_VARIABLE_CHARS = 1024;
const MAX_DATA_CHARS = 64 * 1024;

export function uplinkItem(input: DecodeUplinkInput | DecodeDownlinkInput, maxInputBytes: number): SandboxItem {
  if (input === null || typeof input !== 'object') throw new InputError(`expected an object {bytes, fPort}, got ${input === null ? 'null' : typeof input}`);
  const item: SandboxItem = { bytes: checkBytes(input.bytes, maxInputBytes), fPort: checkPort(input.fPort, 0, 255, 'fPort') };
  if (input.recvTime !== undefined) item.recvTime = checkTime(input.recvTime);
  const variables = (input as DecodeUplinkInput).variables;
  if (variables !== undefined) item.variables = checkVariables(variables);
  return item;
}

export function encodeItem(input: VendorEncodeInput): SandboxItem {
  if (input === null || typeof input !== 'object') throw new InputError(`expected an object {data}, got ${input === null ? 'null' : typeof input}`);
  const item: SandboxItem = { data: checkData(input.data) };
  if (input.fPort !== undefined) item.fPort = checkPort(input.fPort, 1, 223, 'fPort');
  if (input.variables !== undefined) item.variables = checkVariables(input.variables);
  return item;
}

export function normalizeItem(data: unknown): SandboxItem {
  return { data: checkData(data) };
}

function checkBytes(bytes: unknown, max: number): number[] {
  if (!Array.isArray(bytes) && !(bytes instanceof Uint8Array)) throw new InputError(`bytes must be an array of integers 0..255 or a Uint8Array, got ${typeof bytes}`);
  if (bytes.length > max) throw new InputError(`bytes has ${bytes.length} bytes, more than the ${max} allowed`);
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) throw new InputError(`bytes[${i}] = ${String(b)} is not an integer 0..255`);
    out[i] = b;
  }
  return out;
}

function checkPort(port: unknown, min: number, max: number, what: string): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < min || port > max) throw new InputError(`${what} = ${String(port)} is not an integer ${min}..${max}`);
  return port;
}

function checkTime(time: unknown): number {
  const ms = time instanceof Date ? time.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new InputError(`recvTime must be a valid Date, got ${String(time)}`);
  return ms;
}

function checkVariables(variables: unknown): string {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) throw new InputError('variables must be an object of strings');
  const entries = Object.entries(variables);
  if (entries.length > MAX_VARIABLES) throw new InputError(`variables has ${entries.length} entries, more than the ${MAX_VARIABLES} allowed`);
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || value.length > MAX_VARIABLE_CHARS || key.length > MAX_VARIABLE_CHARS) {
      throw new InputError(`variables.${key} must be a string of at most ${MAX_VARIABLE_CHARS} characters`);
    }
  }
  return JSON.stringify(variables);
}

function checkData(data: unknown): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new InputError(`data must be an object, got ${data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data}`);
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch (err) {
    throw new InputError(`data is not JSON-serializable: ${(err as Error).message}`);
  }
  if (json.length > MAX_DATA_CHARS) throw new InputError(`data is ${json.length} characters as JSON, more than the ${MAX_DATA_CHARS} allowed`);
  return json;
}
