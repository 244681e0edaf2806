export function ErrorsView() {
  return <div className="empty">Coming soon</div>;
}
