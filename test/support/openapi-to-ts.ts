// TypeScript types from an OpenAPI 3.1 document, as a client generator makes them: one type per
// component schema, and for each path and method its request body and its answers by status. Just
// the JSON Schema that Harpoon's document uses (objects, arrays, unions, enums, consts, $refs,
// nullable types); anything else becomes `unknown`, which a client program then cannot use
// without a type-check error.
type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
};

type Operation = {
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
};

export type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };

const literal = (v: unknown) => JSON.stringify(v);

function typeOf(s: JsonSchema | undefined): string {
  if (!s) return 'unknown';
  if (s.$ref) return `Schemas[${literal(s.$ref.replace('#/components/schemas/', ''))}]`;
  if ('const' in s) return literal(s.const);
  if (s.enum) return s.enum.map(literal).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map((u) => `(${typeOf(u)})`).join(' | ');
  if (s.allOf) return s.allOf.map((u) => `(${typeOf(u)})`).join(' & ');
  if (Array.isArray(s.type)) return s.type.map((t) => typeOf({ ...s, type: t })).join(' | ');
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${typeOf(s.items)}>`;
    case 'object': {
      const required = new Set(s.required ?? []);
      const fields = Object.entries(s.properties ?? {}).map(([name, p]) => `${literal(name)}${required.has(name) ? '' : '?'}: ${typeOf(p)};`);
      const extra = s.additionalProperties;
      if (extra !== undefined && extra !== false) fields.push(`[key: string]: ${extra === true ? 'unknown' : typeOf(extra)};`);
      return `{ ${fields.join(' ')} }`;
    }
    default:
      return 'unknown';
  }
}

const jsonOf = (content: Record<string, { schema: JsonSchema }> | undefined) => typeOf(content?.['application/json']?.schema);

export function typesFromDocument(doc: OpenApiDocument): string {
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => `  ${literal(name)}: ${typeOf(s)};`);
  const paths = Object.entries(doc.paths).map(([path, methods]) => {
    const ops = Object.entries(methods).map(([method, op]) => {
      const responses = Object.entries(op.responses ?? {}).map(([status, r]) => `${status}: ${jsonOf(r.content)};`);
      const body = op.requestBody ? `requestBody: ${jsonOf(op.requestBody.content)}; ` : '';
      return `    ${method}: { ${body}responses: { ${responses.join(' ')} } };`;
    });
    return `  ${literal(path)}: {\n${ops.join('\n')}\n  };`;
  });
  return `// Generated from the served OpenAPI document.\nexport type Schemas = {\n${schemas.join('\n')}\n};\nexport type Paths = {\n${paths.join('\n')}\n};\n`;
}
