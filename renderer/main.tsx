import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectIpc } from './ipc/client.js';
import { browserTransport } from './ipc/browser.js';
import { useServerStore } from './features/server/store.js';
import './styles.css';

connectIpc(browserTransport());
void useServerStore.getState().refresh();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
