import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../../../../shared/settings';
import { formToInput, settingsToForm, validateForm } from './settingsForm';

describe('settings form', () => {
  it('round-trips the saved settings', () => {
    const form = settingsToForm(DEFAULT_SETTINGS);
    const parsed = parseSettings(formToInput(form, DEFAULT_SETTINGS));
    expect(parsed.ok && parsed.value).toEqual(DEFAULT_SETTINGS);
  });

  it('names the field of each problem inline', () => {
    const form = {
      ...settingsToForm(DEFAULT_SETTINGS),
      'kafka.brokers': 'localhost:9092, no-port',
      'pipeline.inFlightLimit': 'lots',
    };
    const problems = validateForm(form, DEFAULT_SETTINGS);
    expect(problems['kafka.brokers']).toMatch(/^Brokers \(entry 2\): expected a broker as host:port/);
    expect(problems['pipeline.inFlightLimit']).toBe('In-flight writes limit: expected a number');
  });

  it('reads NetworkTopologyStrategy data centers', () => {
    const form = {
      ...settingsToForm(DEFAULT_SETTINGS),
      'cassandra.replication.class': 'NetworkTopologyStrategy',
      'cassandra.replication': 'dc1:3, dc2:2',
    };
    const parsed = parseSettings(formToInput(form, DEFAULT_SETTINGS));
    expect(parsed.ok && parsed.value.cassandra.replication).toEqual({
      class: 'NetworkTopologyStrategy',
      dataCenters: { dc1: 3, dc2: 2 },
    });
  });
});
