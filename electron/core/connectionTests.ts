import { err, ok, type Result } from '../../shared/result';
import type { Settings, SettingsInput } from '../../shared/settings';
import { testCassandraConnection, testKafkaConnection } from '../pipeline';
import type { EmbeddedStack } from './embeddedStack';
import { engineSettingsFor } from './embeddedStack';
import type { SettingsController } from './settingsController';
import type { Core, ConnectionReport } from './types';

/** The Test buttons: each checks the input layered over the settings in force (an omitted field keeps its value). */
export function connectionTests(
  control: SettingsController,
  stack: EmbeddedStack,
): Pick<Core, 'testKafka' | 'testCassandra'> {
  const target = (input: SettingsInput): Result<Settings, ConnectionReport> => {
    const parsed = control.testTarget(input);
    if (!parsed.ok)
      return err({
        ok: false,
        code: 'invalid_settings',
        message: parsed.error.map((p) => `${p.field}: ${p.message}`).join('; '),
        details: {},
        elapsedMs: 0,
      });
    if (parsed.value.devstack.enabled && !stack.current())
      return err({
        ok: false,
        code: 'devstack_not_running',
        message: 'The embedded dev stack is not running; saving with it turned on starts it.',
        details: {},
        elapsedMs: 0,
      });
    return ok(engineSettingsFor(parsed.value, stack.current()));
  };
  return {
    async testKafka(input) {
      const t = target(input);
      return t.ok ? testKafkaConnection(t.value.kafka) : t.error;
    },
    async testCassandra(input) {
      const t = target(input);
      return t.ok ? testCassandraConnection(t.value.cassandra) : t.error;
    },
  };
}
