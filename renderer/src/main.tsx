import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AppProvider } from './app/AppProvider';
import { getApi } from './ipc/getApi';
import { createAppStore } from './store/appStore';
import './styles.css';

const store = createAppStore();
const api = getApi((connected) => store.setState({ connected }));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AppProvider api={api} store={store}>
        <App />
      </AppProvider>
    </StrictMode>,
  );
}
