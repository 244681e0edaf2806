import { resetOffsetsFlag } from './runReset';
import type { Core } from '../../core';
import type { MetricsSnapshot } from '../../../shared/metrics';
import type { PipelineStatus } from '../../../shared/pipelineState';
import { UsageError, intFlag, stringFlag, type CliCommand, type CliIo } from '../command';
import { dataDirFrom, settingsFromFlags } from './runFlags';
import { workerClientId } from './runHeartbeat';
import { metricsAddressFrom, serveMetrics } from './runMetrics';
import { formatStatusLine } from './statusLine';

/** Resolves when the signal aborts. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** `userstream run`: the headless pipeline. */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run the pipeline: consume users_created, write created_users, until Ctrl+C',
  usage: [
    '--brokers H:P,...     Kafka brokers (env KAFKA_BROKER; default localhost:9092)',
    '--topic NAME          source topic (env KAFKA_TOPIC; default users_created)',
    '--group NAME          consumer group (env KAFKA_GROUP; default userstream)',
    '--cassandra H:P,...   Cassandra contact points (env CASSANDRA_HOST; default localhost:9042)',
    '--dc NAME             local data center (env CASSANDRA_DC; default: the one the cluster reports)',
    '--keyspace NAME       keyspace (default spark_user_streams)',
    '--table NAME          table (default created_users)',
    '--dlq-topic NAME      dead-letter topic (default users_created.dlq)',
    '--no-dlq              do not produce rejected messages anywhere (they stay in the error log)',
    '--from-beginning      reset the group to the earliest offsets first and re-read the topic (writes are upserts)',
    '--embedded            start the embedded dev stack (in a child process) and use it',
    '--data-dir DIR        settings, logs (logs/userstream.log), error log, metrics (default ~/.userstream)',
    '--exit-when-idle N    stop once every partition has been caught up for N seconds',
    '--json                one JSON metrics object per line on stdout instead of the status line',
    '--log-level LEVEL     debug, info, warn or error for the log file (default info)',
    '--metrics-port N      serve /metrics, /healthz, /readyz on this port (0 = any free; env USERSTREAM_METRICS_PORT)',
    '--metrics-host ADDR   address for them (env USERSTREAM_METRICS_HOST; default 127.0.0.1)',
    "--no-heartbeat        do not publish this worker's heartbeat to the userstream.workers topic",
    'Credentials come from the environment, never the command line: KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME,',
    'KAFKA_SASL_PASSWORD, CASSANDRA_USERNAME, CASSANDRA_PASSWORD (or the active profile of the settings file).',
  ],
  options: {
    brokers: { type: 'string' },
    topic: { type: 'string' },
    group: { type: 'string' },
    cassandra: { type: 'string' },
    dc: { type: 'string' },
    keyspace: { type: 'string' },
    table: { type: 'string' },
    'dlq-topic': { type: 'string' },
    'no-dlq': { type: 'boolean' },
    'from-beginning': { type: 'boolean' },
    embedded: { type: 'boolean' },
    'data-dir': { type: 'string' },
    'exit-when-idle': { type: 'string' },
    json: { type: 'boolean' },
    'log-level': { type: 'string' },
    'metrics-port': { type: 'string' },
    'metrics-host': { type: 'string' },
    'no-heartbeat': { type: 'boolean' },
  },
  async run(values, io) {
    const idleSeconds = values['exit-when-idle'] === undefined ? null : intFlag(values, 'exit-when-idle', 0, 0, 86_400);
    const json = values.json === true;
    const logLevel = stringFlag(values, 'log-level') ?? io.env.USERSTREAM_LOG_LEVEL ?? 'info';
    if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
      throw new UsageError(`--log-level expects one of debug, info, warn, error, got "${logLevel}"`);
    }
    const overrides = settingsFromFlags(values);
    const metricsAt = metricsAddressFrom(values, io.env);
    const dataDir = dataDirFrom(values, io.env);
    const heartbeat = values['no-heartbeat'] !== true;
    const { loadWorkerId } = await import('../../core/workerId');
    const workerId = await loadWorkerId(dataDir);
    // Each worker's consumer gets its own client id, so the group's members can be told apart and matched to
    // their heartbeats.
    (overrides.kafka as Record<string, unknown>).clientId = workerClientId(
      (overrides.kafka as { clientId?: string }).clientId ?? 'userstream',
      workerId,
    );
    // A worker consumes whatever the settings file's "Monitor only" (the app's switch) says.
    (overrides.pipeline as Record<string, unknown>).monitorOnly = false;
    const { createCore, createDevstackProcessLauncher } = await import('../../core');
    const { createLatencyBuckets } = await import('../../pipeline');
    const writeLatency = createLatencyBuckets();
    const core = await createCore({
      writeLatency,
      dataDir,
      env: io.env,
      overrides,
      embedded: values.embedded === true,
      logLevel,
      // Built code starts the built stack entry; from source (tests) the default runs the TypeScript.
      ...(io.entries ? { devstackLauncher: createDevstackProcessLauncher({ script: io.entries.devstack }) } : {}),
      // Published by the core, which sends the tombstone after its drain and logs failed sends to the log file.
      ...(heartbeat ? { heartbeat: { workerId } } : {}),
    });
    let metrics: { close(): Promise<void> } | null = null;
    try {
      if (metricsAt) metrics = await serveMetrics(core, io, { ...metricsAt, writeLatency, json });
      return await drive(core, io, { json, idleSeconds, fromBeginning: values['from-beginning'] === true });
    } finally {
      await core.close();
      await metrics?.close();
      if (!json && io.stdout.isTTY) io.stdout.write('\n');
    }
  },
};

async function drive(
  core: Core,
  io: CliIo,
  options: { json: boolean; idleSeconds: number | null; fromBeginning: boolean },
): Promise<number> {
  const tty = io.stdout.isTTY === true && !options.json;
  const info = core.info();
  if (!options.json) {
    const where = info.devstack ? ` (embedded: Kafka ${info.devstack.kafka}, CQL ${info.devstack.cql})` : '';
    io.stdout.write(`userstream run${where}; log file ${info.logFile}\n`);
  }
  let status: PipelineStatus = core.status();
  let latest: MetricsSnapshot | null = null;
  let lastPlain = 0;
  let idleSince: number | null = null;
  let fatal: string | null = null;
  const done = new AbortController();

  const render = () => {
    const line = formatStatusLine(status, latest);
    if (tty) io.stdout.write(`\r\u001b[2K${line.slice(0, (io.stdout.columns ?? 120) - 1)}`);
    else if (!options.json && Date.now() - lastPlain >= 10_000) {
      lastPlain = Date.now();
      io.stdout.write(`${line}\n`);
    }
  };
  const offStatus = core.on('status', (s) => {
    status = s;
    if (s.state === 'error') {
      fatal = s.reason ?? 'the pipeline stopped with an error';
      done.abort();
    }
    render();
  });
  const offMetrics = core.on('metrics', (m) => {
    latest = m;
    if (options.json) io.stdout.write(`${JSON.stringify({ state: status.state, ...m })}\n`);
    render();
    if (options.idleSeconds !== null) {
      const caughtUp =
        status.state === 'running' && m.totalLag === 0 && m.inFlightWrites === 0 && m.partitions.length > 0;
      if (!caughtUp) idleSince = null;
      else {
        idleSince ??= m.at;
        if (m.at - idleSince >= options.idleSeconds * 1000) done.abort();
      }
    }
  });
  try {
    if (options.fromBeginning) await resetOffsetsFlag(core);
    const started = core.start();
    await Promise.race([started, aborted(io.signal), aborted(done.signal)]);
    const result = await Promise.race([started, Promise.resolve(null)]);
    if (result && !result.ok) fatal = result.error.message;
    if (!fatal) await Promise.race([aborted(io.signal), aborted(done.signal)]);
    await core.stop();
  } finally {
    offStatus();
    offMetrics();
  }
  if (fatal) {
    io.stderr.write(`${tty ? '\n' : ''}userstream: ${String(fatal).split('\n')[0]}\n`);
    return 1;
  }
  return 0;
}
