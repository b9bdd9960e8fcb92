import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadDeviceIdentity } from './device/storage.ts';
import './styles.css';

// The participant id is derived from the device's key (Web Crypto, asynchronous) before anything needs it.
void loadDeviceIdentity().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
