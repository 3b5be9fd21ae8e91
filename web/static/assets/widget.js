// The Rendezvous widget. A clinic adds one line to its pages:
//   <script src="https://booking.example/widget.js" defer></script>
// and gets a launcher button that opens the chat in a frame served by
// Rendezvous. The conversation lives in that frame, on Rendezvous's
// origin: the host page cannot read it, and the frame may be shown only
// by the origins listed in RENDEZVOUS_CORS_ORIGINS (frame-ancestors).
// Optional attributes: data-lang="fr" (else the browser's language) and
// data-label="…" (the launcher's words).
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !script.src) return;
  const origin = new URL(script.src).origin;
  const wanted = (script.dataset.lang || navigator.language || 'en').toLowerCase();
  const lang = wanted.startsWith('fr') ? 'fr' : 'en';
  const words = lang === 'fr'
    ? { open: 'Prendre rendez-vous', close: 'Fermer', title: 'Prendre rendez-vous (discussion)' }
    : { open: 'Book an appointment', close: 'Close', title: 'Book an appointment (chat)' };
  const label = script.dataset.label || words.open;

  // Styles go through the CSS object model, which a host page's
  // style-src policy does not block, inside a shadow root, so that
  // neither the host's styles nor ours leak into the other.
  const css = `
    :host { all: initial; }
    .launcher { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
      font: 600 16px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
      background: #0a58ca; color: #fff; border: 2px solid #fff; border-radius: 999px;
      padding: 12px 18px; min-height: 48px; cursor: pointer; box-shadow: 0 4px 14px rgb(0 0 0 / 0.3); }
    .launcher:focus-visible, .close:focus-visible { outline: 3px solid #1b1f24; outline-offset: 2px; }
    .panel { position: fixed; right: 16px; bottom: 80px; z-index: 2147483000;
      width: min(400px, calc(100vw - 16px)); height: min(640px, calc(100vh - 96px));
      display: flex; flex-direction: column; background: #fff; border: 1px solid #8a94a3;
      border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgb(0 0 0 / 0.3); }
    .panel[hidden] { display: none; }
    .bar { display: flex; justify-content: flex-end; padding: 4px; border-bottom: 1px solid #d0d5dc; }
    .close { font: 600 14px system-ui, sans-serif; background: #fff; color: #0a58ca; border: 2px solid #0a58ca;
      border-radius: 8px; padding: 6px 12px; min-height: 36px; cursor: pointer; }
    iframe { flex: 1; width: 100%; border: 0; }
    @media (max-width: 420px) { .panel { right: 8px; left: 8px; width: auto; } }
  `;
  const host = document.createElement('div');
  host.setAttribute('data-rendezvous-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.textContent = label;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'rdv-panel');

  const panel = document.createElement('div');
  panel.id = 'rdv-panel';
  panel.className = 'panel';
  panel.hidden = true;
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', words.title);
  const bar = document.createElement('div');
  bar.className = 'bar';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.textContent = words.close;
  bar.append(close);
  panel.append(bar);

  /** @type {HTMLIFrameElement | null} */
  let frame = null;
  const open = () => {
    if (!frame) {
      // Made on first use: a page view that never opens the chat costs
      // the clinic nothing and Rendezvous no request.
      frame = document.createElement('iframe');
      frame.title = words.title;
      frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads');
      frame.setAttribute('allow', '');
      frame.referrerPolicy = 'no-referrer';
      frame.src = origin + '/embed#lang=' + lang;
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    frame.focus();
  };
  const shut = () => {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  };
  launcher.addEventListener('click', () => (panel.hidden ? open() : shut()));
  close.addEventListener('click', shut);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') shut();
  });
  // Escape pressed inside the frame is passed up by the chat page.
  window.addEventListener('message', (e) => {
    if (e.origin === origin && frame && e.source === frame.contentWindow && e.data === 'rendezvous:close') shut();
  });
  root.append(panel, launcher);
  if (document.body) document.body.append(host);
  else document.addEventListener('DOMContentLoaded', () => document.body.append(host));
})();
