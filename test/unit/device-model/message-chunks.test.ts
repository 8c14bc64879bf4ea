import { describe, expect, it } from 'vitest';
import {
  chunkItems,
  frameOverheadBytes,
  messageLimitsOf,
} from '../../../shared/slices/device-model/message-chunks.ts';
import type { DeviceModelVariable } from '../../../shared/slices/device-model/model.ts';

const sizes = (chunks: readonly (readonly unknown[])[]) => chunks.map((chunk) => chunk.length);

describe('chunkItems', () => {
  // Items of 10 bytes each ("aaaaaaaa" with its quotes), frame overhead 20: n items take 20 + 10n + (n - 1).
  const items = Array.from({ length: 7 }, () => 'a'.repeat(8));

  it.each([
    ['no limits: one message', {}, [7]],
    ['3 items per message', { itemsPerMessage: 3 }, [3, 3, 1]],
    ['1 item per message', { itemsPerMessage: 1 }, [1, 1, 1, 1, 1, 1, 1]],
    ['more items allowed than there are', { itemsPerMessage: 100 }, [7]],
    // 20 + 10 + 11 + 11 = 52 ≤ 52 < 63: three per message.
    ['52 bytes per message', { bytesPerMessage: 52 }, [3, 3, 1]],
    ['51 bytes per message', { bytesPerMessage: 51 }, [2, 2, 2, 1]],
    ['bytes tighter than items', { itemsPerMessage: 5, bytesPerMessage: 41 }, [2, 2, 2, 1]],
    ['items tighter than bytes', { itemsPerMessage: 2, bytesPerMessage: 1000 }, [2, 2, 2, 1]],
    // An item larger than any message goes alone rather than never.
    ['a limit below one item', { bytesPerMessage: 25 }, [1, 1, 1, 1, 1, 1, 1]],
  ])('%s', (_, limits, expected) => {
    // Act
    const chunks = chunkItems(items, limits, 20);

    // Assess
    expect(sizes(chunks)).toEqual(expected);
    expect(chunks.flat()).toEqual(items);
  });

  it('keeps each frame within the byte limit it was given', () => {
    // Prepare
    const data = Array.from({ length: 50 }, (_, i) => ({
      component: { name: `Component${i}` },
      variable: { name: 'Variable'.repeat(1 + (i % 5)) },
    }));
    const overhead = frameOverheadBytes('GetVariables', 'getVariableData');

    // Act
    const chunks = chunkItems(data, { bytesPerMessage: 600 }, overhead);

    // Assess
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const frame = JSON.stringify([2, 'x'.repeat(36), 'GetVariables', { getVariableData: chunk }]);
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(600);
    }
  });

  it('gives no chunk for no items', () => {
    // Act & Assess
    expect(chunkItems([], { itemsPerMessage: 2 }, 20)).toEqual([]);
  });
});

describe('messageLimitsOf', () => {
  const variable = (name: string, instance: string | undefined, value: string): DeviceModelVariable => ({
    tenantId: 't1',
    chargerId: 'cp1',
    component: { name: 'DeviceDataCtrlr' },
    variable: { name, ...(instance && { instance }) },
    attributes: [{ type: 'Actual', value }],
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const lookupIn =
    (stored: DeviceModelVariable[]) => (ref: { variable: { name: string; instance?: string } }) =>
      stored.find(
        (item) =>
          item.variable.name === ref.variable.name && item.variable.instance === ref.variable.instance,
      );

  it.each([
    ['nothing stored', [], {}],
    [
      'the instance form',
      [variable('ItemsPerMessage', 'GetVariables', '4'), variable('BytesPerMessage', 'GetVariables', '800')],
      { itemsPerMessage: 4, bytesPerMessage: 800 },
    ],
    ['the flat name', [variable('ItemsPerMessageGetVariables', undefined, '6')], { itemsPerMessage: 6 }],
    [
      'the instance form before the flat name',
      [
        variable('ItemsPerMessage', 'GetVariables', '4'),
        variable('ItemsPerMessageGetVariables', undefined, '6'),
      ],
      { itemsPerMessage: 4 },
    ],
    ['another action’s limit', [variable('ItemsPerMessage', 'SetVariables', '4')], {}],
    ['zero (no limit announced)', [variable('ItemsPerMessage', 'GetVariables', '0')], {}],
    ['not a number', [variable('ItemsPerMessage', 'GetVariables', 'many')], {}],
  ])('%s', (_, stored, expected) => {
    // Act & Assess
    expect(messageLimitsOf('GetVariables', lookupIn(stored))).toEqual(expected);
  });
});
