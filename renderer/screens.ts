/** One entry per job, each a URL (`#/models`): hash URLs work both from file: in Electron and from the server. */
export const screens = [
  { path: '/chat', label: 'Chat' },
  { path: '/models', label: 'Models' },
  { path: '/discover', label: 'Discover' },
  { path: '/datastores', label: 'Datastores' },
  { path: '/assistants', label: 'Assistants' },
  { path: '/keys', label: 'Keys' },
  { path: '/server', label: 'Server' },
  { path: '/settings', label: 'Settings' },
] as const;
