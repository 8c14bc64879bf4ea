import { describe, expect, it } from 'vitest';
import { defaultSelfHealingSettings } from '../../../shared/slices/self-healing/model.ts';
import { tenantHasSelfHealing } from '../../../shared/slices/self-healing/self-healing-audience.ts';
import { createTestDependencies } from '../../support/test-dependencies.ts';

describe('tenantHasSelfHealing', () => {
  it('is off for a tenant that never set anything (the default)', async () => {
    // Prepare
    const deps = await createTestDependencies();

    // Act
    const enabled = await tenantHasSelfHealing(deps, 'tenant-a');

    // Assess
    expect(enabled).toBe(false);
  });

  it.each([
    [true, true],
    [false, false],
  ])('says what the stored settings say: enabled %s → %s', async (stored, expected) => {
    // Prepare
    const deps = await createTestDependencies();
    await deps.selfHealing.putSettings({ ...defaultSelfHealingSettings('tenant-a'), enabled: stored });

    // Act
    const enabled = await tenantHasSelfHealing(deps, 'tenant-a');

    // Assess
    expect(enabled).toBe(expected);
  });

  it("reads the tenant's own settings, not another tenant's", async () => {
    // Prepare
    const deps = await createTestDependencies();
    await deps.selfHealing.putSettings({ ...defaultSelfHealingSettings('tenant-a'), enabled: true });

    // Act
    const [a, b] = await Promise.all([
      tenantHasSelfHealing(deps, 'tenant-a'),
      tenantHasSelfHealing(deps, 'tenant-b'),
    ]);

    // Assess
    expect([a, b]).toEqual([true, false]);
  });
});
