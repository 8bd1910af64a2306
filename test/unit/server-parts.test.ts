import { describe, expect, it } from 'vitest';
import { BearerAuth, signBody, verifySignature } from '../../src/server/auth.js';
import { TokenBuckets } from '../../src/server/rate-limit.js';
import { parseWebhookPayload } from '../../src/server/webhook-payload.js';

describe('TokenBuckets', () => {
  it('allows a burst, refuses the next, and refills with time, per address', () => {
    let now = 0;
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 1 }, () => now);

    const burst = [buckets.take('a'), buckets.take('a'), buckets.take('a')];
    const other = buckets.take('b');
    now = 1000;
    const refilled = buckets.take('a');

    expect(burst).toEqual([0, 0, 1]);
    expect(other).toBe(0);
    expect(refilled).toBe(0);
  });
});

describe('BearerAuth', () => {
  it.each([
    ['Bearer one', null],
    ['bearer two', null],
    ['Bearer three', 'unknown API token'],
    ['Bearer', 'expected Authorization: Bearer <token>'],
    [undefined, 'missing Authorization: Bearer <token>'],
  ])('checks %s', (header, expected) => {
    const auth = new BearerAuth(['one', 'two']);

    expect(auth.check(header)).toBe(expected);
  });
});

describe('verifySignature', () => {
  it('accepts the HMAC-SHA512 of the exact bytes only', () => {
    const body = Buffer.from('{"a":1}');

    const good = verifySignature('s3cret', body, signBody('s3cret', body));
    const otherBody = verifySignature('s3cret', Buffer.from('{"a":1} '), signBody('s3cret', body));

    expect(good).toBe(true);
    expect(otherBody).toBe(false);
  });
});

describe('parseWebhookPayload', () => {
  it('names the related objects of an IP assigned to a device interface, and of a VM primary IPs', () => {
    const ipBody = {
      event: 'created',
      object_type: 'ipam.ipaddress',
      data: {
        id: 5,
        assigned_object_type: 'dcim.interface',
        assigned_object_id: 4,
        assigned_object: { id: 4, device: { id: 2 } },
      },
    };
    const vmBody = {
      event: 'updated',
      object_type: 'virtualization.virtualmachine',
      data: { id: 7, primary_ip4: { id: 5 }, primary_ip6: null },
    };

    const ip = parseWebhookPayload(Buffer.from(JSON.stringify(ipBody)));
    const vm = parseWebhookPayload(Buffer.from(JSON.stringify(vmBody)));

    expect(ip.ok && ip.notice.related).toEqual(['dcim.device/2', 'dcim.interface/4']);
    expect(vm.ok && vm.notice.related).toEqual(['ipam.ipaddress/5']);
  });
});
