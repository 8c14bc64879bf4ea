/**
 * Generates the OCPP message types from the OCA JSON schemas shipped with ocpp-rpc:
 * `node --import tsx scripts/generate-ocpp-types.ts` (npm run gen:ocpp-types).
 *
 * All message schemas of a version are compiled as one document so that a definition shared by several
 * messages (CustomDataType, IdTokenType...) is declared once instead of once per message with numeric suffixes.
 */
import { writeFile } from 'node:fs/promises';
import { compile } from 'json-schema-to-typescript';
import { messageSchemas, type OcppMessageSchema } from '../shared/ocpp/schemas.ts';
import type { OcppVersion } from '../shared/ocpp/versions.ts';

const targets: readonly { version: OcppVersion; prefix: string; file: string }[] = [
  { version: 'ocpp1.6', prefix: 'Ocpp16', file: 'shared/ocpp/generated/ocpp16.ts' },
  { version: 'ocpp2.0.1', prefix: 'Ocpp201', file: 'shared/ocpp/generated/ocpp201.ts' },
];

const banner = `/* Generated from the OCA JSON schemas shipped with ocpp-rpc — do not modify.
 * Regenerate with \`npm run gen:ocpp-types\` (scripts/generate-ocpp-types.ts). */`;

type Schema = Record<string, unknown>;
type CompilableSchema = Parameters<typeof compile>[0];

const messageIdPattern = /^urn:(\w+)\.(req|conf)$/;

const parseId = (schema: OcppMessageSchema) => {
  const match = messageIdPattern.exec(schema.$id);
  if (!match?.[1] || !match[2]) throw new Error(`Unexpected schema id ${schema.$id}`);
  return { action: match[1], kind: match[2] === 'req' ? ('Request' as const) : ('Response' as const) };
};

const withoutDescriptions = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, inner]) => [key, withoutDescriptions(inner)]),
  );
};

/**
 * Hoists the definitions of every message into one table. The OCA files repeat a definition per message,
 * differing only in descriptions; a definition that differs in shape would be a real clash and fails loudly.
 */
const mergeDefinitions = (schemas: readonly OcppMessageSchema[]): Record<string, Schema> => {
  const merged = new Map<string, { schema: Schema; shape: string; descriptions: Set<unknown> }>();
  for (const message of schemas) {
    const definitions = (message.definitions ?? {}) as Record<string, Schema>;
    for (const [name, definition] of Object.entries(definitions)) {
      const shape = JSON.stringify(withoutDescriptions(definition));
      const seen = merged.get(name);
      if (seen === undefined) {
        merged.set(name, { schema: definition, shape, descriptions: new Set([definition.description]) });
      } else if (seen.shape !== shape) {
        throw new Error(`Definition ${name} differs in shape between messages (${message.$id})`);
      } else {
        seen.descriptions.add(definition.description);
      }
    }
  }
  return Object.fromEntries(
    [...merged].map(([name, { schema, descriptions }]) => {
      // A description written for one message would mislead on the others.
      if (descriptions.size === 1) return [name, schema];
      const { description: _, ...rest } = schema;
      return [name, rest];
    }),
  );
};

const mapSchema = (title: string, description: string, entries: readonly (readonly [string, string])[]) => ({
  title,
  description,
  type: 'object',
  additionalProperties: false,
  required: entries.map(([action]) => action),
  properties: Object.fromEntries(
    entries.map(([action, typeName]) => [action, { $ref: `#/definitions/${typeName}` }]),
  ),
});

/** Drops json-schema-to-typescript's "referenced by ... via the definition" notes and the blank comment lines
 * left by the schemas' CRLF-terminated descriptions. */
const withoutGeneratorNoise = (source: string): string =>
  source
    .replace(
      /(\n \*)*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\./g,
      '',
    )
    .replace(/(\n \*)+\n \*\//g, '\n */')
    .replace(/\/\*\*\n \*\/\n/g, '');

const generate = async (version: OcppVersion, prefix: string): Promise<string> => {
  const schemas = messageSchemas(version);
  const shared = mergeDefinitions(schemas);
  const messages: Record<string, Schema> = {};
  const requests: [string, string][] = [];
  const responses: [string, string][] = [];
  for (const schema of schemas) {
    const { action, kind } = parseId(schema);
    const typeName = `${action}${kind}`;
    if (typeName in shared) throw new Error(`${typeName} clashes with a shared definition`);
    const { $id: _id, $schema: _schema, definitions: _definitions, ...body } = schema;
    messages[typeName] = { ...body, title: typeName };
    (kind === 'Request' ? requests : responses).push([action, typeName]);
  }

  // The requests map is the root; everything else hangs off its definitions so that it all shares one namespace.
  const document = {
    ...mapSchema(
      `${prefix}Requests`,
      `Request payload of every ${version} action, by action name.`,
      requests,
    ),
    definitions: {
      ...shared,
      ...messages,
      [`${prefix}Responses`]: mapSchema(
        `${prefix}Responses`,
        `Response (.conf) payload of every ${version} action, by action name.`,
        responses,
      ),
    },
  };
  const source = await compile(document as CompilableSchema, `${prefix}Requests`, {
    bannerComment: banner,
    unreachableDefinitions: true,
    // Tuples for minItems/maxItems make payloads awkward to build; Ajv enforces the bounds at runtime.
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
  });
  return withoutGeneratorNoise(source);
};

for (const { version, prefix, file } of targets) {
  await writeFile(file, await generate(version, prefix));
  console.log(`wrote ${file}`);
}
