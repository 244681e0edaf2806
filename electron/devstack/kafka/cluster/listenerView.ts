// What a request knows about the cluster as seen from the listener it came in on: who leads and coordinates what,
// which brokers run, and the address of every broker on that same listener (a client that came in over SSL must
// be sent to the other brokers' SSL ports).
import type { ClusterLayout } from './layout';

export interface ListenerView {
  layout: ClusterLayout;
  /** Node id of the broker that received the request. */
  nodeId: number;
  /** Where clients reach broker `nodeId` on this listener. */
  address(nodeId: number): { host: string; port: number };
}
