// Normalisation helpers and version handling of the NetBox source.
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import {
  capabilities,
  normaliseDnsName,
  normaliseMac,
  parseNetBoxVersion,
} from '../../src/sources/netbox/index.js';
import { authorizationHeader } from '../../src/sources/netbox/index.js';

describe('normaliseMac', () => {
  it.each([
    ['BC:24:11:AA:BB:CC', 'bc:24:11:aa:bb:cc'],
    ['bc-24-11-aa-bb-cc', 'bc:24:11:aa:bb:cc'],
    ['bc24.11aa.bbcc', 'bc:24:11:aa:bb:cc'],
    ['BC2411AABBCC', 'bc:24:11:aa:bb:cc'],
  ])('%s → %s', (input, output) => {
    const result = normaliseMac(input);

    expect(result).toBe(output);
  });
});

describe('normaliseDnsName', () => {
  it.each([
    ['App1.Int.Lavaduck.NET.', 'app1.int.lavaduck.net'],
    ['host.example.net', 'host.example.net'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    const result = normaliseDnsName(input);

    expect(result).toBe(output);
  });
});

describe('authorizationHeader', () => {
  it.each([
    ['nbt_abcdefabcdef.secret', 'Bearer nbt_abcdefabcdef.secret'],
    ['0123456789abcdef0123456789abcdef01234567', 'Token 0123456789abcdef0123456789abcdef01234567'],
  ])('%s', (token, header) => {
    const result = authorizationHeader(token);

    expect(result).toBe(header);
  });
});

describe('parseNetBoxVersion and capabilities', () => {
  it.each([
    ['4.0.0', '4.0.0', { diskInGb: true, macObjects: false, coreChangeLog: false, newerThanKnown: false }],
    [
      '4.1.3-Docker-3.0.2',
      '4.1.3',
      { diskInGb: false, macObjects: false, coreChangeLog: true, newerThanKnown: false },
    ],
    ['4.2', '4.2.0', { diskInGb: false, macObjects: true, coreChangeLog: true, newerThanKnown: false }],
    ['v4.6.8', '4.6.8', { diskInGb: false, macObjects: true, coreChangeLog: true, newerThanKnown: false }],
    [
      '4.7.0-beta1',
      '4.7.0',
      { diskInGb: false, macObjects: true, coreChangeLog: true, newerThanKnown: true },
    ],
  ])('%s', (reported, text, caps) => {
    const version = parseNetBoxVersion(reported);

    expect(version.text).toBe(text);
    expect(capabilities(version)).toEqual(caps);
  });

  it.each(['3.7.8', '5.0.0', 'latest'])('refuses %s', (reported) => {
    const parse = () => parseNetBoxVersion(reported);

    expect(parse).toThrow(SyncError);
    expect(parse).toThrow(/NetBox/);
  });
});
