import { buildDataFrame, buildJoinAccept, buildJoinRequest, FrameError } from '@ardoise/device-sdk';
import { PacketForwarderConfigError, packetForwarderConfig } from '@ardoise/hardware';
import { parseFrameBytes, parseHexId, parseInteger, parseKey, requireKey } from '../../lorawan/cli-args';
import { decodeFrameJson } from '../../lorawan/frame-json';
import { type CliCommand, type CliIO, ExitCode, UsageError } from '../io';
import { parseArgs } from '../main';

const HELP = `Usage: ardoise lorawan <subcommand> [options]

Subcommands:
  decode HEX [--nwk-skey HEX] [--app-skey HEX] [--app-key HEX] [--fcnt N]
      Parse a LoRaWAN 1.0.x PHYPayload and print JSON: mtype, dev_addr (or join_eui/dev_eui/
      dev_nonce), fcnt, fport, mic_valid, payload_hex (decrypted). HEX may contain spaces,
      colons or 0x; base64 (as in a packet-forwarder rxpk "data") is accepted too.
      mic_valid / payload_hex are null when the needed key is not given. --fcnt gives the full
      32-bit counter when the device is past 65535 frames.
  encode --mtype TYPE ...
      Build a test frame and print {hex, base64}. TYPE and its options:
        unconfirmed-up|confirmed-up|unconfirmed-down|confirmed-down
            --dev-addr HEX8 --fcnt N --nwk-skey HEX --app-skey HEX
            [--fport N --payload HEX] [--fopts HEX] [--adr] [--ack]
        join-request  --join-eui HEX16 --dev-eui HEX16 --dev-nonce N --app-key HEX
        join-accept   --app-key HEX --app-nonce N --net-id HEX6 --dev-addr HEX8
                      [--rx1-dr-offset N] [--rx2-dr N] [--rx-delay N]
  forwarder-config --gateway-eui HEX16 [--chip sx1302|sx1301] [--server ADDR] [--port N] [--gps TTY]
      Print a global_conf.json (EU868) for Semtech's lora_pkt_fwd pointing at this gateway.

Keys are never printed. Exit 1 on bad arguments or a malformed frame.`;

const DATA_TYPES = ['unconfirmed-up', 'confirmed-up', 'unconfirmed-down', 'confirmed-down'] as const;

export const lorawanCommand: CliCommand = {
  name: 'lorawan',
  summary: 'decode and build LoRaWAN frames (MIC check, decryption)',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(HELP);
      return sub === undefined ? ExitCode.USAGE : ExitCode.OK;
    }
    if (sub === 'decode') return decode(rest, io);
    if (sub === 'encode') return encode(rest, io);
    if (sub === 'forwarder-config') return forwarderConfig(rest, io);
    throw new UsageError(`unknown subcommand "${sub}"; expected decode, encode or forwarder-config`, HELP);
  },
};

function decode(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'nwk-skey': { type: 'string' }, 'app-skey': { type: 'string' }, 'app-key': { type: 'string' }, fcnt: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(HELP);
    return ExitCode.OK;
  }
  if (positionals.length !== 1) throw new UsageError(`decode takes exactly one HEX frame; got ${positionals.length} arguments`, HELP);
  const bytes = parseFrameBytes(positionals[0]!);
  const keys = {
    nwkSKey: parseKey(values['nwk-skey'], '--nwk-skey'),
    appSKey: parseKey(values['app-skey'], '--app-skey'),
    appKey: parseKey(values['app-key'], '--app-key'),
    fCnt32: values.fcnt === undefined ? undefined : parseInteger(values.fcnt, '--fcnt', 0, 0xffffffff),
  };
  try {
    io.out(JSON.stringify(decodeFrameJson(bytes, stripUndefined(keys)), null, 2));
  } catch (e) {
    if (e instanceof FrameError || e instanceof RangeError) throw new UsageError(`malformed frame: ${e.message}`);
    throw e;
  }
  return ExitCode.OK;
}

function encode(argv: string[], io: CliIO): number {
  const str = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args: argv,
    options: {
      mtype: str, 'dev-addr': str, fcnt: str, fport: str, payload: str, fopts: str, 'nwk-skey': str, 'app-skey': str, 'app-key': str,
      'join-eui': str, 'dev-eui': str, 'dev-nonce': str, 'app-nonce': str, 'net-id': str, 'rx1-dr-offset': str, 'rx2-dr': str, 'rx-delay': str,
      adr: { type: 'boolean' }, ack: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    io.out(HELP);
    return ExitCode.OK;
  }
  let phy: Buffer;
  if (v.mtype === 'join-request') {
    phy = buildJoinRequest({
      joinEui: parseHexId(v['join-eui'], '--join-eui', 16), devEui: parseHexId(v['dev-eui'], '--dev-eui', 16),
      devNonce: parseInteger(v['dev-nonce'], '--dev-nonce', 0, 0xffff), appKey: requireKey(v['app-key'], '--app-key'),
    });
  } else if (v.mtype === 'join-accept') {
    phy = buildJoinAccept({
      appKey: requireKey(v['app-key'], '--app-key'), appNonce: parseInteger(v['app-nonce'], '--app-nonce', 0, 0xffffff),
      netId: Number.parseInt(parseHexId(v['net-id'], '--net-id', 6), 16), devAddr: Number.parseInt(parseHexId(v['dev-addr'], '--dev-addr', 8), 16),
      rx1DrOffset: parseInteger(v['rx1-dr-offset'], '--rx1-dr-offset', 0, 7, 0), rx2DataRate: parseInteger(v['rx2-dr'], '--rx2-dr', 0, 15, 0),
      rxDelay: parseInteger(v['rx-delay'], '--rx-delay', 0, 15, 1),
    });
  } else if ((DATA_TYPES as readonly string[]).includes(v.mtype ?? '')) {
    const fPort = v.fport === undefined ? undefined : parseInteger(v.fport, '--fport', 0, 255);
    if (v.payload !== undefined && fPort === undefined) throw new UsageError('--payload needs --fport');
    try {
      phy = buildDataFrame({
        mtype: v.mtype as (typeof DATA_TYPES)[number],
        devAddr: Number.parseInt(parseHexId(v['dev-addr'], '--dev-addr', 8), 16),
        fCnt32: parseInteger(v.fcnt, '--fcnt', 0, 0xffffffff),
        fCtrl: { adr: !!v.adr, ack: !!v.ack },
        ...(v.fopts ? { fOpts: parseFrameBytes(v.fopts, '--fopts') } : {}),
        ...(fPort !== undefined ? { fPort, payload: v.payload ? parseFrameBytes(v.payload, '--payload') : Buffer.alloc(0) } : {}),
        nwkSKey: requireKey(v['nwk-skey'], '--nwk-skey'),
        appSKey: requireKey(v['app-skey'], '--app-skey'),
      });
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
  } else {
    throw new UsageError(`--mtype must be one of ${[...DATA_TYPES, 'join-request', 'join-accept'].join(', ')}; got ${JSON.stringify(v.mtype ?? null)}`, HELP);
  }
  io.out(JSON.stringify({ hex: phy.toString('hex'), base64: phy.toString('base64') }, null, 2));
  return ExitCode.OK;
}

function forwarderConfig(argv: string[], io: CliIO): number {
  const str = { type: 'string' } as const;
  const { values: v } = parseArgs({ args: argv, options: { 'gateway-eui': str, chip: str, server: str, port: str, gps: str, help: { type: 'boolean', short: 'h' } } });
  if (v.help) {
    io.out(HELP);
    return ExitCode.OK;
  }
  const chip = v.chip ?? 'sx1302';
  if (chip !== 'sx1302' && chip !== 'sx1301') throw new UsageError(`--chip must be sx1302 or sx1301; got "${chip}"`);
  try {
    const conf = packetForwarderConfig({
      gatewayEui: parseHexId(v['gateway-eui'], '--gateway-eui', 16), chip,
      ...(v.server ? { serverAddress: v.server } : {}), port: parseInteger(v.port, '--port', 1, 65535, 1700), ...(v.gps ? { gpsTtyPath: v.gps } : {}),
    });
    io.out(JSON.stringify(conf, null, 2));
  } catch (e) {
    if (e instanceof PacketForwarderConfigError) throw new UsageError(e.message);
    throw e;
  }
  return ExitCode.OK;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
