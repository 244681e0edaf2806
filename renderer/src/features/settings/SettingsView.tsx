export function SettingsView() {
  return <div className="empty">Coming soon</div>;
}
