// Panopticon live viewer: polls the simulation server (same origin) for binary
// lattice frames and incremental time series, and drives it through the
// control, parameter and mechanism endpoints. Plain ES2020, no dependencies.
'use strict';

(() => {
  const { $, sleep, el, setStatus, NetError, errorText, errorFrom } = window.PanopticonPage;

  // ---------------------------------------------------------------- colours
  // Chosen by cell name first, so a server that renumbers codes keeps colours.
  const CELL_COLOURS = {
    empty: '#f6f6f2', quiet: '#8796ab', active: '#d62828', cop: '#1d3557',
    jailed: '#444444', dissent: '#f08c00', detained: '#7b2cbf',
  };
  const CODE_COLOURS = Object.values(CELL_COLOURS);   // fallback by code 0..6
  const UNKNOWN_COLOUR = '#ff00ff';
  // Cameras: blend watched cells toward teal (no cell colour is green, so the
  // tint stays distinguishable on every cell kind).
  const CAMERA_TINT = [0, 170, 120];
  const CAMERA_ALPHA = 0.45;
  const SERIES_COLOURS = {
    quiet: '#5b6b82', active: '#d62828', jailed: '#444444', dissent: '#f08c00',
    confined: '#7b2cbf', listed: '#7b2cbf', activations: '#b5179e', cost: '#2b7a3d',
  };
  const DEFAULT_SERIES_COLOUR = '#1f6fb4';
  const EVENT_COLOUR = 'rgba(90, 40, 150, 0.75)';

  const hexToRgb = (hex) => {
    const v = parseInt(hex.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  };

  // ------------------------------------------------------------ small utils
  const slug = (s) => String(s).replace(/[^A-Za-z0-9_-]+/g, '-');
  const decimalsOf = (step) => {
    const s = String(step ?? '');
    return s.includes('.') ? s.split('.')[1].length : 0;
  };

  function fmt(v) {
    if (!Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
    if (Number.isInteger(v)) return String(v);
    return a >= 100 ? v.toFixed(1) : String(Number(v.toPrecision(3)));
  }

  // Growable Float64Array with a running min/max (so charts need not rescan
  // the whole history for their y range on every redraw).
  class Column {
    constructor() { this.clear(); }
    clear() { this.a = new Float64Array(256); this.n = 0; this.min = Infinity; this.max = -Infinity; }
    push(v) {
      if (this.n === this.a.length) {
        const b = new Float64Array(this.a.length * 2);
        b.set(this.a);
        this.a = b;
      }
      this.a[this.n++] = v;
      if (v < this.min) this.min = v;   // comparisons with NaN are false
      if (v > this.max) this.max = v;
    }
    last() { return this.n ? this.a[this.n - 1] : NaN; }
  }

  // ------------------------------------------------------------------ state
  const state = {
    running: false, speed: 10, steps: 0, modelTick: 0,
    haveTick: -1,      // tick of the last frame received; sent as ?have=
    frames: 0,
    lastFrame: null,   // kept so the camera checkbox can repaint without a fetch
    epoch: 0,          // bumped when series are cleared; stale replies are dropped
    ctlSeq: 0,         // bumped per control reply; older /api/info replies don't override it
    ticks: new Column(),
    cols: new Map(),   // series name -> Column, aligned with ticks
    events: [],
  };
  const signatures = {};
  const paramInputs = new Map(); // key -> {input, out, p}
  const mechInputs = new Map();  // name -> checkbox
  let palette = new Uint8Array(256 * 3);
  let charts = [];

  // ------------------------------------------------------------- networking
  // The frame loop doubles as the reconnection probe (common.js).
  const conn = window.PanopticonPage.connection(() => { syncInfo(); pollSeries(); });
  const { api, apiJSON, backoffMs } = conn;

  // ------------------------------------------------------------------- info
  function applyInfo(info, fromControlSeq) {
    // A control reply that arrived while this request was out is newer.
    if (fromControlSeq === state.ctlSeq) {
      if (typeof info.running === 'boolean') state.running = info.running;
      if (typeof info.speed === 'number') state.speed = info.speed;
    }
    if (typeof info.steps === 'number') state.steps = info.steps;
    if (typeof info.tick === 'number' && (!state.running || info.tick > state.modelTick)) {
      state.modelTick = info.tick;
    }
    $('scenario').textContent = info.scenario ? `— ${info.scenario}` : '';

    // Rebuild a part of the UI only when its definition changed (e.g. the
    // server restarted with another scenario); otherwise just sync values.
    const changed = (name, value) => {
      const sig = JSON.stringify(value ?? null);
      if (signatures[name] === sig) return false;
      signatures[name] = sig;
      return true;
    };
    if (changed('codes', info.cell_codes)) buildPalette(info.cell_codes);
    if (changed('series', info.series)) {
      buildCharts(Array.isArray(info.series) ? info.series : []);
      clearSeries();
    }
    const params = Array.isArray(info.parameters) ? info.parameters : [];
    if (changed('params', params.map(({ value, ...rest }) => rest))) buildParameters(params);
    else syncParameters(params);
    const mechs = Array.isArray(info.mechanisms) ? info.mechanisms : [];
    if (changed('mechs', mechs.map((m) => m.name))) buildMechanisms(mechs);
    else syncMechanisms(mechs);
    updateControls();
  }

  async function syncInfo() {
    const seq = state.ctlSeq;
    await apiJSON('/api/info').then((info) => applyInfo(info, seq), (e) => {
      if (!(e instanceof NetError)) setStatus(`info: ${errorText(e)}`, 'error');
    });
  }

  async function infoLoop() {
    if (!conn.down) await syncInfo();
    setTimeout(infoLoop, 2000);
  }

  // ---------------------------------------------------------------- palette
  function buildPalette(codes) {
    const list = Array.isArray(codes) && codes.length
      ? codes : CODE_COLOURS.map((_, code) => ({ code, name: `code ${code}` }));
    palette = new Uint8Array(256 * 3);
    for (let c = 0; c < 256; c++) palette.set(hexToRgb(UNKNOWN_COLOUR), c * 3);
    const legend = $('legend');
    legend.textContent = '';
    for (const { code, name } of list) {
      if (!(code >= 0 && code < 256)) continue;
      const hex = CELL_COLOURS[name] || CODE_COLOURS[code] || UNKNOWN_COLOUR;
      palette.set(hexToRgb(hex), code * 3);
      const sw = el('span', { className: 'swatch' });
      sw.style.background = hex;
      legend.append(el('li', {}, sw, String(name)));
    }
    $('camera-swatch').style.background = `rgba(${CAMERA_TINT.join(',')},${CAMERA_ALPHA + 0.2})`;
    if (state.lastFrame) paintFrame(state.lastFrame);
  }

  // ----------------------------------------------------------------- frames
  const lattice = $('lattice'), lctx = lattice.getContext('2d');
  let imageData = null, frameTimer = 0, frameBusy = false;

  function parseFrame(buf) {
    if (buf.byteLength < 20) throw new Error(`frame too short (${buf.byteLength} bytes)`);
    const dv = new DataView(buf);
    const magic = String.fromCharCode(dv.getUint8(0), dv.getUint8(1), dv.getUint8(2), dv.getUint8(3));
    if (magic !== 'PNF1') throw new Error(`bad frame magic "${magic}"`);
    const tick = Number(dv.getBigInt64(4, true));
    const [fw, fh, block, flags] = [12, 14, 16, 18].map((o) => dv.getUint16(o, true));
    if (!fw || !fh) throw new Error(`empty frame (${fw}×${fh})`);
    const n = fw * fh;
    const hasOverlay = (flags & 1) !== 0;
    const need = 20 + n * (hasOverlay ? 2 : 1);
    if (buf.byteLength < need) throw new Error(`frame truncated (${buf.byteLength} of ${need} bytes)`);
    return {
      tick, fw, fh, block,
      codes: new Uint8Array(buf, 20, n),
      overlay: hasOverlay ? new Uint8Array(buf, 20 + n, n) : null,
    };
  }

  function paintFrame(f) {
    if (!imageData || imageData.width !== f.fw || imageData.height !== f.fh) {
      lattice.width = f.fw;
      lattice.height = f.fh;
      imageData = lctx.createImageData(f.fw, f.fh);
      // Fit the longer side to 600 CSS px; CSS max-width keeps it on screen.
      const scale = 600 / Math.max(f.fw, f.fh);
      lattice.style.width = `${Math.round(f.fw * scale)}px`;
    }
    const px = imageData.data, n = f.fw * f.fh, a = CAMERA_ALPHA, [tr, tg, tb] = CAMERA_TINT;
    const cams = $('overlay-cameras').checked ? f.overlay : null;
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      const p = f.codes[i] * 3;
      let r = palette[p], g = palette[p + 1], b = palette[p + 2];
      if (cams && (cams[i] & 1)) {
        r += (tr - r) * a; g += (tg - g) * a; b += (tb - b) * a;
      }
      px[j] = r; px[j + 1] = g; px[j + 2] = b; px[j + 3] = 255;
    }
    lctx.putImageData(imageData, 0, 0);
  }

  function acceptFrame(f) {
    // A frame older than the last one: the model was reset elsewhere (another
    // client, a restarted server), so the series we hold belong to a past run.
    if (state.haveTick >= 0 && f.tick < state.haveTick) clearSeries();
    paintFrame(f);
    state.lastFrame = f;
    state.haveTick = state.modelTick = f.tick;
    state.frames++;
    document.body.dataset.frames = String(state.frames);
    document.body.dataset.tick = String(f.tick);
    const res = f.block > 1 ? `, 1 pixel = ${f.block}×${f.block} cells` : '';
    $('frame-info').textContent = `${f.fw}×${f.fh} frame${res}${f.overlay ? '' : ', no camera overlay'}`;
    updateTick();
  }

  // Never more than one frame request in flight. The next poll is paced by a
  // timer, then by requestAnimationFrame (at most one per display frame);
  // hidden tabs get no animation frames, so they use the timer alone.
  function scheduleFrame(delay) {
    clearTimeout(frameTimer);
    frameTimer = setTimeout(() => {
      if (document.hidden) pollFrame();
      else requestAnimationFrame(pollFrame);
    }, delay);
  }
  const kickFrame = () => { if (!frameBusy) scheduleFrame(0); };

  function idleDelay() {
    if (!state.running) return 400;        // paused: still notice other clients
    if (state.speed <= 0) return 16;
    return Math.min(250, Math.max(16, 500 / state.speed));
  }

  async function pollFrame() {
    if (frameBusy) return;
    frameBusy = true;
    let delay;
    try {
      const res = await api(`/api/frame?have=${state.haveTick}`);
      if (res.status === 204) {
        delay = idleDelay();
      } else if (res.ok) {
        acceptFrame(parseFrame(await res.arrayBuffer()));
        delay = state.running ? 0 : 100;
      } else {
        setStatus(`frame: ${await errorFrom(res)}`, 'error');
        delay = 2000;
      }
    } catch (e) {
      if (!(e instanceof NetError)) setStatus(`frame: ${e.message}`, 'error');
      delay = e instanceof NetError ? backoffMs() : 1000;
    } finally {
      frameBusy = false;
    }
    scheduleFrame(delay);
  }

  // ----------------------------------------------------------------- series
  let seriesBusy = false, seriesAgain = false;

  function clearSeries() {
    state.epoch++;
    state.ticks.clear();
    for (const col of state.cols.values()) col.clear();
    state.events = [];
    renderEvents();
    scheduleCharts();
  }

  function ingestSeries(data) {
    let last = state.ticks.n ? state.ticks.last() : -1;
    // The model went back in time: reset by another client, or a restarted
    // server. Drop everything and fetch again from tick 0.
    if (typeof data.tick === 'number' && data.tick < last) {
      clearSeries();
      seriesAgain = true;
      return;
    }
    const ticks = Array.isArray(data.ticks) ? data.ticks : [], columns = data.columns || {};
    let dirty = false;
    for (let i = 0; i < ticks.length; i++) {
      const t = Number(ticks[i]);
      if (!(t > last)) continue;   // overlap with rows we already have
      state.ticks.push(t);
      for (const [name, col] of state.cols) {
        const v = columns[name] ? columns[name][i] : null;
        col.push(v === null || v === undefined ? NaN : Number(v));
      }
      last = t;
      dirty = true;
    }
    if (Array.isArray(data.events) && JSON.stringify(data.events) !== JSON.stringify(state.events)) {
      state.events = data.events;
      renderEvents();
      dirty = true;
    }
    if (dirty) scheduleCharts();
  }

  // Coalesces calls: one request at a time, and a call made meanwhile causes
  // one more round after it, so nothing asked for is lost.
  async function pollSeries() {
    if (seriesBusy) { seriesAgain = true; return; }
    seriesBusy = true;
    try {
      do {
        seriesAgain = false;
        const epoch = state.epoch;
        const from = state.ticks.n ? state.ticks.last() + 1 : 0;
        const data = await apiJSON(`/api/series?from=${from}`);
        if (epoch === state.epoch) ingestSeries(data);
        else seriesAgain = true;   // cleared meanwhile: ask again from 0
      } while (seriesAgain);
    } catch (e) {
      if (!(e instanceof NetError)) setStatus(`series: ${errorText(e)}`, 'error');
    } finally {
      seriesBusy = false;
    }
  }

  async function seriesLoop() {
    if (!conn.down) await pollSeries();
    setTimeout(seriesLoop, state.running ? 250 : 2000);
  }

  function renderEvents() {
    const ol = $('events');
    ol.textContent = '';
    for (const e of state.events) ol.append(el('li', {}, `tick ${e.tick}: ${e.text}`));
  }

  // ----------------------------------------------------------------- charts
  const PAD = { l: 42, r: 8, t: 10, b: 14 };
  let chartsScheduled = false;

  function buildCharts(names) {
    const box = $('charts');
    box.textContent = '';
    state.cols = new Map(); charts = [];
    for (const name of names) {
      const col = new Column();
      state.cols.set(name, col);
      const value = el('span', { className: 'value' }, '–');
      const canvas = el('canvas', {
        className: 'chart', dataset: { series: name }, role: 'img', 'aria-label': `${name} over time`,
      });
      box.append(el('figure', { className: 'chart-box' },
        el('figcaption', {}, el('span', {}, name), value), canvas));
      const chart = { name, col, canvas, valueEl: value, colour: SERIES_COLOURS[name] || DEFAULT_SERIES_COLOUR, geom: null };
      canvas.addEventListener('mousemove', (ev) => showChartTip(chart, ev));
      canvas.addEventListener('mouseleave', hideTip);
      charts.push(chart);
    }
    scheduleCharts();
  }

  function scheduleCharts() {
    if (chartsScheduled) return;
    chartsScheduled = true;
    const run = () => { chartsScheduled = false; for (const c of charts) drawChart(c); };
    if (document.hidden) setTimeout(run, 0);
    else requestAnimationFrame(run);
  }

  function xDomain() {
    const T = state.ticks, t0 = T.n ? T.a[0] : 0;
    return [t0, Math.max(T.n ? T.a[T.n - 1] : 0, t0 + 10)];
  }

  function drawChart(c) {
    const cv = c.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = cv.clientWidth, h = cv.clientHeight;
    if (!w || !h) return;
    if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
      cv.width = Math.round(w * dpr);
      cv.height = Math.round(h * dpr);
    }
    const ctx = cv.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);

    const T = state.ticks, Y = c.col, n = Math.min(T.n, Y.n);
    const pw = Math.max(1, w - PAD.l - PAD.r), ph = Math.max(1, h - PAD.t - PAD.b);
    const [t0, t1] = xDomain();
    // y from min(0, data) so counts keep their zero; signed series still fit.
    const lo = Number.isFinite(Y.min) ? Math.min(0, Y.min) : 0;
    let hi = Number.isFinite(Y.max) ? Y.max : 1;
    if (hi <= lo) hi = lo + 1;
    const xOf = (t) => PAD.l + ((t - t0) / (t1 - t0)) * pw;
    const yOf = (v) => PAD.t + (1 - (v - lo) / (hi - lo)) * ph;
    c.geom = { t0, t1, pw, xOf };
    c.valueEl.textContent = fmt(Y.last());

    // frame and axis labels
    ctx.strokeStyle = '#d0d0cc';
    ctx.lineWidth = 1;
    ctx.strokeRect(PAD.l + 0.5, PAD.t + 0.5, pw - 1, ph - 1);
    ctx.fillStyle = '#666';
    ctx.font = '10px system-ui, sans-serif';
    const text = (str, x, y, align, baseline) => {
      ctx.textAlign = align;
      ctx.textBaseline = baseline;
      ctx.fillText(str, x, y);
    };
    text(fmt(hi), PAD.l - 4, PAD.t, 'right', 'top');
    text(fmt(lo), PAD.l - 4, PAD.t + ph, 'right', 'bottom');
    text(String(t0), PAD.l, PAD.t + ph + 1, 'left', 'top');
    text(String(t1), PAD.l + pw, PAD.t + ph + 1, 'right', 'top');

    // events: dashed verticals, numbered like the list under the charts
    ctx.save();
    ctx.setLineDash([3, 3]);
    ctx.strokeStyle = EVENT_COLOUR;
    ctx.fillStyle = EVENT_COLOUR;
    const atX = new Map();   // events on the same pixel share one line and label
    state.events.forEach((e, i) => {
      if (!(e.tick >= t0 && e.tick <= t1)) return;
      const x = Math.round(xOf(e.tick)) + 0.5;
      atX.set(x, [...(atX.get(x) || []), i + 1]);
    });
    for (const [x, nums] of atX) {
      ctx.beginPath();
      ctx.moveTo(x, PAD.t);
      ctx.lineTo(x, PAD.t + ph);
      ctx.stroke();
      text(nums.join(','), x, PAD.t, x > PAD.l + pw - 12 ? 'right' : 'center', 'bottom');
    }
    ctx.restore();

    // The line, decimated to one pixel column at a time: each column draws
    // the min and the max of the points falling in it (in their order), so
    // spikes survive while long runs cost O(width) path segments.
    ctx.strokeStyle = c.colour;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    const a = Y.a, ta = T.a, span = t1 - t0;
    let col = -1, mn = 0, mx = 0, iMn = 0, iMx = 0, pen = false, lastX = 0;
    const flush = () => {
      if (col < 0) return;
      const x = PAD.l + col;
      const [first, second] = iMn <= iMx ? [mn, mx] : [mx, mn];
      if (pen) ctx.lineTo(x, yOf(first)); else ctx.moveTo(x, yOf(first));
      pen = true;
      if (second !== first) ctx.lineTo(x, yOf(second));
      lastX = x;
    };
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) { flush(); col = -1; pen = false; continue; }
      const px = Math.floor(((ta[i] - t0) / span) * pw);
      if (px !== col) { flush(); col = px; mn = mx = v; iMn = iMx = i; continue; }
      if (v < mn) { mn = v; iMn = i; }
      if (v > mx) { mx = v; iMx = i; }
    }
    flush();
    ctx.stroke();
    if (n && Number.isFinite(a[n - 1])) {
      ctx.fillStyle = c.colour;
      ctx.beginPath();
      ctx.arc(lastX, yOf(a[n - 1]), 2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  // first index with ticks[i] >= t (clamped to the last row)
  function indexOfTick(t) {
    const T = state.ticks;
    let lo = 0, hi = T.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (T.a[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function showChartTip(c, ev) {
    const g = c.geom;
    const tip = $('tooltip');
    if (!g) return;
    const rect = c.canvas.getBoundingClientRect();
    const x = ev.clientX - rect.left;
    if (x < PAD.l || x > PAD.l + g.pw) { hideTip(); return; }
    const lines = [];
    if (state.ticks.n) {
      const i = indexOfTick(g.t0 + ((x - PAD.l) / g.pw) * (g.t1 - g.t0));
      lines.push(`tick ${state.ticks.a[i]}: ${c.name} = ${fmt(c.col.a[i])}`);
    }
    state.events.forEach((e, k) => {
      if (Math.abs(g.xOf(e.tick) - x) <= 4) lines.push(`[${k + 1}] tick ${e.tick}: ${e.text}`);
    });
    if (!lines.length) { hideTip(); return; }
    tip.textContent = lines.join('\n');
    tip.hidden = false;
    tip.style.left = `${Math.min(ev.clientX + 12, window.innerWidth - tip.offsetWidth - 4)}px`;
    tip.style.top = `${ev.clientY + 14}px`;
  }
  function hideTip() { $('tooltip').hidden = true; }

  // ------------------------------------------------- parameters, mechanisms
  function formatParam(p, value) {
    const v = Number(value);
    return Number.isFinite(v) && p.step !== undefined ? v.toFixed(decimalsOf(p.step)) : String(value);
  }

  function buildParameters(params) {
    const box = $('parameters');
    box.textContent = '';
    paramInputs.clear();
    if (!params.length) box.innerHTML = '<p class="muted">none</p>';
    for (const p of params) {
      const id = `param-${slug(p.key)}`;
      const input = el('input', {
        type: 'range', id, dataset: { key: p.key },
        min: String(p.min ?? 0), max: String(p.max ?? 1), step: String(p.step ?? 'any'),
      });
      input.value = String(p.value);
      input.dataset.prev = input.value;  // the value the server last accepted
      const out = el('output', { htmlFor: id }, formatParam(p, input.value));
      input.addEventListener('input', () => { out.textContent = formatParam(p, input.value); });
      // sent on release only, not on every input event
      input.addEventListener('change', () => sendParameter(p, input, out));
      box.append(el('div', { className: 'param' },
        el('label', { htmlFor: id, title: p.key }, p.label || p.key), input, out));
      paramInputs.set(p.key, { input, out, p });
    }
  }

  function syncParameters(params) {
    for (const p of params) {
      const entry = paramInputs.get(p.key);
      if (!entry) continue;
      const { input, out } = entry;
      // Skip sliders that are being dragged (value differs from the accepted
      // one) or whose change is still in flight.
      if (input.dataset.pending !== undefined || input.value !== input.dataset.prev) continue;
      input.value = String(p.value);
      input.dataset.prev = input.value;
      out.textContent = formatParam(p, input.value);
    }
  }

  // Shared by sliders and checkboxes: mark the input pending (info sync
  // leaves it alone), send, report the server's event; on any error call
  // revert() and show the message. Resolves to true on success.
  async function sendChange(input, url, body, name, okText, revert) {
    input.dataset.pending = '';
    try {
      const reply = await apiJSON(url, body);
      const ev = reply && reply.event;
      setStatus(ev && ev.text ? `tick ${ev.tick}: ${ev.text}` : okText, 'ok');
      pollSeries();  // fetch the new event for the charts
      return true;
    } catch (e) {
      revert();
      setStatus(`${name}: ${errorText(e)}`, 'error');
      return false;
    } finally {
      delete input.dataset.pending;
    }
  }

  async function sendParameter(p, input, out) {
    const prev = input.dataset.prev, value = input.value, name = p.label || p.key;
    const ok = await sendChange(input, '/api/parameter', { key: p.key, value }, name, `${name} = ${value}`, () => {
      input.value = prev;
      out.textContent = formatParam(p, prev);
    });
    if (ok) input.dataset.prev = value;
  }

  function buildMechanisms(mechs) {
    const box = $('mechanisms');
    box.textContent = '';
    mechInputs.clear();
    if (!mechs.length) box.innerHTML = '<p class="muted">none</p>';
    for (const m of mechs) {
      const cb = el('input', { type: 'checkbox', id: `mech-${slug(m.name)}`, dataset: { name: m.name } });
      cb.checked = !!m.on;
      cb.addEventListener('change', () => sendMechanism(m.name, cb));
      box.append(el('label', { className: 'mech' }, cb, String(m.name)));
      mechInputs.set(m.name, cb);
    }
  }

  function syncMechanisms(mechs) {
    for (const m of mechs) {
      const cb = mechInputs.get(m.name);
      if (cb && cb.dataset.pending === undefined) cb.checked = !!m.on;
    }
  }

  function sendMechanism(name, cb) {
    const on = cb.checked;
    return sendChange(cb, '/api/mechanism', { name, on }, name, `${name} ${on ? 'on' : 'off'}`, () => { cb.checked = !on; });
  }

  // --------------------------------------------------------------- controls
  const updateTick = () => { $('tick').textContent = String(state.modelTick); };

  function updateControls() {
    updateTick();
    $('steps').textContent = state.steps > 0 ? String(state.steps) : '∞';
    for (const [id, on] of [['start', state.running], ['pause', !state.running]]) {
      $(id).classList.toggle('active', on);
      $(id).setAttribute('aria-pressed', String(on));
    }
    const st = $('state');
    st.textContent = state.running ? 'running' : 'paused';
    st.classList.toggle('running', state.running);
    const sel = $('speed');
    const want = String(state.speed);
    if (document.activeElement !== sel && sel.value !== want) {
      if (![...sel.options].some((o) => o.value === want)) sel.add(new Option(`${want} ticks/s`, want));
      sel.value = want;
    }
  }

  async function control(action, extra = {}) {
    const body = { action, ...extra };
    if (action === 'start' && body.speed === undefined) body.speed = Number($('speed').value);
    try {
      const r = await apiJSON('/api/control', body);
      state.ctlSeq++;
      if (action === 'reset') {
        clearSeries();
        state.haveTick = -1;   // force a fresh frame even if the tick matches
      }
      if (typeof r.running === 'boolean') state.running = r.running;
      if (typeof r.speed === 'number') state.speed = r.speed;
      if (typeof r.tick === 'number') state.modelTick = r.tick;
      updateControls();
      const speedText = state.speed > 0 ? `${state.speed} ticks/s` : 'max speed';
      const done = { step: 'stepped to', pause: 'paused at' }[action];
      let msg = action === 'reset' ? 'reset to tick 0' : `${done} tick ${state.modelTick}`;
      if (action === 'start') msg = `running at ${speedText}`;
      else if (extra.speed !== undefined) msg = `speed: ${speedText}`;
      setStatus(msg, 'ok');
      pollSeries();
      kickFrame();
    } catch (e) {
      setStatus(`${action} failed: ${errorText(e)}`, 'error');
    }
  }

  function wireControls() {
    $('start').addEventListener('click', () => control('start'));
    $('pause').addEventListener('click', () => control('pause'));
    $('step').addEventListener('click', () => control('step', { ticks: 1 }));
    $('reset').addEventListener('click', () => control('reset'));
    // Changing speed keeps the current run state: "start" while running,
    // "pause" (a no-op besides the speed) while paused.
    $('speed').addEventListener('change', () => {
      const speed = Number($('speed').value);
      control(state.running ? 'start' : 'pause', { speed });
    });
    $('overlay-cameras').addEventListener('change', () => state.lastFrame && paintFrame(state.lastFrame));
    new ResizeObserver(scheduleCharts).observe($('charts'));
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) { scheduleCharts(); kickFrame(); }
    });
  }

  // ------------------------------------------------------------------- init
  async function init() {
    document.body.dataset.frames = '0';
    buildPalette(null);
    wireControls();
    for (;;) {
      try {
        applyInfo(await apiJSON('/api/info'), state.ctlSeq);
        break;
      } catch (e) {
        if (!(e instanceof NetError)) setStatus(`cannot load /api/info: ${e.message}`, 'error');
        await sleep(Math.max(1000, backoffMs()));
      }
    }
    if (!conn.down) setStatus('connected', 'ok');
    pollFrame();
    seriesLoop();
    setTimeout(infoLoop, 2000);
  }

  init();
})();
