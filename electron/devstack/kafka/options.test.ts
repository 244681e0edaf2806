import { describe, expect, it } from 'vitest';
import { createKafkaBroker } from './index';
import { resolveBrokerOptions } from './options';

describe('createKafkaBroker options', () => {
  it('names the offending option', async () => {
    await expect(createKafkaBroker({ port: -1 })).rejects.toThrow(/"port"/);
    await expect(createKafkaBroker({ port: 1.5 })).rejects.toThrow(/"port"/);
    await expect(createKafkaBroker({ host: '' })).rejects.toThrow(/"host"/);
    await expect(createKafkaBroker({ dataDir: '' })).rejects.toThrow(/"dataDir"/);
    await expect(createKafkaBroker({ defaultPartitions: 0 })).rejects.toThrow(/"defaultPartitions"/);
    await expect(createKafkaBroker({ maxFrameBytes: 10 })).rejects.toThrow(/"maxFrameBytes"/);
    await expect(createKafkaBroker({ retentionBytesPerPartition: 0 })).rejects.toThrow(/"retentionBytesPerPartition"/);
    await expect(createKafkaBroker({ logger: {} as never })).rejects.toThrow(/"logger"/);
    await expect(createKafkaBroker({ advertisedPort: 0 })).rejects.toThrow(/"advertisedPort"/);
    await expect(createKafkaBroker({ sasl: {} as never })).rejects.toThrow(/"sasl" needs "users"/);
    await expect(createKafkaBroker({ sasl: { users: {} } })).rejects.toThrow(/"sasl" needs at least one user/);
    await expect(createKafkaBroker({ sasl: { users: { a: '' } } })).rejects.toThrow(/"sasl" user "a"/);
    await expect(createKafkaBroker({ sasl: { users: { a: 'b' }, mechanisms: [] } })).rejects.toThrow(
      /"sasl" "mechanisms" must be a non-empty array/,
    );
    await expect(createKafkaBroker({ sasl: { users: { a: 'b' }, mechanisms: ['GSSAPI' as never] } })).rejects.toThrow(
      /"sasl" "mechanisms" has "GSSAPI"; supported: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/,
    );
  });

  it('applies the documented defaults', () => {
    expect(resolveBrokerOptions({})).toMatchObject({
      host: '127.0.0.1',
      advertisedHost: '127.0.0.1',
      port: 9092,
      dataDir: undefined,
      defaultPartitions: 3,
      maxFrameBytes: 100 * 1024 * 1024,
      nodeId: 1,
    });
    expect(resolveBrokerOptions({ host: '0.0.0.0' }).advertisedHost).toBe('127.0.0.1');
    expect(resolveBrokerOptions({}).advertisedPort).toBeUndefined();
    expect(resolveBrokerOptions({}).sasl).toBeUndefined();
    expect(resolveBrokerOptions({ sasl: { users: { a: 'b' } } }).sasl).toEqual({
      users: { a: 'b' },
      mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
    });
  });

  it('rejects when the port is taken and closes idempotently', async () => {
    const first = await createKafkaBroker({ port: 0 });
    await expect(createKafkaBroker({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    await Promise.all([first.close(), first.close()]);
    await first.close();
  });
});
