/**
 * OCPP-J §4.1.1 (synchronicity): a party "SHOULD NOT" (1.6) / "SHALL NOT" (2.0.1) send a CALL before every CALL
 * it sent before is answered or timed out; the rule is per OCPP-J connection. A CALL that arrives while an
 * earlier one of the same connection is still being handled is answered with a CALLERROR (§4.2.3: "the call
 * is received but the content of the call does not meet the requirements for a proper message") instead of
 * being handled or queued: a queue would hold the charger's frames in memory, answer them later than the
 * charger expects (its own time-out runs meanwhile) and cannot exist on AWS, where API Gateway invokes
 * `$default` for each frame at once. The charger learns at once and sends again, as after any CALLERROR.
 *
 * A CALL from the charger that crosses one of ours is not a violation (the NOTE of §4.1.1): only the
 * charger's own CALLs count, and answers (CALLRESULT / CALLERROR) are always handled.
 */
export interface CallAdmission {
  /** Admits the CALL unless an earlier CALL of the same connection is still being handled. */
  begin(call: AdmittedCall): Promise<Admission>;
  /** The admitted CALL has been answered. */
  end(call: AdmittedCall): Promise<void>;
}

export interface AdmittedCall {
  readonly tenantId: string;
  readonly chargerId: string;
  readonly connectionId: string;
  readonly messageId: string;
  /** ISO 8601, when the gateway received the frame. */
  readonly receivedAt: string;
}

export type Admission =
  | { readonly admitted: true }
  /** `refused`: how many CALLs of this connection were refused so far here (for logging a flood sparingly). */
  | { readonly admitted: false; readonly refused: number };

/**
 * The CALLs being handled in this process, per connection. Exact where one process sees every frame of a
 * connection (the local runtime). On Lambda each container handles one frame at a time, so there a flood is
 * bounded by the `$default` route throttle instead: an exact rule across containers would cost two writes per
 * CALL (about $0.014 per charger-month), more than the flood it stops costs (README: "Replies on `$default`, and one CALL at a time").
 */
const maxRememberedRefusals = 10_000;

export const createInProcessCallAdmission = (): CallAdmission => {
  const handling = new Map<string, string>();
  // Kept past the end of a CALL, so that a flood is logged O(log n) times; bounded like every per-container map.
  const refusals = new Map<string, number>();
  return {
    async begin({ connectionId, messageId }) {
      if (!handling.has(connectionId)) {
        handling.set(connectionId, messageId);
        return { admitted: true };
      }
      const refused = (refusals.get(connectionId) ?? 0) + 1;
      if (refusals.size >= maxRememberedRefusals && !refusals.has(connectionId)) refusals.clear();
      refusals.set(connectionId, refused);
      return { admitted: false, refused };
    },
    async end({ connectionId, messageId }) {
      if (handling.get(connectionId) !== messageId) return;
      handling.delete(connectionId);
    },
  };
};
