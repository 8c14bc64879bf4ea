import { expectStatus, type TenantApi } from '../simulator/api.ts';

/**
 * What the suite expects the CSMS to hold before it runs (its README, "CSMS Setup"), with the defaults of its
 * pytest.ini: the five charging points with the one Basic-auth password, the id tokens, an energy tariff.
 */
export interface SuiteFixtures {
  readonly chargerIds: readonly string[];
  readonly password: string;
  readonly idTokens: readonly {
    readonly idToken: string;
    readonly type?: string;
    readonly status: string;
    readonly groupId?: string;
  }[];
}

/** Environment variable names of the suite and the fixtures they name. */
export const fixturesFromEnvironment = (env: Readonly<Record<string, string>>): SuiteFixtures => {
  const value = (name: string) => env[name];
  const chargerIds = ['CP201_SP1', 'CP201_SP2', 'CP201_SP3', 'CP16_SP1', 'CP16_SP3']
    .map(value)
    .filter((id): id is string => id !== undefined);
  const token = (idName: string, typeName: string, status: string, groupName?: string) => {
    const idToken = value(idName);
    if (!idToken) return [];
    const type = value(typeName);
    const groupId = groupName ? value(groupName) : undefined;
    return [{ idToken, status, ...(type && { type }), ...(groupId && { groupId }) }];
  };
  return {
    chargerIds: [...new Set(chargerIds)],
    password: value('BASIC_AUTH_CP_PASSWORD') ?? 'test1234',
    idTokens: [
      // The OCTT configuration puts the two valid tokens in one group (GroupId authorization, TC_C_39).
      ...token('VALID_ID_TOKEN', 'VALID_ID_TOKEN_TYPE', 'Accepted', 'GROUP_ID'),
      ...token('VALID_IDTOKEN_IDTOKEN', 'VALID_IDTOKEN_TYPE', 'Accepted'),
      ...token('VALID_ID_TOKEN_2', 'VALID_ID_TOKEN_TYPE_2', 'Accepted', 'GROUP_ID'),
      ...token('MASTERPASS_ID_TOKEN', 'MASTERPASS_ID_TOKEN_TYPE', 'Accepted', 'MASTERPASS_GROUP_ID'),
      ...token('EMAID_ID_TOKEN', 'EMAID_ID_TOKEN_TYPE', 'Accepted'),
      ...token('BLOCKED_ID_TOKEN', 'BLOCKED_ID_TOKEN_TYPE', 'Blocked'),
      ...token('EXPIRED_ID_TOKEN', 'EXPIRED_ID_TOKEN_TYPE', 'Expired'),
    ],
  };
};

/** Types the API knows; the suite's `Central` etc. are OCPP 2.0.1 IdTokenEnumType names already. */
const knownTypes = new Set(['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress']);

export const provisionSuiteFixtures = async (api: TenantApi, fixtures: SuiteFixtures): Promise<void> => {
  for (const chargerId of fixtures.chargerIds) {
    expectStatus(
      `charger ${chargerId}`,
      await api.post('/v1/chargers', { chargerId, password: fixtures.password }),
      201,
    );
    // A rating, as a real charger has: what an EV that states no maximum is scheduled at (K15–K17).
    expectStatus(
      `rating of ${chargerId}`,
      await api.patch(`/v1/chargers/${chargerId}`, { maxCurrentA: 32 }),
      200,
    );
  }
  for (const { idToken, type, status, groupId } of fixtures.idTokens) {
    const answer = await api.put(`/v1/id-tokens/${encodeURIComponent(idToken)}`, {
      status,
      ...(type && knownTypes.has(type) && { type }),
      ...(groupId && { groupId }),
    });
    if (answer.status !== 201 && answer.status !== 200)
      throw new Error(`id token ${idToken}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  // Block I: "an energy-based tariff with running cost updates during charging" (the suite's 0.35 per kWh).
  expectStatus(
    'tariff',
    await api.put('/v1/tariffs/octt-energy', {
      currency: 'EUR',
      default: true,
      elements: [{ price_components: [{ type: 'ENERGY', price: 0.35, vat: 0, step_size: 1 }] }],
    }),
    201,
  );
};
