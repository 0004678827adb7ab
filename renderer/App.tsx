import { useEffect } from 'react';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { AssistantsScreen } from './features/assistants/AssistantsScreen.js';
import { ChatScreen } from './features/chat/ChatScreen.js';
import { DatastoresScreen } from './features/datastores/DatastoresScreen.js';
import { DiscoverScreen } from './features/discover/DiscoverScreen.js';
import { DownloadsIndicator } from './features/downloads/DownloadsIndicator.js';
import { WelcomeScreen } from './features/firstRun/WelcomeScreen.js';
import { KeysScreen } from './features/keys/KeysScreen.js';
import { ModelsScreen } from './features/models/ModelsScreen.js';
import { useModelsStore } from './features/models/store.js';
import { ServerScreen } from './features/requests/ServerScreen.js';
import { ApiKeyDialog } from './features/server/ApiKeyDialog.js';
import { Banners } from './features/server/Banners.js';
import { KeyButton } from './features/server/KeyButton.js';
import { StatusPill } from './features/server/StatusPill.js';
import { canChange, useServerStore } from './features/server/store.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { CommandPalette } from './features/palette/CommandPalette.js';
import { screens } from './screens.js';
import { currentRoutePath } from './lib/routePath.js';


function Rail() {
  const [location] = useLocation();
  return (
    <nav className="rail" aria-label="Screens">
      <ul>
        {screens.map((screen) => {
          const isCurrent = location === screen.path || location.startsWith(`${screen.path}/`);
          return (
            <li key={screen.path}>
              <Link href={screen.path} className={isCurrent ? 'rail-link current' : 'rail-link'} aria-current={isCurrent ? 'page' : undefined} data-testid={`nav-${screen.label.toLowerCase()}`}>
                {screen.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The start screen: the first-run pick when there is nothing to chat with yet, else the chat. */
function Home() {
  const hasModels = useModelsStore((state) => state.models.length > 0);
  const isAdmin = useServerStore((state) => canChange(state.status));
  const isListed = useModelsStore((state) => !state.isLoading && state.listedOnce);
  const isRunning = useServerStore((state) => state.status?.state === 'running');
  const isKnown = isListed && isRunning;
  const [, navigate] = useLocation();
  const target = !hasModels && isAdmin ? '/welcome' : '/chat';
  useEffect(() => {
    // The lists load after a key is given; the user may have opened another screen meanwhile.
    if (isKnown && currentRoutePath() === '/') navigate(target, { replace: true });
  }, [isKnown, target, navigate]);
  return null;
}

export function App() {
  return (
    <Router hook={useHashLocation}>
      <div className="app">
        <a className="skip-link" href="#main" onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}>
          Skip to content
        </a>
        <header className="topbar">
          <div className="brand">
            <span className="brand-mark" aria-hidden />
            Hearth
          </div>
          <StatusPill />
          <div className="topbar-end">
            <DownloadsIndicator />
            <KeyButton />
          </div>
        </header>
        <Banners />
        <div className="layout">
          <Rail />
          <main className="main" id="main" tabIndex={-1}>
            <Switch>
              <Route path="/" component={Home} />
              <Route path="/chat/:id?">{(params) => <ChatScreen conversationId={params.id ? decodeURIComponent(params.id) : null} />}</Route>
              <Route path="/models/:id?">{(params) => <ModelsScreen selectedId={params.id ? decodeURIComponent(params.id) : null} />}</Route>
              <Route path="/discover" component={DiscoverScreen} />
              <Route path="/datastores/:id?">{(params) => <DatastoresScreen selectedId={params.id ? decodeURIComponent(params.id) : null} />}</Route>
              <Route path="/assistants" component={AssistantsScreen} />
              <Route path="/keys" component={KeysScreen} />
              <Route path="/server" component={ServerScreen} />
              <Route path="/settings" component={SettingsScreen} />
              <Route path="/welcome" component={WelcomeScreen} />
              <Route>
                <Redirect to="/chat" replace />
              </Route>
            </Switch>
          </main>
        </div>
        <ApiKeyDialog />
        <CommandPalette />
      </div>
    </Router>
  );
}
