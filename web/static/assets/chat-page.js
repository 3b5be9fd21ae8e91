// The chat page and the widget's chat frame.
import { startPage } from './i18n.js';
import './chat.js';

startPage();

// In the widget's frame, Escape closes the widget: the host page cannot
// see keys pressed in the frame, so the frame tells it (a fixed word, no
// data of the conversation).
if (window.parent !== window) {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') window.parent.postMessage('rendezvous:close', '*');
  });
}
