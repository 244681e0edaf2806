export function LogsView() {
  return <div className="empty">Coming soon</div>;
}
