import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, stringFlag, type CliCommand } from '../command';
import { allowRemoteOption, exposedHost } from './exposure';
import { dataDirFrom } from './runFlags';

/** The renderer a source checkout serves (the built CLI is told where its own is). */
const SOURCE_RENDERER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../out/renderer');

/** `userstream web`: the desktop app's renderer in a browser, over the same API as the Electron window. */
export const webCommand: CliCommand = {
  name: 'web',
  summary: 'Serve the app in a browser (same UI as the desktop window) and print the URL to open',
  usage: [
    '--host HOST       interface to listen on (default 127.0.0.1: loopback only; others need --allow-remote)',
    '--allow-remote    accept a non-loopback --host: anyone on the network with the link controls the app',
    '--port N          port, 0 = any free port (default 0)',
    '--monitor         watch the group\'s workers only: no pipeline, never joins the group (Workers view)',
    '--embedded        use the embedded dev stack (default on a first run unless KAFKA_BROKER/CASSANDRA_HOST are set)',
    '--data-dir DIR    settings, logs, error log and metrics history (env USERSTREAM_DATA_DIR; default ~/.userstream)',
    '--log-level LVL   debug, info, warn or error for the log file (default info)',
    'Build the renderer first with "npm run build" (npm start does it for you).',
  ],
  options: {
    host: { type: 'string' },
    ...allowRemoteOption,
    port: { type: 'string' },
    embedded: { type: 'boolean' },
    monitor: { type: 'boolean' },
    'data-dir': { type: 'string' },
    'log-level': { type: 'string' },
  },
  async run(values, io) {
    const dataDir = dataDirFrom(values, io.env);
    const monitor = values.monitor === true;
    const port = intFlag(values, 'port', 0, 0, 65535);
    const logLevel = stringFlag(values, 'log-level') ?? io.env.USERSTREAM_LOG_LEVEL ?? 'info';
    const exposure = exposedHost(
      values,
      () =>
        'anyone who can reach this machine and has the printed link (its token is the only key) can see the users, ' +
        'change the settings and steer the pipeline; the traffic is plain http, readable on the way',
    );
    const [{ installProcessGuard, startCoreWorker }, { embeddedOnFirstRun }, { startWebHost }, { createCliLogger }] =
      await Promise.all([
        import('../../backend'),
        import('../../web/firstRun'),
        import('../../web'),
        import('../logger'),
      ]);
    // stderr, secrets redacted: refused sockets and frames, and what the process guard survives.
    const logger = createCliLogger(io, logLevel);
    const entries = io.entries;
    // The core runs in a worker thread: the pipeline at full speed never delays the page or its socket.
    const backend = await startCoreWorker({
      core: {
        dataDir,
        env: { ...io.env },
        // A monitor watches a cluster's workers: the embedded stack only when asked for.
        embedded:
          values.embedded === true
            ? true
            : monitor
              ? false
              : embeddedOnFirstRun(join(dataDir, 'settings.json'), io.env),
        monitor,
        logLevel,
      },
      host: 'web',
      // Built code runs the built worker and stack entries; from source (tests) the defaults run the TypeScript.
      ...(entries ? { bundledEntry: entries.coreWorker, devstack: { script: entries.devstack } } : {}),
      logger,
    });
    let host;
    try {
      host = await startWebHost({
        backend,
        host: exposure.host,
        port,
        rendererDir: entries?.rendererDir ?? SOURCE_RENDERER_DIR,
        logger,
      });
    } catch (error) {
      await backend.close();
      throw error;
    }
    // One request that throws where nothing catches it must not take the pipeline down with no drain.
    const guard = installProcessGuard({ logger });
    if (exposure.warning) io.stderr.write(`${exposure.warning}\n`);
    const remote =
      host.remoteUrls.length > 0 ? `From other machines:\n\n${host.remoteUrls.map((u) => `  ${u}\n`).join('')}\n` : '';
    io.stdout.write(
      `\nUserstream is running. Open this address in your browser:\n\n  ${host.url}\n\n${remote}Press Ctrl+C to stop.\n`,
    );
    await new Promise<void>((done) => {
      if (io.signal.aborted) done();
      else io.signal.addEventListener('abort', () => done(), { once: true });
    });
    // Reverse order of start: stop serving, then drain the pipeline and stop the embedded stack.
    guard.shuttingDown();
    await host.close();
    await backend.close();
    guard.dispose();
    io.stdout.write('Stopped.\n');
    return 0;
  },
};
