import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from '../../shared/logger';
import type { Settings } from '../../shared/settings';
import { registerCompressionCodecs } from './compressionCodecs';

type KafkaSettings = Settings['kafka'];

/** kafkajs log entries into our logger; kafkajs's own errors during reconnects are warnings to us. */
function kafkajsLogCreator(logger: Logger): KafkaConfig['logCreator'] {
  return () =>
    ({ level, log, namespace }: LogEntry) => {
      const { message, timestamp: _t, logger: _l, ...fields } = log as LogEntry['log'] & { logger?: unknown };
      const line = { ...fields, namespace };
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(line, `kafkajs: ${message}`);
      else if (level === logLevel.INFO) logger.info(line, `kafkajs: ${message}`);
      else logger.debug(line, `kafkajs: ${message}`);
    };
}

/** kafkajs SASL options from the settings, or undefined when SASL is off. */
export function saslOptions(settings: KafkaSettings): SASLOptions | undefined {
  const { mechanism, username, password } = settings.sasl;
  if (mechanism === 'none') return undefined;
  return { mechanism, username, password };
}

/**
 * One kafkajs client for the pipeline, its admin and its dead-letter producer. `retry` replaces the default (8 retries
 * over ~40 s) for clients whose work is periodic anyway, such as a heartbeat.
 */
export function createKafkaClient(
  settings: KafkaSettings,
  logger: Logger,
  clientIdSuffix = '',
  retry: KafkaConfig['retry'] = { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 },
): Kafka {
  registerCompressionCodecs();
  return new Kafka({
    clientId: settings.clientId + clientIdSuffix,
    brokers: [...settings.brokers],
    ssl: settings.ssl.enabled
      ? { rejectUnauthorized: settings.ssl.rejectUnauthorized, ...(settings.ssl.ca ? { ca: [settings.ssl.ca] } : {}) }
      : false,
    sasl: saslOptions(settings),
    connectionTimeout: settings.connectionTimeoutMs,
    requestTimeout: 30_000,
    retry,
    logLevel: logLevel.INFO,
    logCreator: kafkajsLogCreator(logger),
  });
}
