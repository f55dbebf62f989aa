/**
 * LoRaWAN 1.0.x crypto checked against published vectors from independent implementations.
 * Vectors are facts (inputs and expected bytes); no code was copied.
 *
 * Sources:
 * - [LP] anthonykirby/lora-packet (JavaScript), src/test (MIC and decrypt of 40F17DBE49...) and demo/demo1.js.
 * - [BL] brocaar/lorawan (Go, the ChirpStack LoRaWAN library), phypayload_test.go
 *   (TestPHYPayloadMACPayloadLoRaWAN10, TestPHYPayloadJoinRequest, TestPHYPayloadJoinAccept,
 *   ExamplePHYPayload_lorawan10Encode, ExamplePHYPayload_joinRequest, ExamplePHYPayload_joinAcceptSend)
 *   and backend/joinserver/joinserver_test.go ("valid join-request (LoRaWAN 1.0)": NwkSKey/AppSKey).
 * - [RFC] RFC 4493 section 4 AES-CMAC examples.
 */
import { describe, expect, it } from 'vitest';
import { AesKey, aesCmac, deriveSessionKeys } from '../../src/lorawan/crypto';
import {
  buildDataFrame,
  buildJoinAccept,
  buildJoinRequest,
  decryptFrmPayload,
  openJoinAccept,
  parsePhyPayload,
  verifyDataMic,
  verifyJoinRequestMic,
  type DataFrame,
  type EncryptedJoinAcceptFrame,
  type JoinRequestFrame,
} from '../../src/lorawan/frame';

const hex = (s: string) => Buffer.from(s, 'hex');
const bytes = (a: number[]) => Buffer.from(a);
const fill = (v: number) => Buffer.alloc(16, v);

describe('AES-CMAC [RFC]', () => {
  const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
  it('empty message', () => {
    expect(aesCmac(key, Buffer.alloc(0)).toString('hex')).toBe('bb1d6929e95937287fa37d129b756746');
  });
  it('16-byte message', () => {
    expect(aesCmac(key, hex('6bc1bee22e409f96e93d7e117393172a')).toString('hex')).toBe('070a16b46b4d4144f79bdd9dd04a287c');
  });
  it('40-byte message', () => {
    const m = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411');
    expect(aesCmac(key, m).toString('hex')).toBe('dfa66747de9ae63030ca32611497c827');
  });
  it('64-byte message, and every example again on one reused AesKey in any order (no state carried over)', () => {
    const m64 = hex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
    const cases: Array<[Buffer, string]> = [
      [m64, '51f0bebf7e3b9d92fc49741779363cfe'],
      [Buffer.alloc(0), 'bb1d6929e95937287fa37d129b756746'],
      [m64.subarray(0, 40), 'dfa66747de9ae63030ca32611497c827'],
      [m64.subarray(0, 16), '070a16b46b4d4144f79bdd9dd04a287c'],
    ];
    const shared = new AesKey(key);
    for (const [m, tag] of [...cases, ...cases.reverse()]) expect(aesCmac(shared, m).toString('hex')).toBe(tag);
  });
});

describe('data frames', () => {
  it('[LP] MIC and decryption of 40F17DBE4900020001954378762B11FF0D', () => {
    const f = parsePhyPayload(hex('40F17DBE4900020001954378762B11FF0D')) as DataFrame;
    expect(f.mtype).toBe('unconfirmed-up');
    expect(f.devAddr.toString(16)).toBe('49be7df1');
    expect(f.fCnt16).toBe(2);
    const keys = { nwkSKey: hex('44024241ed4ce9a68c6a8bc055233fd3'), appSKey: hex('ec925802ae430ca77fd3dd73cb2cc588') };
    expect(verifyDataMic(f, keys.nwkSKey, 2)).toBe(true);
    expect(verifyDataMic(f, keys.nwkSKey, 2 + 0x10000)).toBe(false);
    expect(decryptFrmPayload(f, keys, 2).toString()).toBe('test');
    const prepared = { nwkSKey: new AesKey(keys.nwkSKey), appSKey: new AesKey(keys.appSKey) }; // as the NS holds them per session
    for (let i = 0; i < 3; i++) {
      expect(verifyDataMic(f, prepared.nwkSKey, 2)).toBe(true);
      expect(verifyDataMic(f, prepared.nwkSKey, 2 + 0x10000)).toBe(false);
      expect(decryptFrmPayload(f, prepared, 2).toString()).toBe('test');
    }
  });

  it('[BL] "FRMPayload data": hello, ADR, FCnt 1', () => {
    const wire = bytes([64, 4, 3, 2, 1, 128, 1, 0, 1, 166, 148, 100, 38, 21, 214, 195, 181, 130]);
    const keys = { nwkSKey: fill(2), appSKey: fill(1) };
    const f = parsePhyPayload(wire) as DataFrame;
    expect(verifyDataMic(f, keys.nwkSKey, 1)).toBe(true);
    expect(decryptFrmPayload(f, keys, 1).toString()).toBe('hello');
    expect(buildDataFrame({ mtype: 'unconfirmed-up', devAddr: 0x01020304, fCnt32: 1, fCtrl: { adr: true }, fPort: 1, payload: Buffer.from('hello'), ...keys })).toEqual(wire);
  });

  it('[BL] "Mac-commands in FOpts" round trip', () => {
    const wire = bytes([64, 4, 3, 2, 1, 3, 0, 0, 2, 3, 5, 1, 106, 55, 152, 245, 182, 77, 192, 57]);
    const f = parsePhyPayload(wire) as DataFrame;
    expect(f.fOpts).toEqual(bytes([2, 3, 5]));
    expect(verifyDataMic(f, fill(1), 0)).toBe(true);
    expect(decryptFrmPayload(f, { nwkSKey: fill(1), appSKey: fill(1) }, 0)).toEqual(bytes([1, 2, 3, 4]));
  });

  it('[BL] "Mac-commands in FRMPayload" (FPort 0 uses NwkSKey)', () => {
    const wire = bytes([64, 4, 3, 2, 1, 0, 0, 0, 0, 105, 54, 158, 238, 106, 165, 8]);
    const f = parsePhyPayload(wire) as DataFrame;
    expect(f.fPort).toBe(0);
    expect(verifyDataMic(f, fill(1), 0)).toBe(true);
    expect(decryptFrmPayload(f, { nwkSKey: fill(1), appSKey: fill(9) }, 0)).toEqual(bytes([2, 3, 5]));
  });

  it('[BL] confirmed uplink with DevStatusAns in FOpts (ExamplePHYPayload_lorawan10Encode)', () => {
    const nwkSKey = bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const appSKey = bytes([16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const wire = buildDataFrame({ mtype: 'confirmed-up', devAddr: 0x01020304, fCnt32: 0, fOpts: bytes([6, 115, 7]), fPort: 10, payload: bytes([1, 2, 3, 4]), nwkSKey, appSKey });
    expect(wire).toEqual(bytes([128, 4, 3, 2, 1, 3, 0, 0, 6, 115, 7, 10, 226, 100, 212, 247, 225, 23, 210, 192]));
  });
});

describe('join', () => {
  it('[BL] join-request AAQDAgEEAwIBBQQDAgUEAwItEGqZDhI= parses and its MIC verifies', () => {
    const f = parsePhyPayload(Buffer.from('AAQDAgEEAwIBBQQDAgUEAwItEGqZDhI=', 'base64')) as JoinRequestFrame;
    expect(f.joinEui).toBe('0102030401020304');
    expect(f.devEui).toBe('0203040502030405');
    expect(f.devNonce).toBe(4141);
    expect(verifyJoinRequestMic(f, fill(1))).toBe(true);
    expect(verifyJoinRequestMic(f, fill(2))).toBe(false);
  });

  it('[BL] join-request build (ExamplePHYPayload_joinRequest)', () => {
    const appKey = bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const wire = buildJoinRequest({ joinEui: '0101010101010101', devEui: '0202020202020202', devNonce: 771, appKey });
    expect(wire.toString('base64')).toBe('AAEBAQEBAQEBAgICAgICAgIDAwm5ezI=');
  });

  it('[BL] join-accept 20493eeb51fba2116f810edb3742975142 decrypts, MIC valid, and rebuilds', () => {
    const appKey = hex('00112233445566778899aabbccddeeff');
    const f = parsePhyPayload(hex('20493eeb51fba2116f810edb3742975142')) as EncryptedJoinAcceptFrame;
    const ja = openJoinAccept(f, appKey);
    expect(ja).toMatchObject({ appNonce: 5704647, netId: 0x221101, devAddr: 0x02031980, rx1DrOffset: 0, rx2DataRate: 0, rxDelay: 0, micValid: true });
    expect(buildJoinAccept({ appNonce: 5704647, netId: 0x221101, devAddr: 0x02031980, rx1DrOffset: 0, rx2DataRate: 0, rxDelay: 0, appKey }).toString('hex')).toBe(
      '20493eeb51fba2116f810edb3742975142',
    );
  });

  it('[BL] join-accept build (ExamplePHYPayload_joinAcceptSend)', () => {
    const appKey = bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const wire = buildJoinAccept({ appNonce: 65793, netId: 0x020202, devAddr: 0x01020304, rx1DrOffset: 0, rx2DataRate: 0, rxDelay: 0, appKey });
    expect(wire).toEqual(bytes([32, 35, 207, 51, 84, 137, 170, 227, 24, 60, 11, 224, 186, 168, 222, 229, 243]));
  });

  it('[BL] session keys (joinserver "valid join-request (LoRaWAN 1.0)")', () => {
    const appKey = bytes([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    const keys = deriveSessionKeys(appKey, 65536, 0x010203, 258);
    expect(keys.nwkSKey).toEqual(bytes([223, 83, 195, 95, 48, 52, 204, 206, 208, 255, 53, 76, 112, 222, 4, 223]));
    expect(keys.appSKey).toEqual(bytes([146, 123, 156, 145, 17, 131, 207, 254, 76, 178, 255, 75, 117, 84, 95, 109]));
  });
});
