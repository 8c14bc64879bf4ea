import type { Page } from '../../kernel/ports.ts';
import type { Dependencies } from '../dependencies.ts';
import { type Cdr, parseCdrId } from './cdr.ts';
import type { CdrQuery } from './ports.ts';

/** The tenant's CDRs by issue time, oldest first (OCPI's order); `siteIds`: only CDRs of those sites. */
export const listCdrs = async (
  deps: Pick<Dependencies, 'billing'>,
  input: CdrQuery & { tenantId: string; siteIds?: readonly string[] },
): Promise<Page<Cdr>> => {
  const { tenantId, siteIds, ...query } = input;
  const page = await deps.billing.listCdrs(tenantId, query);
  if (!siteIds) return page;
  // A site-limited key: a page may then hold fewer than `limit` CDRs and still have a cursor.
  return {
    items: page.items.filter((cdr) => cdr.siteId !== undefined && siteIds.includes(cdr.siteId)),
    ...(page.cursor && { cursor: page.cursor }),
  };
};

/** A CDR by its id; undefined for an id the CSMS never issues (its parts name the item). */
export const getCdr = async (
  deps: Pick<Dependencies, 'billing'>,
  input: { tenantId: string; cdrId: string },
): Promise<Cdr | undefined> => {
  const ref = parseCdrId(input.cdrId);
  return ref && deps.billing.getCdr(input.tenantId, ref);
};
