import type { Core } from '../../core';

/** `--from-beginning`: move the group to the earliest offsets before the pipeline starts. */
export async function resetOffsetsFlag(core: Core): Promise<void> {
  const result = await core.resetOffsets('earliest');
  if (!result.ok) throw new Error(`could not reset offsets to the beginning: ${result.error.message}`);
}
