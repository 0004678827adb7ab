import { ChatView } from './features/chat/ChatView.js';
import { ModelList } from './features/models/ModelList.js';
import { ApiKeyDialog } from './features/server/ApiKeyDialog.js';
import { ServerStatusBar } from './features/server/ServerStatusBar.js';

export function App() {
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden />
          Hearth
        </div>
        <ServerStatusBar />
      </header>
      <div className="layout">
        <aside className="sidebar">
          <ModelList />
        </aside>
        <main className="main">
          <ChatView />
        </main>
      </div>
      <ApiKeyDialog />
    </div>
  );
}
