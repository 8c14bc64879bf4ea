/**
 * OCPI 2.2.1 CDRs (mod_cdrs) as the CSMS issues them: one per billed session version, never changed once
 * issued; a correction is a credit CDR (the credited one's amounts negated, `credit: true`,
 * `credit_reference_id`) plus a new CDR. Party fields (`country_code`, `party_id`) are left out until the CSMS
 * is an OCPI party; `cdr_location` holds what the CSMS knows of the charger.
 */
import type { Session } from '../transactions/model.ts';
import type { ChargingPeriod, OcpiTariff, TariffVersion } from './model.ts';
import type { OcpiTotalPrice, PricedSession, SessionCost } from './pricing.ts';

export type CdrKind = 'DEBIT' | 'CREDIT';

export interface CdrToken {
  readonly uid: string;
  readonly type: 'AD_HOC_USER' | 'APP_USER' | 'OTHER' | 'RFID';
  readonly contract_id: string;
}

export interface CdrLocation {
  /** The site, else the charger: the CSMS's location. */
  readonly id: string;
  readonly evse_uid: string;
  readonly evse_id: string;
  readonly connector_id: string;
}

/** The tariff that priced the CDR, as OCPI shows it (the version in force at the session's start). */
export interface CdrTariff extends OcpiTariff {
  readonly id: string;
  readonly last_updated: string;
}

export interface Cdr {
  readonly id: string;
  readonly start_date_time: string;
  readonly end_date_time: string;
  readonly session_id: string;
  readonly cdr_token: CdrToken;
  readonly auth_method: 'AUTH_REQUEST' | 'COMMAND' | 'WHITELIST';
  readonly cdr_location: CdrLocation;
  readonly currency: string;
  readonly tariffs: readonly CdrTariff[];
  readonly charging_periods: readonly ChargingPeriod[];
  readonly total_cost: OcpiTotalPrice;
  readonly total_fixed_cost: OcpiTotalPrice;
  readonly total_energy: number;
  readonly total_energy_cost: OcpiTotalPrice;
  readonly total_time: number;
  readonly total_time_cost: OcpiTotalPrice;
  readonly total_parking_time: number;
  readonly total_parking_cost: OcpiTotalPrice;
  readonly credit: boolean;
  readonly credit_reference_id?: string;
  /** When it was issued: a CDR never changes after. */
  readonly last_updated: string;
  // ---- the CSMS's own fields ----
  readonly tenantId: string;
  readonly chargerId: string;
  readonly siteId?: string;
  /** The session version it bills (a credit: the version of the CDR it credits). */
  readonly sessionVersion: number;
  /** Our cost in integer minor units (negated on a credit). */
  readonly cost: SessionCost;
}

/** A debit CDR's id: the session and the version it bills, so one version can never get two. */
export const debitCdrId = (sessionId: string, sessionVersion: number): string =>
  `${sessionId}-${sessionVersion}`;

/** The credit of a debit CDR: one per debit, whatever bills it again. */
export const creditCdrId = (sessionId: string, creditedVersion: number): string =>
  `${sessionId}-${creditedVersion}-CR`;

const cdrIdPattern = /^([0-9A-Za-z]{1,40})-([1-9][0-9]{0,9})(-CR)?$/;

/** What a CDR id names (its key follows), or undefined for an id the CSMS never issues. */
export const parseCdrId = (
  cdrId: string,
): { sessionId: string; sessionVersion: number; kind: CdrKind } | undefined => {
  const match = cdrIdPattern.exec(cdrId);
  if (!match) return undefined;
  const sessionVersion = Number(match[2]);
  if (sessionVersion > 2 ** 31 - 1) return undefined;
  return { sessionId: match[1]!, sessionVersion, kind: match[3] ? 'CREDIT' : 'DEBIT' };
};

const tokenTypeOf = (idTokenType: string | undefined): CdrToken['type'] => {
  switch (idTokenType) {
    case undefined:
    case 'ISO14443':
    case 'ISO15693':
      return 'RFID';
    case 'Central':
    case 'eMAID':
      return 'APP_USER';
    case 'NoAuthorization':
      return 'AD_HOC_USER';
    default:
      return 'OTHER';
  }
};

/** The CDR of a priced, ended session version. */
export const cdrOfSession = (input: {
  session: Session & { endedAt: string };
  priced: PricedSession;
  chargingPeriods: readonly ChargingPeriod[];
  tariff?: TariffVersion;
  issuedAt: string;
}): Cdr => {
  const { session, priced, tariff } = input;
  const uid = session.idToken ?? 'UNKNOWN';
  const evseId = session.evseId ?? 1;
  return {
    id: debitCdrId(session.sessionId, session.version),
    start_date_time: session.startedAt,
    end_date_time: session.endedAt,
    session_id: session.sessionId,
    cdr_token: { uid, type: tokenTypeOf(session.idTokenType), contract_id: uid },
    auth_method: session.remoteStartId !== undefined ? 'COMMAND' : 'AUTH_REQUEST',
    cdr_location: {
      id: session.siteId ?? session.chargerId,
      evse_uid: `${session.chargerId}*${evseId}`,
      evse_id: `${session.chargerId}*${evseId}`,
      connector_id: String(session.connectorId ?? 1),
    },
    currency: priced.ocpi.currency,
    tariffs: tariff ? [{ ...tariff.tariff, id: tariff.tariffId, last_updated: tariff.validFrom }] : [],
    charging_periods: input.chargingPeriods,
    total_cost: priced.ocpi.total_cost,
    total_fixed_cost: priced.ocpi.total_fixed_cost,
    total_energy: priced.ocpi.total_energy,
    total_energy_cost: priced.ocpi.total_energy_cost,
    total_time: priced.ocpi.total_time,
    total_time_cost: priced.ocpi.total_time_cost,
    total_parking_time: priced.ocpi.total_parking_time,
    total_parking_cost: priced.ocpi.total_parking_cost,
    credit: false,
    last_updated: input.issuedAt,
    tenantId: session.tenantId,
    chargerId: session.chargerId,
    ...(session.siteId && { siteId: session.siteId }),
    sessionVersion: session.version,
    cost: priced.cost,
  };
};

// `0 - x`, not `-x`: a credit of 0 is 0, not -0 (JSON and equality stay plain).
const negate = (value: number): number => 0 - value;
const negated = (price: OcpiTotalPrice): OcpiTotalPrice => ({
  excl_vat: negate(price.excl_vat),
  incl_vat: negate(price.incl_vat),
});

/** The credit CDR of a debit: its amounts negated, its quantities kept (OCPI: what is credited). */
export const creditOf = (debit: Cdr, issuedAt: string): Cdr => ({
  ...debit,
  id: creditCdrId(debit.session_id, debit.sessionVersion),
  total_cost: negated(debit.total_cost),
  total_fixed_cost: negated(debit.total_fixed_cost),
  total_energy_cost: negated(debit.total_energy_cost),
  total_time_cost: negated(debit.total_time_cost),
  total_parking_cost: negated(debit.total_parking_cost),
  credit: true,
  credit_reference_id: debit.id,
  last_updated: issuedAt,
  cost: {
    ...debit.cost,
    totalExclVat: negate(debit.cost.totalExclVat),
    totalVat: negate(debit.cost.totalVat),
    totalInclVat: negate(debit.cost.totalInclVat),
    lines: debit.cost.lines.map((line) => ({
      ...line,
      exclVat: negate(line.exclVat),
      vat: negate(line.vat),
      inclVat: negate(line.inclVat),
    })),
  },
});
