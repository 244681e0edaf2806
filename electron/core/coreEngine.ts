import type { Settings } from '../../shared/settings';
import {
  connectCassandraSink,
  createKafkaClient,
  createPipeline,
  createUsersQuery,
  timeSinkWrites,
  type LatencyBuckets,
  type LogSink,
  type Pipeline,
  type UsersQuery,
} from '../pipeline';
import { createDemoProducer, type DemoProducer } from './demoProducer';
import type { CoreEventBatcher } from './eventBatcher';
import type { ProducerStatus } from './types';
import { createUsersService, type UsersService } from './usersService';

/** What one set of settings runs: the pipeline, the users query and its jobs, the demo producer. */
export interface CoreEngine {
  pipeline: Pipeline;
  users: UsersQuery;
  usersService: UsersService;
  producer: DemoProducer;
  producerStatus(): ProducerStatus;
  /** Stops the producer, the jobs and the pipeline (draining), then the query; their events stop first. */
  close(): Promise<void>;
}

/** Builds the engine for `settings` (the addresses it connects to) and forwards its events to the batcher. */
export function wireEngine(options: {
  settings: Settings;
  logs: LogSink;
  dataDir: string;
  events: CoreEventBatcher;
  writeLatency?: LatencyBuckets;
  /** Whether the target is the embedded stack (the producer's status warns when it is not). */
  usingEmbedded(): boolean;
}): CoreEngine {
  const { settings, logs, events } = options;
  const pipeline = createPipeline({
    settings,
    logger: logs.logger,
    dataDir: options.dataDir,
    ...(options.writeLatency ? { connectSink: timeSinkWrites(connectCassandraSink, options.writeLatency) } : {}),
  });
  const users = createUsersQuery({ settings: settings.cassandra, logger: logs.logger });
  const usersService = createUsersService({
    query: users,
    onJobs: (jobs) => events.push('usersJobs', jobs),
    logger: logs.logger.child({ component: 'users' }),
  });
  const producer = createDemoProducer({
    kafka: createKafkaClient(settings.kafka, logs.logger.child({ component: 'producer' }), '-demo'),
    topic: settings.kafka.topic,
    logger: logs.logger.child({ component: 'producer' }),
  });
  const producerStatus = (): ProducerStatus => {
    const s = producer.status();
    return {
      running: s.running,
      ratePerSecond: s.ratePerSecond,
      badRatio: s.badRatio,
      sent: s.sent,
      targetIsExternal: !options.usingEmbedded(),
    };
  };
  let unsubscribe = [
    pipeline.on('status', (s) => events.push('status', s)),
    pipeline.on('metrics', (m) => events.push('metrics', m)),
    pipeline.on('user', (u) => events.push('users', [u])),
    pipeline.on('error', (e) => events.push('errors', [e])),
    producer.onProgress(() => events.push('producer', producerStatus())),
  ];
  return {
    pipeline,
    users,
    usersService,
    producer,
    producerStatus,
    async close() {
      unsubscribe.forEach((u) => u());
      unsubscribe = [];
      await producer.stop().catch(() => undefined);
      usersService.close();
      await pipeline.close();
      await users.close().catch(() => undefined);
    },
  };
}
