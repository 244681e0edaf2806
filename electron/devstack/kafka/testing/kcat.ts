// Runs Debian's kcat (librdkafka) for the broker's integration tests.
import { execFile, spawnSync } from 'node:child_process';

export const kcatAvailable = spawnSync('kcat', ['-V']).status === 0;
/** `kcat -V` output: its builtin.features line says which codecs and SASL mechanisms this build has. */
export const kcatVersion = kcatAvailable ? spawnSync('kcat', ['-V'], { encoding: 'utf8' }).stdout : '';

export function kcat(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('kcat', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout,
        stderr,
      });
    });
    child.stdin?.end(input ?? '');
  });
}
