import schemas16 from 'ocpp-rpc/lib/schemas/ocpp1_6.json' with { type: 'json' };
import schemas201 from 'ocpp-rpc/lib/schemas/ocpp2_0_1.json' with { type: 'json' };
import type { OcppVersion } from './versions.ts';

/** One OCA message schema (draft-07); `$id` is `urn:<Action>.req` or `urn:<Action>.conf` for both versions. */
export interface OcppMessageSchema {
  readonly $id: string;
  readonly [keyword: string]: unknown;
}

// Typed loosely on purpose: the inferred literal types of these files are huge and useless.
const schemasByVersion: Record<OcppVersion, readonly OcppMessageSchema[]> = {
  'ocpp1.6': schemas16 as readonly OcppMessageSchema[],
  'ocpp2.0.1': schemas201 as readonly OcppMessageSchema[],
};

export const messageSchemas = (version: OcppVersion): readonly OcppMessageSchema[] =>
  schemasByVersion[version];

export const requestSchemaId = (action: string): string => `urn:${action}.req`;
export const responseSchemaId = (action: string): string => `urn:${action}.conf`;

const actionOfRequestId = /^urn:(\w+)\.req$/;

const actionsByVersion = new Map<OcppVersion, ReadonlySet<string>>();

/** Every action that has a request schema, in schema-file order. */
export const schemaActions = (version: OcppVersion): ReadonlySet<string> => {
  let actions = actionsByVersion.get(version);
  if (actions === undefined) {
    actions = new Set(
      messageSchemas(version).flatMap((schema) => actionOfRequestId.exec(schema.$id)?.slice(1, 2) ?? []),
    );
    actionsByVersion.set(version, actions);
  }
  return actions;
};
