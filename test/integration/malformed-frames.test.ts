import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../support/api-client.ts';
import { startTestRuntime } from '../support/local-runtime.ts';
import { connectCharger } from '../support/ocpp-client.ts';
import { openRawCharger, type RawCharger, within } from '../support/raw-websocket.ts';

type Version = 'ocpp1.6' | 'ocpp2.0.1';
const versions: readonly Version[] = ['ocpp1.6', 'ocpp2.0.1'];

const kb = 1024;
const pad = (bytes: number) => 'x'.repeat(bytes);

/**
 * Frames a charger may get wrong and the CALLERROR each version answers with (OCPP-J 1.6 §4.2.3 and
 * OCPP-J 2.0.1 §4.3: 1.6 has no RPC-level codes and spells "Occurence" with one r).
 */
interface FaultCase {
  readonly name: string;
  readonly frame: string | Readonly<Record<Version, string>>;
  readonly answerId: string;
  readonly codes: Readonly<Record<Version, string>>;
}

const rpcFramework = { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'RpcFrameworkError' } as const;
const format = { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'FormatViolation' } as const;
const same = (code: string) => ({ 'ocpp1.6': code, 'ocpp2.0.1': code });

const faultCases: readonly FaultCase[] = [
  { name: 'not JSON', frame: '[2, "nj", "Heartbeat", {', answerId: '-1', codes: rpcFramework },
  { name: 'JSON but not an array', frame: '{"messageTypeId":2}', answerId: '-1', codes: rpcFramework },
  {
    name: 'a message id that is a number',
    frame: '[2, 42, "Heartbeat", {}]',
    answerId: '-1',
    codes: rpcFramework,
  },
  {
    name: 'a message id longer than 36 characters',
    frame: JSON.stringify([2, 'i'.repeat(37), 'Heartbeat', {}]),
    answerId: '-1',
    codes: rpcFramework,
  },
  { name: 'a CALL with 3 elements', frame: '[2, "cnt", "Heartbeat"]', answerId: 'cnt', codes: rpcFramework },
  { name: 'a CALL with an empty action', frame: '[2, "act", "", {}]', answerId: 'act', codes: rpcFramework },
  {
    name: 'unknown message type id 7',
    frame: '[7, "m7", "Heartbeat", {}]',
    answerId: 'm7',
    codes: { 'ocpp1.6': 'FormationViolation', 'ocpp2.0.1': 'MessageTypeNotSupported' },
  },
  {
    name: 'an unknown action',
    frame: '[2, "na", "FlyToTheMoon", {}]',
    answerId: 'na',
    codes: same('NotImplemented'),
  },
  {
    name: 'a CSMS-only action (Reset)',
    frame: {
      'ocpp1.6': '[2, "rs", "Reset", {"type": "Hard"}]',
      'ocpp2.0.1': '[2, "rs", "Reset", {"type": "Immediate"}]',
    },
    answerId: 'rs',
    codes: same('NotSupported'),
  },
  {
    name: 'a payload that is an array',
    frame: '[2, "arr", "Heartbeat", []]',
    answerId: 'arr',
    codes: format,
  },
  {
    name: 'an unknown payload field',
    frame: '[2, "add", "Heartbeat", {"foo": 1}]',
    answerId: 'add',
    codes: format,
  },
  {
    name: 'a missing required field',
    frame: {
      'ocpp1.6': JSON.stringify([2, 'req', 'BootNotification', { chargePointVendor: 'Acme' }]),
      'ocpp2.0.1': JSON.stringify([2, 'req', 'BootNotification', { reason: 'PowerUp' }]),
    },
    answerId: 'req',
    codes: { 'ocpp1.6': 'OccurenceConstraintViolation', 'ocpp2.0.1': 'OccurrenceConstraintViolation' },
  },
  {
    name: 'a field of the wrong type',
    frame: {
      'ocpp1.6': JSON.stringify([
        2,
        'typ',
        'BootNotification',
        { chargePointVendor: 5, chargePointModel: 'M' },
      ]),
      'ocpp2.0.1': JSON.stringify([
        2,
        'typ',
        'BootNotification',
        { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 5 } },
      ]),
    },
    answerId: 'typ',
    codes: same('TypeConstraintViolation'),
  },
  {
    name: 'a value outside its enumeration',
    frame: {
      'ocpp1.6': JSON.stringify([
        2,
        'enm',
        'StatusNotification',
        { connectorId: 1, errorCode: 'NoError', status: 'Exploded' },
      ]),
      'ocpp2.0.1': JSON.stringify([
        2,
        'enm',
        'BootNotification',
        { reason: 'Exploded', chargingStation: { model: 'M', vendorName: 'V' } },
      ]),
    },
    answerId: 'enm',
    codes: same('PropertyConstraintViolation'),
  },
  {
    name: 'a string over its maxLength',
    frame: {
      'ocpp1.6': JSON.stringify([
        2,
        'len',
        'BootNotification',
        { chargePointVendor: 'V'.repeat(21), chargePointModel: 'M' },
      ]),
      'ocpp2.0.1': JSON.stringify([
        2,
        'len',
        'BootNotification',
        { reason: 'PowerUp', chargingStation: { model: 'M'.repeat(21), vendorName: 'V' } },
      ]),
    },
    answerId: 'len',
    codes: same('PropertyConstraintViolation'),
  },
];

/** Answers to calls nobody made, each with its own id: the CSMS must stay silent (it never answers an answer). */
const unansweredFrames: Readonly<Record<Version, readonly string[]>> = {
  'ocpp1.6': [
    '[3, "unknown-result", {}]',
    '[4, "unknown-error", "GenericError", "oops", {}]',
    '[3, "result-without-payload"]',
  ],
  'ocpp2.0.1': [
    '[3, "unknown-result", {}]',
    '[4, "unknown-error", "GenericError", "oops", {}]',
    '[3, "result-without-payload"]',
    '[5, "unknown-result-error", "GenericError", "oops", {}]',
  ],
};

describe('malformed and oversized frames get the right answer and never take the CSMS down', () => {
  let env: Awaited<ReturnType<typeof startTestRuntime>>;
  let tenant: Awaited<ReturnType<typeof provisionTenant>>;
  let peer: Awaited<ReturnType<typeof connectCharger>>;
  const raw: Partial<Record<Version, RawCharger>> = {};
  const rawId = (version: Version) => `RAW-${version === 'ocpp1.6' ? '16' : '201'}`;
  const closingId = (version: Version) => `CLOSE-${version === 'ocpp1.6' ? '16' : '201'}`;
  let sequence = 0;

  const connectRaw = (chargerId: string, version: Version) =>
    openRawCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId,
      password: tenant.chargers[chargerId]!.password,
      protocol: version,
    });

  const expectHeartbeatAnswered = async (charger: RawCharger) => {
    const id = `hb-${++sequence}`;
    expect(await charger.call(id, 'Heartbeat', {})).toEqual([3, id, { currentTime: expect.any(String) }]);
  };

  /** Another charger of the tenant still gets its Heartbeat answered. */
  const expectServerUp = async () => {
    const heartbeat = (await within(peer.call('Heartbeat', {}), 2000, 'the peer Heartbeat')) as {
      currentTime: string;
    };
    expect(Date.parse(heartbeat.currentTime)).toBeGreaterThan(Date.now() - 60_000);
  };

  beforeAll(async () => {
    env = await startTestRuntime();
    const ids = versions.flatMap((version) => [rawId(version), closingId(version)]);
    tenant = await provisionTenant(env.runtime.apiUrl, env.runtime.adminKey, [...ids, 'PEER']);
    peer = await connectCharger({
      ocppUrl: env.runtime.ocppUrl,
      tenantId: tenant.tenantId,
      chargerId: 'PEER',
      password: tenant.chargers.PEER!.password,
      protocols: ['ocpp2.0.1'],
    });
    for (const version of versions) raw[version] = await connectRaw(rawId(version), version);
  });
  afterAll(async () => {
    await Promise.all(Object.values(raw).map((charger) => charger.close().catch(() => undefined)));
    await peer?.close();
    await env?.stop();
  });

  describe.each(versions)('%s', (version) => {
    it.each(faultCases)('$name → CALLERROR', async ({ frame, answerId, codes }) => {
      // Prepare
      const charger = raw[version]!;
      const text = typeof frame === 'string' ? frame : frame[version];

      // Act
      charger.send(text);
      const answer = await charger.next();

      // Assess
      expect(answer).toEqual([4, answerId, codes[version], expect.any(String), expect.any(Object)]);
      const [, , , description, details] = answer as [number, string, string, string, unknown];
      expect(description.length).toBeGreaterThan(0);
      expect(description.length).toBeLessThanOrEqual(255);
      expect(Array.isArray(details)).toBe(false);
      expect(await charger.drain(30)).toEqual([]);
      expect(charger.isOpen).toBe(true);
      await expectHeartbeatAnswered(charger);
      await expectServerUp();
    });

    it('CALLRESULT, CALLERROR (and 2.0.1 CALLRESULTERROR) for unknown ids → no answer, the connection stays usable', async () => {
      // Prepare
      const charger = raw[version]!;

      // Act
      for (const frame of unansweredFrames[version]) charger.send(frame);
      const received = await charger.drain(300);

      // Assess
      expect(received).toEqual([]);
      expect(charger.isOpen).toBe(true);
      await expectHeartbeatAnswered(charger);
      await expectServerUp();
    });

    it('a message of 60 KB in frames of at most 30 KB is accepted and answered', async () => {
      // Prepare
      const charger = raw[version]!;
      const payload =
        version === 'ocpp2.0.1'
          ? { customData: { vendorId: 'test', pad: pad(60 * kb) } }
          : { pad: pad(60 * kb) };
      const text = JSON.stringify([2, 'frag', 'Heartbeat', payload]);

      // Act
      charger.socket.send(text.slice(0, 30 * kb), { fin: false });
      charger.socket.send(text.slice(30 * kb, 60 * kb), { fin: false });
      charger.socket.send(text.slice(60 * kb), { fin: true });
      const answer = await charger.next();

      // Assess: 2.0.1 allows extra data in customData; 1.6 has no extension point, so it is a formation error.
      if (version === 'ocpp2.0.1') expect(answer).toEqual([3, 'frag', { currentTime: expect.any(String) }]);
      else expect(answer).toEqual([4, 'frag', 'FormationViolation', expect.any(String), expect.any(Object)]);
      expect(charger.isOpen).toBe(true);
    });

    describe('faults that close the connection', () => {
      const expectRecovery = async () => {
        await env.runtime.settled();
        await expectServerUp();
        const again = await connectRaw(closingId(version), version);
        await expectHeartbeatAnswered(again);
        await again.close();
        await env.runtime.settled();
      };

      it('a single frame over 32 KB → close 1009', async () => {
        // Prepare
        const charger = await connectRaw(closingId(version), version);
        const text = JSON.stringify([2, 'big', 'Heartbeat', { pad: pad(40 * kb) }]);

        // Act
        charger.send(text);
        const closure = await within(charger.closed, 2000, 'the close');

        // Assess
        expect(closure.code).toBe(1009);
        expect(await charger.drain(0)).toEqual([]);
        await expectRecovery();
      });

      it('a message over 128 KB in frames of at most 32 KB → close 1009', async () => {
        // Prepare
        const charger = await connectRaw(closingId(version), version);
        const text = JSON.stringify([2, 'huge', 'Heartbeat', { pad: pad(150 * kb) }]);
        const frameBytes = 30 * kb;

        // Act
        for (let offset = 0; offset < text.length; offset += frameBytes) {
          charger.socket.send(text.slice(offset, offset + frameBytes), {
            fin: offset + frameBytes >= text.length,
          });
        }
        const closure = await within(charger.closed, 2000, 'the close');

        // Assess
        expect(closure.code).toBe(1009);
        expect(await charger.drain(0)).toEqual([]);
        await expectRecovery();
      });

      it('a binary frame → close 1003', async () => {
        // Prepare
        const charger = await connectRaw(closingId(version), version);

        // Act
        charger.socket.send(Buffer.from('[2, "bin", "Heartbeat", {}]'), { binary: true });
        const closure = await within(charger.closed, 2000, 'the close');

        // Assess
        expect(closure.code).toBe(1003);
        expect(await charger.drain(0)).toEqual([]);
        await expectRecovery();
      });
    });
  });

  it('a frame over 32 KB never reaches the CSMS: a BootNotification in it changes nothing', async () => {
    // Prepare
    const charger = await connectRaw(closingId('ocpp2.0.1'), 'ocpp2.0.1');
    const boot = (vendorName: string, extra: Record<string, unknown> = {}) => ({
      reason: 'PowerUp',
      chargingStation: { model: 'M', vendorName },
      ...extra,
    });
    expect(await charger.call('boot-1', 'BootNotification', boot('Before'))).toMatchObject([3, 'boot-1', {}]);

    // Act
    charger.send(
      JSON.stringify([
        2,
        'boot-2',
        'BootNotification',
        boot('Oversized', { customData: { vendorId: 'x', pad: pad(40 * kb) } }),
      ]),
    );
    const closure = await within(charger.closed, 2000, 'the close');
    await env.runtime.settled();

    // Assess
    expect(closure.code).toBe(1009);
    const view = await tenant.api.get(`/v1/chargers/${closingId('ocpp2.0.1')}`);
    expect(view.body).toMatchObject({ vendor: 'Before', online: false });
  });
});
