// Panopticon world viewer: polls the world server (same origin) for the
// yearly rows of every country and all adoptions so far, draws each country
// as a small multiple on its own canvas, and drives the world through the
// control endpoint. Plain ES2020, no dependencies.
'use strict';

(() => {
  const { $, sleep, el, setStatus, NetError, errorText } = window.PanopticonPage;

  // ---------------------------------------------------------------- colours
  // By package name first, so a server that reorders packages keeps colours.
  const PACKAGE_COLOURS = {
    cameras: '#1f77b4', telecom: '#ff7f0e', id_card: '#2ca02c', policing: '#9467bd',
    social_credit: '#d62728', platform: '#8c564b', training: '#e377c2',
  };
  const SPARE_COLOURS = ['#17becf', '#bcbd22', '#7f7f7f', '#393b79', '#637939', '#843c39'];
  const LINE = '#1f6fb4', ANY = '#222222', BURN_IN = '#e6e5df', FRAME = '#d0d0cc', TEXT = '#666';

  // ------------------------------------------------------------ small utils
  const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });
  function fmt(v) {
    if (!Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    if (a >= 1e4) return compact.format(v);
    if (a > 0 && a < 1e-3) return v.toExponential(1);
    if (Number.isInteger(v)) return String(v);
    return a >= 100 ? v.toFixed(1) : String(Number(v.toPrecision(3)));
  }

  const setText = (node, s) => { if (node.textContent !== s) node.textContent = s; };


  function chip(k, label, title) {
    const hex = state.colours[k], v = parseInt(hex.slice(1), 16);
    const light = 0.299 * (v >> 16) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255) > 150;
    const node = el('span', { className: light ? 'chip light' : 'chip', title, dataset: { package: state.packages[k] } },
      label);
    node.style.background = hex;
    return node;
  }

  // ------------------------------------------------------------------ state
  const state = {
    running: false, speed: 2, done: false, nextYear: null,
    first: 0, start: 0, last: 0, nY: 1,       // years; nY = last - first + 1
    countries: [], packages: [], metrics: [], colours: [], short: [],
    rows: 0,                                  // rows received: the next ?from=
    values: [],                               // per metric: Float64Array(country * nY + year), NaN: no row
    ranges: [],                               // per metric: {lo, hi} per country
    held: new Uint32Array(0),                 // per (country, year): bitmask of the packages held
    latest: new Int32Array(0),                // per country: its last year index with a row, -1: none
    adoptions: [], byCountry: [],             // the server's list, and per country
    epoch: 0,                                 // bumped when data are cleared; stale replies are dropped
    ctlSeq: 0,                                // bumped per control reply; older info replies don't override it
  };
  let figs = [];                              // by country index: its figure's parts
  let signature = '', summaryDirty = true, lastShared = '', summaryGeom = null, io = null;
  const dirty = new Set(), visible = new Set();
  const nC = () => state.countries.length;
  const metric = () => Math.max(0, state.metrics.findIndex((m) => m.name === $('metric').value));

  // ------------------------------------------------------------- networking
  // The years loop doubles as the reconnection probe (common.js).
  const conn = window.PanopticonPage.connection(() => { syncInfo(); pollYears(); });
  const { api, apiJSON, backoffMs } = conn;

  // ------------------------------------------------------------------- info
  const RUN_STATE = [['running', 'boolean'], ['speed', 'number'], ['done', 'boolean']];
  const applyRunState = (r) => RUN_STATE.forEach(([key, type]) => { if (typeof r[key] === type) state[key] = r[key]; });

  function applyInfo(info, fromControlSeq) {
    if (info.kind !== undefined && info.kind !== 'world') {
      setStatus(`the server runs a ${info.kind}, not a world`, 'error');
    }
    // A control reply that arrived while this request was out is newer.
    if (fromControlSeq === state.ctlSeq) applyRunState(info);
    $('world-name').textContent = info.name ? `— ${info.name}` : '';
    const countries = Array.isArray(info.countries) ? info.countries : [];
    // Rebuild only when the world's definition changed (a restarted server).
    const sig = JSON.stringify([info.first_year, info.start_year, info.last_year, info.packages, info.metrics,
      countries.map((c) => [c.index, c.name, c.region, !!c.exporter])]);
    if (sig !== signature) { signature = sig; build(info, countries); }
    // The page shows the year of the rows it holds; a newer one means fetch.
    if (typeof info.next_year === 'number') {
      if (state.nextYear === null) showYear(info.next_year);
      else if (info.next_year !== state.nextYear) pollYears();
    }
    updateControls();
  }

  async function syncInfo() {
    const seq = state.ctlSeq;
    await apiJSON('/api/world/info').then((info) => applyInfo(info, seq), (e) => {
      if (!(e instanceof NetError)) setStatus(`info: ${errorText(e)}`, 'error');
    });
  }
  async function infoLoop() {
    if (!conn.down) await syncInfo();
    setTimeout(infoLoop, 2000);
  }

  // ------------------------------------------------------------ build page
  function build(info, countries) {
    state.first = Number(info.first_year) || 0;
    state.last = Math.max(state.first, Number(info.last_year) || state.first);
    state.start = Number.isFinite(info.start_year) ? info.start_year : state.first;
    state.nY = state.last - state.first + 1;
    state.countries = countries.map((c, i) => ({ ...c, index: Number.isInteger(c.index) ? c.index : i }))
      .sort((a, b) => a.index - b.index);
    state.packages = (Array.isArray(info.packages) ? info.packages : []).slice(0, 32).map(String);
    state.metrics = (Array.isArray(info.metrics) ? info.metrics : []).map((m) => (
      typeof m === 'string' ? { name: m, label: m } : { name: String(m.name), label: String(m.label || m.name) }));
    let spare = 0;
    state.colours = state.packages.map((p) => PACKAGE_COLOURS[p] || SPARE_COLOURS[spare++ % SPARE_COLOURS.length]);
    // Chip labels: initials of multi-word names, else a prefix, kept unique.
    const used = new Set();
    state.short = state.packages.map((p) => {
      const parts = p.split(/[_\s-]+/).filter(Boolean);
      let s = parts.length > 1 ? parts.map((w) => w[0]).join('') : p.slice(0, 3);
      for (let n = 4; used.has(s) && n <= p.length; n++) s = p.slice(0, n);
      used.add(s);
      return s;
    });
    $('year-range').textContent = `(${state.first}–${state.last}, exports from ${state.start})`;

    const sel = $('metric'), keep = sel.value;
    sel.replaceChildren(...state.metrics.map((m) => new Option(m.label, m.name)));
    if (state.metrics.some((m) => m.name === keep)) sel.value = keep;

    const item = (colour, name, cls = 'swatch') => {
      const s = el('span', { className: cls });
      s.style.background = colour;
      return el('li', {}, s, name);
    };
    $('package-legend').replaceChildren(...state.packages.map((p, k) => item(state.colours[k], p)),
      item(ANY, 'any package'), item('', 'burn-in', 'swatch burn-in-swatch'));
    buildCountries();
    clearData();
  }

  function buildCountries() {
    const box = $('countries');
    box.textContent = '';
    figs = [];
    visible.clear();
    if (io) io.disconnect();
    // Canvases are drawn only near the viewport; the others stay dirty until seen.
    io = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => entries.forEach((e) => {
      const i = Number(e.target.dataset.index);
      if (!e.isIntersecting) visible.delete(i);
      else { visible.add(i); if (dirty.has(i)) scheduleDraw(); }
    }), { rootMargin: '300px' }) : null;

    // The exporter first, then the regions by name, countries by name within.
    const groups = new Map();
    const exporters = state.countries.filter((c) => c.exporter);
    if (exporters.length) groups.set('exporter', exporters);
    const cmp = (a, b, key) => String(a[key]).localeCompare(String(b[key]));
    for (const c of state.countries.filter((x) => !x.exporter).sort((a, b) => cmp(a, b, 'region') || cmp(a, b, 'name'))) {
      const r = c.region || 'no region';
      groups.set(r, [...(groups.get(r) || []), c]);
    }
    for (const [region, list] of groups) {
      const grid = el('div', { className: 'country-grid' });
      const group = el('div', { className: 'region-group', dataset: { region } },
        el('h3', {}, `${region} (${list.length})`), grid);
      group.style.setProperty('--n', String(list.length));   // small regions share a line
      box.append(group);
      for (const c of list) grid.append(makeFigure(c));
    }
    $('country-count').textContent = `(${nC()})`;
  }

  function makeFigure(c) {
    const f = {
      c, chipMask: -1, geom: null,
      valueEl: el('span', { className: 'value' }, '–'),
      metaEl: el('div', { className: 'meta' }),
      canvas: el('canvas', { className: 'country-chart', role: 'img', 'aria-label': `${c.name} by year` }),
      chipsEl: el('div', { className: 'chips', 'aria-label': 'packages held now' }),
    };
    const cap = el('figcaption', {}, el('span', { className: 'cname', title: String(c.name) }, String(c.name)));
    if (c.exporter) cap.append(el('span', { className: 'badge', title: 'the exporter' }, 'exporter'));
    cap.append(f.valueEl);
    const fig = el('figure', { className: c.exporter ? 'country exporter' : 'country', 
      dataset: { index: String(c.index) } },
      cap, f.metaEl, f.canvas, f.chipsEl);
    if (Number.isFinite(c.population)) fig.title = `${c.name}: population ${fmt(c.population)}`;
    f.canvas.addEventListener('mousemove', (ev) => countryTip(f, ev));
    f.canvas.addEventListener('mouseleave', hideTip);
    figs[c.index] = f;
    if (io) io.observe(fig); else visible.add(c.index);
    return fig;
  }

  // ------------------------------------------------------------------ years
  function clearData() {
    state.epoch++;
    state.rows = 0;
    const n = nC() * state.nY;
    state.values = state.metrics.map(() => new Float64Array(n).fill(NaN));
    const filled = (v) => new Float64Array(nC()).fill(v);
    state.ranges = state.metrics.map(() => ({ lo: filled(Infinity), hi: filled(-Infinity) }));
    state.held = new Uint32Array(n);
    state.latest = new Int32Array(nC()).fill(-1);
    state.adoptions = [];
    state.byCountry = state.countries.map(() => []);
    Object.assign(document.body.dataset, { rows: '0', adoptions: '0' });
    markAll();
  }

  function markAll() {
    for (let i = 0; i < nC(); i++) dirty.add(i);
    summaryDirty = true;
    scheduleDraw();
  }

  const adoptionKey = (a) => `${a.year}|${a.country}|${a.package}`;

  // Returns false when the server's world is not the one we hold (reset by
  // another client, or a restarted server), 'more' when rows remain to fetch.
  function ingestYears(d) {
    const rows = Array.isArray(d.rows) ? d.rows : [], list = Array.isArray(d.adoptions) ? d.adoptions : [];
    const maxYear = state.first + Math.max(-1, ...state.latest);
    if ((typeof d.rows_total === 'number' && d.rows_total < state.rows) || list.length < state.adoptions.length ||
        (state.rows && typeof d.next_year === 'number' && d.next_year <= maxYear)) return false;
    // Adoptions are never withdrawn: one we hold that the server lacks means
    // another world (compared as a set: the server's order does not matter).
    if (list.length !== state.adoptions.length) {
      const keys = new Set(list.map(adoptionKey));
      if (!state.adoptions.every((a) => keys.has(adoptionKey(a)))) return false;
    }
    const from = Number.isInteger(d.from) ? d.from : state.rows;
    const pIndex = new Map(state.packages.map((p, k) => [p, k]));
    const nY = state.nY;
    // Skip rows we have (from < ours); never leave a gap (from > ours).
    for (let i = Math.max(0, state.rows - from); i < rows.length && from + i <= state.rows; i++) {
      const r = rows[i], ci = Number(r.country), yi = Number(r.year) - state.first;
      state.rows = from + i + 1;
      if (!(ci >= 0 && ci < nC() && yi >= 0 && yi < nY)) continue;
      const at = ci * nY + yi;
      state.metrics.forEach((m, k) => {
        const x = r[m.name] === null || r[m.name] === '' ? NaN : Number(r[m.name]), rg = state.ranges[k];
        if (!Number.isFinite(x)) return;
        state.values[k][at] = x;
        rg.lo[ci] = Math.min(rg.lo[ci], x);
        rg.hi[ci] = Math.max(rg.hi[ci], x);
      });
      const names = Array.isArray(r.packages) ? r.packages : [];
      state.held[at] = names.reduce((m, name) => (pIndex.has(name) ? m | (1 << pIndex.get(name)) : m), 0) >>> 0;
      if (yi > state.latest[ci]) state.latest[ci] = yi;
      dirty.add(ci);
      summaryDirty = true;
    }
    if (list.length !== state.adoptions.length) {
      const by = state.countries.map(() => []);
      for (const a of list) if (by[Number(a.country)]) by[Number(a.country)].push(a);
      by.forEach((l, ci) => { if (l.length !== state.byCountry[ci].length) dirty.add(ci); });
      state.byCountry = by;
      state.adoptions = list;
    }
    Object.assign(document.body.dataset, { rows: String(state.rows), adoptions: String(list.length) });
    applyRunState(d);
    if (typeof d.next_year === 'number') showYear(d.next_year);
    updateControls();
    if (dirty.size || summaryDirty) scheduleDraw();
    return typeof d.rows_total === 'number' && state.rows < d.rows_total && rows.length ? 'more' : true;
  }

  // Coalesces calls: one request at a time, and a call made meanwhile causes
  // one more round after it, so nothing asked for is lost.
  let yearsBusy = false, yearsAgain = false;
  async function pollYears() {
    if (yearsBusy) { yearsAgain = true; return; }
    yearsBusy = true;
    try {
      do {
        yearsAgain = false;
        const epoch = state.epoch;
        const data = await apiJSON(`/api/world/years?from=${state.rows}`);
        if (epoch !== state.epoch) { yearsAgain = true; continue; }   // cleared meanwhile: ask again
        const ok = ingestYears(data);
        if (ok === false) clearData();
        if (ok !== true) yearsAgain = true;
      } while (yearsAgain);
    } catch (e) {
      if (!(e instanceof NetError)) setStatus(`years: ${errorText(e)}`, 'error');
    } finally {
      yearsBusy = false;
    }
  }

  async function yearsLoop() {
    await pollYears();
    setTimeout(yearsLoop, conn.down ? backoffMs() : state.running ? 500 : 2000);
  }

  // ---------------------------------------------------------------- drawing
  const CP = { l: 32, r: 4, t: 4, plot: 54, gap: 3, strip: 12 };
  let drawScheduled = false;

  // At most one redraw per display frame (hidden tabs get no frames: a timer).
  function scheduleDraw() {
    if (drawScheduled) return;
    drawScheduled = true;
    const run = () => { drawScheduled = false; drawDirty(); };
    if (document.hidden) setTimeout(run, 0); else requestAnimationFrame(run);
  }

  function drawDirty() {
    const k = metric(), shared = $('shared-scale').checked, rg = state.ranges[k];
    let lo = Infinity, hi = -Infinity;
    if (rg) for (let i = 0; i < nC(); i++) { lo = Math.min(lo, rg.lo[i]); hi = Math.max(hi, rg.hi[i]); }
    // The shared scale moved: every chart is redrawn.
    const sig = shared ? `${k}:${lo}:${hi}` : '';
    if (sig !== lastShared) { lastShared = sig; for (let i = 0; i < nC(); i++) dirty.add(i); }
    // Canvases near the viewport are drawn, the others stay dirty until seen;
    // all sizes are read before any write, so that layout runs once.
    const todo = [...dirty].filter((i) => figs[i] && visible.has(i)).map((i) => [figs[i], sizeOf(figs[i].canvas)]);
    const sumSize = summaryDirty ? sizeOf($('adoption-chart')) : null;
    for (const i of dirty) if (figs[i]) updateText(figs[i], k); else dirty.delete(i);
    if (summaryDirty) { summaryDirty = false; drawSummary(sumSize); }
    // About 12 ms of drawing per frame; what is left goes on in the next one.
    const t0 = performance.now();
    for (const [f, size] of todo) {
      if (performance.now() - t0 > 12) { scheduleDraw(); break; }
      dirty.delete(f.c.index);
      drawCountry(f, k, shared ? [lo, hi] : null, size);
    }
  }

  const sizeOf = (cv) => [cv.clientWidth, cv.clientHeight];
  // Size a canvas to its CSS box at the device's pixel ratio; null if not laid out.
  function prepare(cv, [w, h]) {
    const dpr = window.devicePixelRatio || 1;
    if (!w || !h) return null;
    const W = Math.round(w * dpr), H = Math.round(h * dpr);
    if (cv.width !== W || cv.height !== H) Object.assign(cv, { width: W, height: H });
    const ctx = cv.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '9px system-ui, sans-serif';
    return { ctx, w, h };
  }
  const text = (ctx, s, x, y, textAlign, textBaseline) =>
    Object.assign(ctx, { textAlign, textBaseline }).fillText(s, x, y);

  // Years as bands: year index yi spans [l + yi*bw, l + (yi+1)*bw), its point at the centre.
  // Draws the burn-in shade from top to bottom, the year labels, the frame and the y labels.
  function axes(ctx, w, top, bottom, lo, hi, shadeTo = bottom) {
    const pw = Math.max(1, w - CP.l - CP.r), bw = pw / state.nY;
    const burn = Math.max(0, Math.min(state.nY, state.start - state.first)) * bw;
    ctx.fillStyle = BURN_IN;
    if (burn > 0) ctx.fillRect(CP.l, top, burn, shadeTo - top);
    ctx.strokeStyle = FRAME;
    ctx.lineWidth = 1;
    ctx.strokeRect(CP.l + 0.5, top + 0.5, pw - 1, bottom - top - 1);
    ctx.fillStyle = TEXT;
    text(ctx, fmt(hi), CP.l - 3, top, 'right', 'top');
    text(ctx, fmt(lo), CP.l - 3, bottom, 'right', 'bottom');
    text(ctx, String(state.first), CP.l, shadeTo + 1, 'left', 'top');
    text(ctx, String(state.last), CP.l + pw, shadeTo + 1, 'right', 'top');
    if (burn > 40 && pw - burn > 40) text(ctx, String(state.start), CP.l + burn, shadeTo + 1, 'center', 'top');
    const xOf = (yi) => CP.l + (yi + 0.5) * bw, yOf = (v) => top + (1 - (v - lo) / (hi - lo)) * (bottom - top);
    return { pw, bw, xOf, yOf };
  }

  // A line through the years where value(yi) is finite, and a dot at year `dot`.
  function line(ctx, ax, value, colour, width, dot) {
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = width;
    ctx.beginPath();
    let pen = false;
    for (let yi = 0; yi < state.nY; yi++) {
      const v = value(yi);
      if (!Number.isFinite(v)) { pen = false; continue; }
      if (pen) ctx.lineTo(ax.xOf(yi), ax.yOf(v)); else ctx.moveTo(ax.xOf(yi), ax.yOf(v));
      pen = true;
    }
    ctx.stroke();
    if (dot < 0 || !Number.isFinite(value(dot))) return;
    ctx.beginPath();
    ctx.arc(ax.xOf(dot), ax.yOf(value(dot)), width + 0.75, 0, 2 * Math.PI);
    ctx.fill();
  }

  function updateText(f, k) {
    const ci = f.c.index, base = ci * state.nY, last = state.latest[ci], vals = state.values[k];
    setText(f.valueEl, fmt(last >= 0 && vals ? vals[base + last] : NaN));
    f.valueEl.title = state.metrics[k] ? `${state.metrics[k].label}, ${last >= 0 ? state.first + last : '–'}` : '';
    const oi = state.metrics.findIndex((m) => m.name === 'openness');
    const now = oi >= 0 && last >= 0 ? state.values[oi][base + last] : NaN;
    const open = fmt(Number.isFinite(now) ? now : Number(f.c.openness));
    setText(f.metaEl, `${f.c.region || 'no region'} · openness ${open}`);
    const mask = last >= 0 ? state.held[base + last] : 0;
    if (mask === f.chipMask) return;
    f.chipMask = mask;
    f.chipsEl.textContent = '';
    state.packages.forEach((p, j) => { if (mask & (1 << j)) f.chipsEl.append(chip(j, state.short[j], p)); });
    if (!mask) f.chipsEl.append(el('span', { className: 'none' }, 'no packages'));
  }

  function drawCountry(f, k, shared, size) {
    const ci = f.c.index, base = ci * state.nY, vals = state.values[k], p = prepare(f.canvas, size);
    if (!p || !vals) return;
    const { ctx, w } = p, rg = state.ranges[k];
    const lo0 = shared ? shared[0] : rg.lo[ci], hi0 = shared ? shared[1] : rg.hi[ci];
    // y from min(0, data) so rates keep their zero; signed metrics still fit.
    const lo = Number.isFinite(lo0) ? Math.min(0, lo0) : 0;
    const hi = Number.isFinite(hi0) && hi0 > lo ? hi0 : lo + 1;
    const top = CP.t, bot = top + CP.plot, sTop = bot + CP.gap, sBot = sTop + CP.strip;
    const ax = axes(ctx, w, top, bot, lo, hi, sBot);
    f.geom = ax;
    ctx.fillStyle = FRAME;
    ctx.fillRect(CP.l, sTop, ax.pw, 1);
    line(ctx, ax, (yi) => vals[base + yi], LINE, 1.25, state.latest[ci]);

    // The adoption timeline: one mark per package at its year, stacked.
    const byYear = new Map();
    for (const a of state.byCountry[ci] || []) {
      const yi = Math.max(0, Math.min(state.nY - 1, Number(a.year) - state.first));
      byYear.set(yi, [...(byYear.get(yi) || []), a]);
    }
    const mw = Math.max(3, Math.min(7, ax.bw - 2));
    for (const [yi, list] of byYear) {
      const mh = Math.max(2, Math.floor((CP.strip - 1) / list.length));
      list.forEach((a, j) => {
        const pk = state.packages.indexOf(String(a.package));
        ctx.fillStyle = pk >= 0 ? state.colours[pk] : SPARE_COLOURS[2];
        ctx.fillRect(Math.round(ax.xOf(yi) - mw / 2), sTop + 1 + j * mh, mw, Math.max(1, mh - 1));
      });
    }
  }

  function drawSummary(size) {
    // Per year index: how many countries hold each package (k < nP), and any (nP).
    const nY = state.nY, nP = state.packages.length;
    const counts = Array.from({ length: nY }, () => new Int32Array(nP + 1)), hasYear = new Uint8Array(nY);
    for (let ci = 0; ci < nC(); ci++) {
      for (let yi = 0; yi <= state.latest[ci]; yi++) {
        const m = state.held[ci * nY + yi], row = counts[yi];
        hasYear[yi] = 1;
        if (!m) continue;
        row[nP]++;
        for (let k = 0; k < nP; k++) if (m & (1 << k)) row[k]++;
      }
    }
    const nowYi = hasYear.lastIndexOf(1), now = nowYi >= 0 ? counts[nowYi] : new Int32Array(nP + 1);
    const box = $('summary-counts');
    $('summary').dataset.holding = String(now[nP]);
    box.textContent = '';
    box.append(el('p', { className: 'lead' }, el('b', {}, String(now[nP])),
      ` of ${nC()} countries hold at least one package`,
      nowYi >= 0 ? ` in ${state.first + nowYi}` : ' (no year run yet)'),
    el('div', { className: 'counts' }, ...state.packages.map((p, k) => {
      const c = chip(k, `${p} ${now[k]}`, `${p}: held by ${now[k]} countries`);
      c.dataset.count = String(now[k]);
      return c;
    })));

    summaryGeom = null;
    const c = prepare($('adoption-chart'), size);
    if (!c) return;
    let hi = 1;
    counts.forEach((row, yi) => { if (hasYear[yi]) hi = Math.max(hi, row[nP]); });
    const ax = axes(c.ctx, c.w, 4, c.h - 13, 0, hi);
    summaryGeom = { ax, counts, hasYear };
    // "any package" first and thicker, the packages over it.
    for (const k of [nP, ...state.packages.keys()]) {
      const any = k === nP;
      line(c.ctx, ax, (yi) => (hasYear[yi] ? counts[yi][k] : NaN), any ? ANY : state.colours[k], any ? 2.5 : 1.25, nowYi);
    }
  }

  // --------------------------------------------------------------- tooltips
  function yearAt(ax, canvas, ev) {
    const yi = Math.floor((ev.clientX - canvas.getBoundingClientRect().left - CP.l) / ax.bw);
    return yi >= 0 && yi < state.nY ? yi : -1;
  }
  const yearText = (yi) => `${state.first + yi}${state.first + yi < state.start ? ' (burn-in)' : ''}`;

  function countryTip(f, ev) {
    const yi = f.geom ? yearAt(f.geom, f.canvas, ev) : -1;
    if (yi < 0) { hideTip(); return; }
    const k = metric(), m = state.metrics[k], lines = [`${f.c.name}, ${yearText(yi)}`];
    if (m) lines.push(`${m.label}: ${fmt(state.values[k][f.c.index * state.nY + yi])}`);
    for (const a of state.byCountry[f.c.index] || []) {
      if (Math.max(0, Math.min(state.nY - 1, Number(a.year) - state.first)) !== yi) continue;
      lines.push(`${a.year}: ${a.package} — terms ${a.terms ?? '–'}, ${a.how ?? '–'}`);
    }
    showTip(lines, ev);
  }

  function summaryTip(ev) {
    const g = summaryGeom, yi = g ? yearAt(g.ax, $('adoption-chart'), ev) : -1;
    if (yi < 0 || !g.hasYear[yi]) { hideTip(); return; }
    const row = g.counts[yi];
    showTip([`${yearText(yi)}: ${row[state.packages.length]} countries hold a package`,
      ...state.packages.map((p, k) => `${p}: ${row[k]}`)], ev);
  }

  function showTip(lines, ev) {
    const tip = Object.assign($('tooltip'), { textContent: lines.join('\n'), hidden: false });
    tip.style.left = `${Math.max(4, Math.min(ev.clientX + 12, window.innerWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 4)}px`;
  }
  const hideTip = () => { $('tooltip').hidden = true; };

  // --------------------------------------------------------------- controls
  function showYear(y) {
    state.nextYear = y;
    $('year').textContent = document.body.dataset.nextYear = String(y);
  }
  const speedText = (s) => (s > 0 ? `${s} year${s === 1 ? '' : 's'}/s` : 'max speed');

  function updateControls() {
    for (const [id, on] of [['start', state.running], ['pause', !state.running]]) {
      $(id).classList.toggle('active', on);
      $(id).setAttribute('aria-pressed', String(on));
    }
    const kind = state.done ? 'done' : state.running ? 'running' : 'paused';
    Object.assign($('state'), { textContent: kind, className: `state ${kind}` });
    const sel = $('speed'), want = String(state.speed);
    if (document.activeElement !== sel && sel.value !== want) {
      if (![...sel.options].some((o) => o.value === want)) sel.add(new Option(speedText(state.speed), want));
      sel.value = want;
    }
  }

  async function control(action, extra = {}) {
    const body = { action, ...extra };
    if (action === 'start' && body.speed === undefined) body.speed = Number($('speed').value);
    try {
      const r = await apiJSON('/api/control', body);
      state.ctlSeq++;
      if (action === 'reset') clearData();
      applyRunState(r);
      updateControls();
      const ny = typeof r.next_year === 'number' ? r.next_year : state.nextYear;
      let msg = {
        start: `running at ${speedText(state.speed)}`, pause: `paused; next year ${ny}`,
        step: `stepped; next year ${ny}`, reset: `reset to ${ny ?? state.first}`,
      }[action];
      if (extra.speed !== undefined && action !== 'start') msg = `speed: ${speedText(state.speed)}`;
      if (state.done && action !== 'reset') msg += ' (the world is done)';
      setStatus(msg, 'ok');
      pollYears();
    } catch (e) {
      setStatus(`${action} failed: ${errorText(e)}`, 'error');
    }
  }

  function wireControls() {
    for (const action of ['start', 'pause', 'step', 'reset']) {
      $(action).addEventListener('click', () => control(action));
    }
    // Changing speed keeps the run state: "start" while running, "pause" otherwise.
    $('speed').addEventListener('change', () => {
      control(state.running ? 'start' : 'pause', { speed: Number($('speed').value) });
    });
    $('metric').addEventListener('change', markAll);
    $('shared-scale').addEventListener('change', markAll);
    $('adoption-chart').addEventListener('mousemove', summaryTip);
    $('adoption-chart').addEventListener('mouseleave', hideTip);
    let width = -1;   // widths only: chips wrapping change heights, not the charts
    new ResizeObserver((es) => {
      const w = es[0].contentRect.width;
      if (w !== width) { width = w; markAll(); }
    }).observe($('countries'));
    document.addEventListener('visibilitychange', () => { if (!document.hidden) scheduleDraw(); });
  }

  // ------------------------------------------------------------------- init
  async function init() {
    Object.assign(document.body.dataset, { rows: '0', adoptions: '0' });
    wireControls();
    for (;;) {
      try {
        applyInfo(await apiJSON('/api/world/info'), state.ctlSeq);
        break;
      } catch (e) {
        if (!(e instanceof NetError)) setStatus(`cannot load /api/world/info: ${e.message}`, 'error');
        await sleep(Math.max(1000, backoffMs()));
      }
    }
    if (!conn.down && !$('status').classList.contains('error')) setStatus('connected', 'ok');
    yearsLoop();
    setTimeout(infoLoop, 2000);
  }

  init();
})();
