import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** The usual menu roles (edit, view, window), plus Help linking to the project page through the guarded opener. */
export function installMenu({ openExternal, logDir }: { openExternal(url: string): void; logDir: string }): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Kafka documentation', click: () => openExternal('https://kafka.apache.org/documentation/') },
        { label: 'Cassandra documentation', click: () => openExternal('https://cassandra.apache.org/doc/latest/') },
        { label: 'Show logs folder', click: () => void shell.openPath(logDir) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
