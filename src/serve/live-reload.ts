import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where pages listen for rebuilds (Server-Sent Events), outside any site's base path. */
export const EVENTS_PATH = '/__gazette/events';

const HEARTBEAT_MS = 15_000;

/**
 * The script `serve` adds to every HTML page it sends (never to the files on disk):
 * it reloads the page after a successful rebuild and shows the diagnostics of a failed
 * one in an overlay until the next good rebuild. Text goes in through textContent only.
 */
export const CLIENT_SCRIPT = `(() => {
  if (!('EventSource' in window)) return;
  const OVERLAY = 'gazette-error-overlay';
  let lostConnection = false;
  const source = new EventSource(${JSON.stringify(EVENTS_PATH)});
  const hide = () => document.getElementById(OVERLAY)?.remove();
  const show = (text) => {
    let panel = document.getElementById(OVERLAY);
    if (!panel) {
      panel = document.createElement('div');
      panel.id = OVERLAY;
      panel.setAttribute('role', 'alert');
      panel.style.cssText = 'position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'margin:0;padding:1rem 1.25rem;background:#1e1e1e;color:#f4f4f4;border-left:6px solid #e5484d;border-radius:6px;' +
        'box-shadow:0 8px 30px rgba(0,0,0,.4);font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left';
      const title = document.createElement('strong');
      title.textContent = 'gazette: the last rebuild failed; this page shows the last good build';
      title.style.cssText = 'display:block;margin-bottom:.5rem;color:#ff9592;font-size:14px';
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '\\u00d7';
      close.setAttribute('aria-label', 'Hide this message');
      close.style.cssText = 'position:absolute;top:.25rem;right:.5rem;background:none;border:0;color:inherit;font-size:20px;cursor:pointer';
      close.addEventListener('click', hide);
      const pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;white-space:pre-wrap;word-break:break-word;font:inherit';
      panel.append(title, close, pre);
      document.body.append(panel);
    }
    panel.querySelector('pre').textContent = text;
  };
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('error', (event) => {
    // A MessageEvent is the server's 'error' event; a plain Event is the connection dropping.
    if (event instanceof MessageEvent) show(String(event.data));
    else lostConnection = true;
  });
  source.addEventListener('open', () => {
    // The server came back (restarted): the site may have changed meanwhile.
    if (lostConnection) location.reload();
  });
})();`;

/** `html` with the live-reload script inserted before its last `</body>` (or at the end). */
export function injectClient(html: string): string {
  const tag = `<script>${CLIENT_SCRIPT}</script>`;
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at === -1 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}

/** The open event streams, and the state a newly opened page should learn at once. */
export class LiveReload {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  /** Diagnostics of the failed last rebuild, or null when the last one succeeded. */
  private failure: string | null = null;

  constructor() {
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Answer a request for EVENTS_PATH: keep the response open as an event stream. */
  connect(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    // A first chunk right away, so the browser (and any proxy) sees the stream open.
    res.write(`retry: 1000\n: connected\n\n`);
    if (this.failure !== null) res.write(event('error', this.failure));
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
  }

  /** A rebuild succeeded: pages reload (which also clears any error overlay). */
  reload(): void {
    this.failure = null;
    this.write(event('reload', String(Date.now())));
  }

  /** A rebuild failed: pages show `text` in an overlay. */
  error(text: string): void {
    this.failure = text;
    this.write(event('error', text));
  }

  /** Whether the last rebuild failed (pages then need a reload to clear the overlay). */
  get failing(): boolean {
    return this.failure !== null;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (!res.writableEnded) res.write(chunk);
    }
  }
}

/** One SSE event; every line of `data` gets its own `data:` field so newlines survive. */
function event(name: string, data: string): string {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `event: ${name}\n${lines.join('\n')}\n\n`;
}
