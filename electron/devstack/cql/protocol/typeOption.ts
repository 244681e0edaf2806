// Writes a CqlType as the [option] of spec section 4.2.5.2.
import { marshalClass } from '../engine/cqlType';
import type { CqlType, NativeTypeName } from '../engine/types';
import type { FrameWriter } from './frameWriter';

const nativeIds: Readonly<Record<Exclude<NativeTypeName, 'duration'>, number>> = {
  ascii: 0x0001,
  bigint: 0x0002,
  blob: 0x0003,
  boolean: 0x0004,
  counter: 0x0005,
  decimal: 0x0006,
  double: 0x0007,
  float: 0x0008,
  int: 0x0009,
  timestamp: 0x000b,
  uuid: 0x000c,
  text: 0x000d,
  varint: 0x000e,
  timeuuid: 0x000f,
  inet: 0x0010,
  date: 0x0011,
  time: 0x0012,
  smallint: 0x0013,
  tinyint: 0x0014,
};

/** Before v5 Cassandra sends duration as a custom type named by its marshal class. */
const DURATION_CLASS = 'org.apache.cassandra.db.marshal.DurationType';

export function writeTypeOption(w: FrameWriter, type: CqlType, version: number): void {
  switch (type.kind) {
    case 'native':
      if (type.name === 'duration') {
        if (version >= 5) w.short(0x0015);
        else w.short(0x0000).string(DURATION_CLASS);
        return;
      }
      w.short(nativeIds[type.name]);
      return;
    case 'list':
      w.short(0x0020);
      writeTypeOption(w, type.element, version);
      return;
    case 'set':
      w.short(0x0022);
      writeTypeOption(w, type.element, version);
      return;
    case 'map':
      w.short(0x0021);
      writeTypeOption(w, type.key, version);
      writeTypeOption(w, type.value, version);
      return;
    case 'tuple':
      w.short(0x0031).short(type.elements.length);
      for (const element of type.elements) writeTypeOption(w, element, version);
      return;
    case 'custom':
      w.short(0x0000).string(type.className);
      return;
    case 'vector':
      // Cassandra 5.0 has no option id for vectors: a custom type named by its marshal class, in every protocol version.
      w.short(0x0000).string(marshalClass(type));
      return;
    case 'udt':
      w.short(0x0030).string(type.keyspace).string(type.name).short(type.fields.length);
      for (const field of type.fields) {
        w.string(field.name);
        writeTypeOption(w, field.type, version);
      }
      return;
  }
}
