import type { ChargerMessageContext } from '../chargers/charger-messages.ts';
import type { Dependencies } from '../dependencies.ts';

const chargerFields = (ctx: ChargerMessageContext) => ({
  tenantId: ctx.tenantId,
  chargerId: ctx.chargerId,
  ...(ctx.siteId && { siteId: ctx.siteId }),
  correlationId: ctx.correlationId,
  ocppVersion: ctx.ocppVersion,
});

/** The event's time, UTC; the time received when the charger's cannot be read (e.g. a leap second). */
const utc = (timestamp: string, fallback: string): string => {
  const time = Date.parse(timestamp);
  return new Date(Number.isNaN(time) ? fallback : time).toISOString();
};

/**
 * A security event of a charger (1.6 security extension, 2.0.1): published as `securityEventReceived`, the bus
 * being its record (an archive or a rule keeps it); nothing is stored in the table.
 */
export const recordSecurityEvent = async (
  deps: Pick<Dependencies, 'events'>,
  ctx: ChargerMessageContext,
  event: { type: string; timestamp: string; techInfo?: string },
): Promise<void> => {
  await deps.events.publish([
    {
      name: 'securityEventReceived',
      detail: {
        ...chargerFields(ctx),
        type: event.type,
        ...(event.techInfo !== undefined && { techInfo: event.techInfo }),
        occurredAt: utc(event.timestamp, ctx.receivedAt),
      },
    },
  ]);
};

/** RFC 2986 request, PEM-encoded, as OCPP requires it. */
const pemCsr = /-----BEGIN (NEW )?CERTIFICATE REQUEST-----[\s\S]+-----END (NEW )?CERTIFICATE REQUEST-----/;

/**
 * A charger's certificate signing request. The CSMS has no CA yet: it accepts a PEM-encoded request and
 * publishes it as `certificateSigningRequested`, for a signer that answers with CertificateSigned through the
 * remote-command API (`POST /v1/chargers/{chargerId}/ocpp/CertificateSigned`). Anything else is rejected at
 * once, since no signer could sign it.
 */
export const requestCertificateSigning = async (
  deps: Pick<Dependencies, 'events' | 'clock'>,
  ctx: ChargerMessageContext,
  request: { csr: string; certificateType?: string },
): Promise<{ status: 'Accepted' | 'Rejected' }> => {
  if (!pemCsr.test(request.csr)) return { status: 'Rejected' };
  await deps.events.publish([
    {
      name: 'certificateSigningRequested',
      detail: {
        ...chargerFields(ctx),
        csr: request.csr,
        ...(request.certificateType && { certificateType: request.certificateType }),
        occurredAt: deps.clock.now().toISOString(),
      },
    },
  ]);
  return { status: 'Accepted' };
};
