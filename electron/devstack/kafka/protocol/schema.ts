// Compiles Kafka's JSON message definitions into per-version plans the codec walks: which fields exist at a version,
// their wire type (classic or compact), nullability, tags and defaults. Compiled once per (message, version) and cached.

/** One field of a Kafka message definition, as in Apache Kafka's common/message/*.json. */
export interface FieldSchema {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  default?: string | number | boolean;
  fields?: FieldSchema[];
}

/** A request, response or header definition. */
export interface MessageSchema {
  apiKey?: number;
  type: string;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: FieldSchema[];
  /** Structs shared by several fields, referred to by type name (`[]AddPartitionsToTxnTopic`). */
  commonStructs?: Array<{ name: string; fields: FieldSchema[] }>;
}

/** The fields with every reference to a common struct replaced by that struct's own fields. */
function inlineCommonStructs(fields: FieldSchema[], common: Map<string, FieldSchema[]>): FieldSchema[] {
  return fields.map((field) => {
    const own = field.fields ?? common.get(field.type.replace(/^\[\]/, ''));
    return own === undefined ? field : { ...field, fields: inlineCommonStructs(own, common) };
  });
}

export type PrimitiveKind =
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

/** How one value is laid out: a primitive, a struct, or an array of either. */
export type ValuePlan =
  | { kind: PrimitiveKind; nullable: boolean; compact: boolean }
  | { kind: 'struct'; struct: StructPlan; nullable: false; compact: boolean }
  | { kind: 'array'; element: ValuePlan; nullable: boolean; compact: boolean };

export interface FieldPlan {
  /** camelCase property name in decoded/encoded objects. */
  key: string;
  value: ValuePlan;
  /** Value written when the caller leaves the field undefined. */
  defaultValue: unknown;
  tag: number | undefined;
}

export interface StructPlan {
  fields: FieldPlan[];
  tagged: FieldPlan[];
  flexible: boolean;
}

export interface VersionRange {
  min: number;
  max: number;
}

/** Parses "0+", "3-5", "7", "none" or "" into a range (empty = matches nothing). */
export function parseVersions(spec: string | undefined): VersionRange {
  if (spec === undefined || spec === '' || spec === 'none') return { min: 1, max: 0 };
  if (spec.endsWith('+')) return { min: Number(spec.slice(0, -1)), max: Number.POSITIVE_INFINITY };
  const dash = spec.indexOf('-');
  if (dash > 0) return { min: Number(spec.slice(0, dash)), max: Number(spec.slice(dash + 1)) };
  return { min: Number(spec), max: Number(spec) };
}

export function inRange(range: VersionRange, version: number): boolean {
  return version >= range.min && version <= range.max;
}

const primitiveKinds = new Set<string>([
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'bool',
  'string',
  'bytes',
  'records',
  'uuid',
]);

export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function defaultFor(kind: PrimitiveKind, nullable: boolean, raw: FieldSchema['default']): unknown {
  switch (kind) {
    case 'int64':
      return raw === undefined ? 0n : BigInt(raw);
    case 'bool':
      return raw === true || raw === 'true';
    case 'string':
      if (raw === 'null' && nullable) return null;
      return raw === undefined ? '' : String(raw);
    case 'bytes':
      return nullable ? null : Buffer.alloc(0);
    case 'records':
      return null;
    case 'uuid':
      return Buffer.alloc(16);
    default:
      return raw === undefined ? 0 : Number(raw);
  }
}

function planValue(field: FieldSchema, version: number, flexible: boolean): ValuePlan {
  const nullable = inRange(parseVersions(field.nullableVersions), version);
  const compact =
    flexible && (field.flexibleVersions === undefined || inRange(parseVersions(field.flexibleVersions), version));
  const type = field.type;
  if (type.startsWith('[]')) {
    const elementType = type.slice(2);
    const element: ValuePlan = primitiveKinds.has(elementType)
      ? { kind: elementType as PrimitiveKind, nullable: false, compact }
      : { kind: 'struct', struct: planStruct(field.fields ?? [], version, flexible), nullable: false, compact };
    return { kind: 'array', element, nullable, compact };
  }
  if (primitiveKinds.has(type)) return { kind: type as PrimitiveKind, nullable, compact };
  return { kind: 'struct', struct: planStruct(field.fields ?? [], version, flexible), nullable: false, compact };
}

/** Builds the plan of a struct's fields at one version. */
export function planStruct(fields: FieldSchema[], version: number, flexible: boolean): StructPlan {
  const plan: StructPlan = { fields: [], tagged: [], flexible };
  for (const field of fields) {
    const tagged = flexible && field.tag !== undefined && inRange(parseVersions(field.taggedVersions), version);
    if (!tagged && !inRange(parseVersions(field.versions), version)) continue;
    const value = planValue(field, version, flexible);
    const defaultValue =
      value.kind === 'array'
        ? value.nullable && field.default === 'null'
          ? null
          : []
        : value.kind === 'struct'
          ? undefined
          : defaultFor(value.kind, value.nullable, field.default);
    const fieldPlan: FieldPlan = {
      key: camelCase(field.name),
      value,
      defaultValue,
      tag: tagged ? field.tag : undefined,
    };
    (tagged ? plan.tagged : plan.fields).push(fieldPlan);
  }
  return plan;
}

/** A message definition with its per-version plans compiled on first use. */
export class CompiledMessage {
  readonly valid: VersionRange;
  private readonly flexibleRange: VersionRange;
  private readonly plans = new Map<number, StructPlan>();
  private readonly fields: FieldSchema[];

  constructor(readonly schema: MessageSchema) {
    const common = new Map((schema.commonStructs ?? []).map((c) => [c.name, c.fields]));
    this.fields = common.size === 0 ? schema.fields : inlineCommonStructs(schema.fields, common);
    this.valid = parseVersions(schema.validVersions);
    this.flexibleRange = parseVersions(schema.flexibleVersions);
  }

  isFlexible(version: number): boolean {
    return inRange(this.flexibleRange, version);
  }

  plan(version: number): StructPlan {
    let plan = this.plans.get(version);
    if (!plan) {
      plan = planStruct(this.fields, version, this.isFlexible(version));
      this.plans.set(version, plan);
    }
    return plan;
  }
}
