import { ConnectionChips } from './ConnectionChips';
import { DashboardCharts } from './DashboardCharts';
import { LastErrors } from './LastErrors';
import { MetricTiles } from './MetricTiles';
import { ProducerControls } from './ProducerControls';
import { RecentUsersFeed } from './RecentUsersFeed';
import { WorkersTile } from '../workers/WorkersTile';

/** Connections, headline figures, charts, the live feed, the last errors and the demo producer. */
export function Dashboard() {
  return (
    <div className="dashboard">
      <ConnectionChips />
      <MetricTiles />
      <div className="tiles">
        <WorkersTile />
      </div>
      <div className="dashboard-grid">
        <DashboardCharts />
        <aside className="dashboard-side">
          <RecentUsersFeed />
          <LastErrors />
          <ProducerControls />
        </aside>
      </div>
    </div>
  );
}
