import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

// Placeholder shell until the desktop-app issue: opens the renderer in a locked-down window.
app.whenReady().then(() => {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: { preload: join(import.meta.dirname, '../preload/index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'));
});
app.on('window-all-closed', () => app.quit());
