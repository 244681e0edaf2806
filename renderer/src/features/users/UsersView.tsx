export function UsersView() {
  return <div className="empty">Coming soon</div>;
}
