import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

// Sandboxed and context-isolated: the page gets two functions and no Electron or Node object.
contextBridge.exposeInMainWorld('hearth', createBridge(ipcRenderer));
