// Electron's security checklist wired to the session and every web contents (docs/security.md lists each item).
// The decisions are plain functions in policy.ts and appProtocol.ts; this file only attaches them to Electron's hooks.
import { app, dialog, protocol, session, shell, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { rendererCsp } from '../../shared/contentSecurityPolicy';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppRequestHandler } from './appProtocol';
import { externalLinkDecision, navigationDecision, type AppLocation } from './policy';

/** Must run before `ready`: app:// becomes a standard, secure origin (so the renderer is not a file:// page). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/**
 * The one way out to the OS browser: https to a known host opens, another web link only after the user agrees in a
 * dialog that shows the address, anything else never.
 */
export function createExternalOpener(parent: () => BrowserWindow | null): (url: string) => Promise<void> {
  return async (url) => {
    const decision = externalLinkDecision(url);
    if (decision === 'deny') return;
    if (decision === 'confirm') {
      const options: MessageBoxOptions = {
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
        message: 'Open this address in your browser?',
        detail: url,
      };
      const window = parent();
      const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      if (response !== 0) return;
    }
    await shell.openExternal(url);
  };
}

/** After `ready`: serve app://, deny every permission, and keep every web contents on the app's own pages. */
export function lockDown({
  location,
  rendererDir,
  openExternal,
}: {
  location: AppLocation;
  rendererDir: string;
  openExternal(url: string): void;
}): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
  const csp = rendererCsp();
  // app:// answers carry the CSP already; this covers the dev server's pages (development only).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
    const guard = (event: { preventDefault(): void }, url: string) => {
      const decision = navigationDecision(url, location);
      if (decision === 'allow') return;
      event.preventDefault();
      if (decision === 'external') openExternal(url);
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
