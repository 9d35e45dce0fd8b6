// What both pages of the viewer share (index.html's viewer.js and
// world.html's world.js): a small DOM builder, the status line, and the
// connection to the server with its reconnection backoff. Plain ES2020; it
// defines one global, PanopticonPage.
'use strict';

window.PanopticonPage = (() => {
  const $ = (id) => document.getElementById(id);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Small DOM builder: props go to properties when the element has them
  // (className, htmlFor, value...), to attributes otherwise; order matters
  // for inputs (type and min/max/step before value).
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k in node) node[k] = v;
      else node.setAttribute(k, v);
    }
    node.append(...children);
    return node;
  }

  function setStatus(text, kind = 'info') {
    const line = $('status');
    line.textContent = text;
    line.className = kind;
  }

  class NetError extends Error {}
  const errorText = (e) => (e instanceof NetError ? 'server unreachable' : e.message);

  // The server's {"error": "..."} text, or the status when the body is not JSON.
  const errorFrom = (res) => res.json().then(
    (d) => (d && d.error ? String(d.error) : `HTTP ${res.status}`), () => `HTTP ${res.status}`);

  // The connection: while the server is down, a page's other loops skip
  // their requests and its probe loop retries with exponential backoff
  // (0.5 s .. 10 s); `onReconnect` runs when an answer comes again.
  function connection(onReconnect) {
    const conn = { down: false, failures: 0 };
    conn.backoffMs = () => Math.min(10000, 500 * 2 ** Math.max(0, conn.failures - 1));
    const markDown = () => {
      conn.failures++;
      conn.down = true;
      setStatus(`server unreachable — retrying in ${(conn.backoffMs() / 1000).toFixed(1)} s`, 'error');
    };
    const markUp = () => {
      conn.failures = 0;
      if (!conn.down) return;
      conn.down = false;
      setStatus('reconnected', 'ok');
      onReconnect();
    };
    conn.api = async (path, body) => {
      const opts = body === undefined ? { cache: 'no-store' } : {
        method: 'POST', cache: 'no-store',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      };
      // fetch rejects only when no HTTP answer came at all
      const res = await fetch(path, opts).catch((e) => { markDown(); throw new NetError(e.message); });
      markUp();
      return res;
    };
    conn.apiJSON = async (path, body) => {
      const res = await conn.api(path, body);
      if (!res.ok) throw new Error(await errorFrom(res));
      return res.json().then((d) => d ?? {}, () => ({}));
    };
    return conn;
  }

  return { $, sleep, el, setStatus, NetError, errorText, errorFrom, connection };
})();
