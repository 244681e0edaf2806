import { useDeferredValue, useMemo } from 'react';
import { useAppStore } from '../../store/StoreContext';
import { rebalancesOf, type GroupSample, type Rebalance } from './rebalances';

/** The charts' window: rebalances older than this are off the timeline. */
export const TIMELINE_MS = 15 * 60 * 1000;

/**
 * The group's rebalances over the last 15 minutes, oldest first: seen by the pipeline's own metrics (the group's
 * members in every snapshot) or, in a monitor, which runs no pipeline, by the fleet reader.
 */
export function useRebalances(): Rebalance[] {
  const monitor = useAppStore((s) => s.info?.monitor === true);
  const metrics = useDeferredValue(useAppStore((s) => s.metrics));
  const fleet = useDeferredValue(useAppStore((s) => s.groupSamples));
  return useMemo(() => {
    const samples: readonly GroupSample[] = monitor ? fleet : metrics;
    const since = (samples.at(-1)?.at ?? 0) - TIMELINE_MS;
    return rebalancesOf(samples).filter((r) => r.until >= since);
  }, [monitor, metrics, fleet]);
}
