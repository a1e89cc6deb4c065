// brainsim classroom page: builds the controls from /api/config, starts runs
// with POST /api/runs, and draws the rows that /api/runs/{id}/events streams.
// Plain JavaScript, no build step; uPlot (global uPlot) draws the charts.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  // The charts: which columns each draws, in which colour.
  const CHARTS = [
    { id: "workforce", fmt: "count", series: [
      { col: "skilled_home", label: "at home", color: "#2b6cb0" },
      { col: "emigrants", label: "abroad", color: "#c53030" },
      { col: "returnees", label: "returned", color: "#2f855a" }] },
    { id: "training", fmt: "count", series: [
      { col: "enrolments", label: "new students", color: "#6b46c1" },
      { col: "graduates", label: "graduates", color: "#b7791f" }] },
    { id: "remittances", fmt: "usd", series: [
      { col: "remittances", label: "received", color: "#2c7a7b" }] },
    { id: "rate", fmt: "pct", series: [
      { col: "emigration_rate", label: "share abroad", color: "#c53030", scale: 100 }] },
  ];
  const HEIGHT = 230;
  // Yearly flows are sums over the trailing year: the first year's are
  // partial, so they are drawn from the end of the first year on.
  const FLOWS = new Set(["enrolments", "graduates", "remittances"]);

  let config = null;       // GET /api/config
  let preset = null;       // the preset selected
  let run = null;          // the current run's info (POST /api/runs), or null
  let runState = "";       // running, paused, finished, stopped
  let runKey = "";         // preset and levers of the current run, to see changes
  let source = null;       // its EventSource
  let view = null;         // {x, cur: {col: []}, prev: {col: []}, n}
  let prev = null;         // the previous run: {settings, x, cols: {col: []}}
  let lastRow = null;      // latest row of the current run, by column
  const plots = {};        // uPlot per chart id
  let drawPending = false;

  // ---- formatting ----
  const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const fmt = {
    count: (v) => v == null ? "—" : whole.format(v),
    usd: (v) => {
      if (v == null) return "—";
      if (Math.abs(v) >= 1e9) return "USD " + (v / 1e9).toFixed(2) + " bn";
      if (Math.abs(v) >= 1e6) return "USD " + (v / 1e6).toFixed(0) + " m";
      return "USD " + whole.format(v);
    },
    pct: (v) => v == null ? "—" : (v * 100).toFixed(1) + "%",
  };
  function axisNumber(v) {
    const a = Math.abs(v);
    if (a >= 1e9) return +(v / 1e9).toFixed(2) + "bn";
    if (a >= 1e6) return +(v / 1e6).toFixed(1) + "m";
    if (a >= 1e3) return +(v / 1e3).toFixed(1) + "k";
    return +v.toFixed(2) + "";
  }
  function leverText(l, v) {
    if (v == null) return l.off;
    switch (l.unit) {
      case "%": return (l.min < 0 && v > 0 ? "+" : "") + v + "%";
      case "×": return "×" + v;
      case "per year": case "per year, each destination": return whole.format(v) + " a year";
      case "USD": return "USD " + whole.format(v);
      case "USD a year": return "USD " + whole.format(v) + " a year";
      case "USD per USD": return v + " to 1";
      case "logit": return "+" + v;
    }
    return whole.format(v) + " " + l.unit;
  }

  // ---- messages ----
  function status(text, changed) {
    const el = $("status");
    el.textContent = text;
    el.classList.toggle("changed", !!changed);
  }
  function showMessage(text, problems) {
    const el = $("message");
    el.replaceChildren();
    const p = document.createElement("div");
    p.textContent = text;
    el.append(p);
    if (problems && problems.length > 1) {
      const ul = document.createElement("ul");
      for (const pr of problems) {
        const li = document.createElement("li");
        li.textContent = pr;
        ul.append(li);
      }
      el.append(ul);
    }
    el.hidden = false;
  }
  function clearMessage() { $("message").hidden = true; }

  async function api(method, url, body) {
    const opt = { method, headers: {} };
    if (method === "POST") {
      opt.headers["Content-Type"] = "application/json";
      opt.body = JSON.stringify(body || {});
    }
    let res;
    try {
      res = await fetch(url, opt);
    } catch (e) {
      return { ok: false, json: { error: "Cannot reach the brainsim server. Is it still running?" } };
    }
    let json = {};
    try { json = await res.json(); } catch (e) { json = { error: "Unexpected answer from the server (" + res.status + ")" }; }
    return { ok: res.ok, status: res.status, json };
  }

  // ---- levers ----
  // What each group of levers is about, for the heading's note.
  const groupNotes = {
    "Keep workers": "Make staying at home more attractive, or leaving slower.",
    "Bring them back": "Help those abroad come home, for good or for a while.",
    "Train more": "Train more people, knowing some of them will leave.",
    "Manage migration": "Rules at the border and abroad: who may leave, and on what terms.",
    "Remittances and diaspora": "Make the money sent home go further.",
    "What if": "Not a policy: change the world and see how the policies hold up.",
  };
  function renderLevers() {
    const box = $("levers");
    box.replaceChildren();
    const groups = new Map();
    for (const l of preset.levers) {
      const name = l.group || "Levers";
      if (!groups.has(name)) {
        const det = document.createElement("details");
        det.className = "lever-group";
        det.open = true;
        const sum = document.createElement("summary");
        sum.textContent = name;
        det.append(sum);
        if (groupNotes[name]) {
          const note = document.createElement("p");
          note.className = "group-note";
          note.textContent = groupNotes[name];
          det.append(note);
        }
        groups.set(name, det);
        box.append(det);
      }
      const div = document.createElement("div");
      div.className = "lever";
      div.dataset.key = l.key;
      const head = document.createElement("div");
      head.className = "lever-head";
      const label = document.createElement("label");
      label.htmlFor = "lever-" + l.key;
      label.textContent = l.label;
      const out = document.createElement("output");
      out.id = "lever-" + l.key + "-value";
      out.htmlFor = "lever-" + l.key;
      head.append(label, out);
      const input = document.createElement("input");
      input.type = "range";
      input.id = "lever-" + l.key;
      input.min = l.min;
      input.max = l.off ? l.max + l.step : l.max;
      input.step = l.step;
      input.value = l.default;
      input.addEventListener("input", leverMoved);
      const help = document.createElement("p");
      help.className = "help";
      help.textContent = l.help;
      div.append(head, input, help);
      groups.get(name).append(div);
    }
    leverMoved();
  }
  // leverValues returns the levers as the API takes them.
  function leverValues() {
    const v = {};
    for (const l of preset.levers) {
      const x = Number($("lever-" + l.key).value);
      v[l.key] = l.off && x > l.max ? null : x;
    }
    return v;
  }
  function leverMoved() {
    const v = leverValues();
    for (const l of preset.levers) {
      $("lever-" + l.key + "-value").textContent = leverText(l, v[l.key]);
      const def = l.off ? null : l.default;
      $("lever-" + l.key).closest(".lever").classList.toggle("moved", v[l.key] !== def);
    }
    if (run && currentKey() !== runKey) {
      status("You changed the settings: press Run to see their effect.", true);
    } else if (run) {
      showRunStatus();
    }
  }
  function currentKey() { return preset.name + JSON.stringify(leverValues()); }

  // ---- charts ----
  function emptyView(p) {
    const x = [];
    const steps = p.years * p.steps_per_year;
    for (let i = 0; i < steps; i++) x.push(p.start_year + (i + 1) / p.steps_per_year);
    const v = { x, x0: p.start_year, x1: p.start_year + p.years, spy: p.steps_per_year, cur: {}, prev: {}, n: 0 };
    for (const c of CHARTS) for (const s of c.series) {
      v.cur[s.col] = new Array(steps).fill(null);
      v.prev[s.col] = new Array(steps).fill(null);
    }
    return v;
  }
  // alignPrevious copies the previous run into view.prev by calendar year.
  function alignPrevious() {
    if (!prev) return;
    const at = new Map(prev.x.map((x, i) => [x.toFixed(4), i]));
    view.x.forEach((x, i) => {
      const j = at.get(x.toFixed(4));
      for (const col in view.prev) view.prev[col][i] = j == null ? null : prev.cols[col][j];
    });
  }
  function niceMax(v) {
    if (!(v > 0)) return 1;
    const e = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 10]) if (m * e >= v) return m * e;
    return 10 * e;
  }
  function makePlots() {
    for (const c of CHARTS) {
      const el = $("chart-" + c.id);
      const series = [{}];
      for (const s of c.series) {
        series.push({ label: s.label, stroke: s.color, width: 2.5, points: { show: false } });
        series.push({ label: s.label + " (previous)", stroke: s.color + "66", width: 1.5, dash: [6, 4], points: { show: false } });
      }
      const opts = {
        width: Math.max(300, el.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: () => [view.x0, view.x1] },
          y: { range: (u, lo, hi) => [Math.min(0, lo || 0), niceMax(Math.max(hi || 0, 0) * 1.04)] },
        },
        axes: [
          { values: (u, splits) => splits.map((v) => Number.isInteger(v) ? String(v) : ""), grid: { stroke: "#eef1f5" } },
          { size: 56, values: (u, splits) => splits.map(c.fmt === "pct" ? (v) => v + "%" : axisNumber), grid: { stroke: "#eef1f5" } },
        ],
        series,
      };
      plots[c.id] = new uPlot(opts, chartData(c), el);
      const legend = document.querySelector('.legend[data-for="' + c.id + '"]');
      legend.replaceChildren();
      for (const s of c.series) {
        const sw = document.createElement("span");
        sw.className = "sw";
        sw.style.background = s.color;
        legend.append(sw, document.createTextNode(s.label));
      }
    }
    window.addEventListener("resize", () => {
      for (const c of CHARTS) plots[c.id].setSize({ width: Math.max(300, $("chart-" + c.id).clientWidth), height: HEIGHT });
    });
  }
  function chartData(c) {
    const data = [view.x];
    for (const s of c.series) {
      const k = s.scale || 1;
      const cur = k === 1 ? view.cur[s.col] : view.cur[s.col].map((v) => v == null ? null : v * k);
      const pv = k === 1 ? view.prev[s.col] : view.prev[s.col].map((v) => v == null ? null : v * k);
      data.push(cur, pv);
    }
    return data;
  }
  function draw() {
    drawPending = false;
    for (const c of CHARTS) {
      plots[c.id].setData(chartData(c));
      $("chart-" + c.id).dataset.points = view.n;
    }
    showReadouts();
  }
  function scheduleDraw() {
    if (!drawPending) {
      drawPending = true;
      requestAnimationFrame(draw);
    }
  }
  function showReadouts() {
    const r = Object.assign({}, lastRow || {});
    if (view.n < view.spy) for (const f of FLOWS) r[f] = null; // not a full year yet
    $("year-now").textContent = r.year == null ? "—" : Math.floor(r.year + 1e-9).toString();
    $("home-now").textContent = fmt.count(r.skilled_home);
    $("emigrants-now").textContent = fmt.count(r.emigrants);
    $("returnees-now").textContent = fmt.count(r.returnees);
    $("rate-now").textContent = fmt.pct(r.emigration_rate);
    $("enrolments-now").textContent = fmt.count(r.enrolments);
    $("remittances-now").textContent = fmt.usd(r.remittances);
    $("fte-now").textContent = fmt.count(r.temporary_fte);
  }

  // ---- runs ----
  function addRows(from, rows) {
    const cols = run.columns;
    rows.forEach((row, k) => {
      const i = from + k;
      if (i >= view.x.length) return;
      for (let j = 1; j < cols.length; j++) {
        if (!view.cur[cols[j]] || FLOWS.has(cols[j]) && i < view.spy - 1) continue;
        view.cur[cols[j]][i] = row[j];
      }
      view.n = Math.max(view.n, i + 1);
    });
    if (rows.length) {
      const last = rows[rows.length - 1];
      lastRow = {};
      cols.forEach((c, j) => { lastRow[c] = last[j]; });
    }
    scheduleDraw();
  }
  function showRunStatus() {
    if (!run) return;
    const year = lastRow ? Math.floor(lastRow.year + 1e-9) : run.start_year;
    const last = run.start_year + run.steps / run.steps_per_year;
    switch (runState) {
      case "running": status("Running: " + year + " (of " + run.start_year + "–" + last + ")."); break;
      case "paused": status("Paused in " + year + ". Press Resume to go on."); break;
      case "finished": status("Finished: " + run.start_year + "–" + last + ". Change a lever and press Run to compare."); break;
      case "stopped": status("Stopped in " + year + (run.reason ? " (" + run.reason + ")" : "") + "."); break;
    }
  }
  function setState(state, reason) {
    runState = state;
    if (reason !== undefined) run.reason = reason;
    document.body.dataset.run = state;
    const active = state === "running" || state === "paused";
    $("pause").disabled = !active;
    $("pause").textContent = state === "paused" ? "Resume" : "Pause";
    showRunStatus();
    if (run && currentKey() !== runKey) leverMoved();
  }
  function closeSource() {
    if (source) source.close();
    source = null;
  }
  function listen(info) {
    const es = new EventSource(info.links.events);
    source = es;
    es.addEventListener("rows", (ev) => {
      if (source !== es) return;
      const d = JSON.parse(ev.data);
      addRows(d.from, d.rows);
      if (runState === "running") showRunStatus();
    });
    es.addEventListener("state", (ev) => {
      if (source !== es) return;
      setState(JSON.parse(ev.data).state);
    });
    es.addEventListener("end", (ev) => {
      es.close();
      if (source !== es) return;
      source = null;
      const d = JSON.parse(ev.data);
      setState(d.state, d.reason);
    });
    es.onerror = () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        source = null;
        setState("stopped", "the connection to the server was lost");
      } else {
        status("Connection lost; trying again…", true);
      }
    };
  }
  async function stopRun() {
    closeSource();
    if (run && (runState === "running" || runState === "paused")) {
      await api("POST", "/api/runs/" + run.id + "/stop");
    }
  }
  async function startRun() {
    clearMessage();
    $("run").disabled = true;
    try {
      await stopRun();
      const body = { preset: preset.name, levers: leverValues(), speed: Number($("speed").value) };
      const res = await api("POST", "/api/runs", body);
      if (!res.ok) {
        if (run && (runState === "running" || runState === "paused")) setState("stopped", "");
        showMessage(res.json.error || "The server refused the run.", res.json.problems);
        return;
      }
      if (run && view && view.n > 0) {
        prev = { settings: runLabel(run), x: view.x.slice(0, view.n), cols: {} };
        for (const col in view.cur) prev.cols[col] = view.cur[col].slice(0, view.n);
        $("prev-settings").textContent = prev.settings;
      }
      run = res.json;
      runKey = currentKey();
      lastRow = null;
      view = emptyView({ start_year: run.start_year, years: run.steps / run.steps_per_year, steps_per_year: run.steps_per_year });
      alignPrevious();
      $("run-settings").textContent = runLabel(run);
      showEngine(run);
      for (const id of ["csv", "png"]) $(id).removeAttribute("aria-disabled");
      $("csv").href = run.links.csv;
      $("csv").download = "";
      $("png").href = run.links.png + "?chart=workforce";
      $("png").download = "";
      setState(run.state);
      draw();
      listen(run);
    } finally {
      $("run").disabled = false;
    }
  }
  function runLabel(info) { return info.preset + ", " + info.settings; }
  // showEngine writes, in small print beside the status, the engine that
  // advances the run, and why it is the step engine if the server asked for
  // the event engine and the set-up needs something it does not simulate.
  function showEngine(info) {
    const el = $("engine");
    if (!info) { el.textContent = ""; el.removeAttribute("title"); return; }
    el.textContent = "engine: " + info.engine + (info.engine_fallback ? " (the event engine cannot run these settings yet)" : "");
    if (info.engine_fallback) el.title = info.engine_fallback; else el.removeAttribute("title");
  }
  async function pauseOrResume() {
    if (!run) return;
    const action = runState === "paused" ? "resume" : "pause";
    const res = await api("POST", "/api/runs/" + run.id + "/" + action);
    if (!res.ok) { showMessage(res.json.error); return; }
    setState(res.json.state);
  }
  async function reset() {
    clearMessage();
    await stopRun();
    run = null; runState = ""; runKey = ""; prev = null; lastRow = null;
    document.body.dataset.run = "";
    $("pause").disabled = true;
    $("pause").textContent = "Pause";
    $("run-settings").textContent = "none yet";
    $("prev-settings").textContent = "none yet";
    showEngine(null);
    for (const id of ["csv", "png"]) { $(id).setAttribute("aria-disabled", "true"); $(id).removeAttribute("href"); }
    renderLevers();
    view = emptyView(preset);
    draw();
    status("Press Run to start.");
  }
  function choosePreset(name) {
    preset = config.presets.find((p) => p.name === name);
    $("preset-description").textContent = preset.description;
    renderLevers();
    if (!run) { view = emptyView(preset); alignPrevious(); draw(); }
  }

  async function init() {
    const res = await api("GET", "/api/config");
    if (!res.ok) { showMessage(res.json.error || "Cannot load the settings."); return; }
    config = res.json;
    const sel = $("preset");
    for (const p of config.presets) {
      const o = document.createElement("option");
      o.value = p.name;
      o.textContent = p.name;
      sel.append(o);
    }
    sel.value = config.default_preset;
    const sp = $("speed");
    for (const v of config.speeds) {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = (v === 1 ? "1 year" : v + " years") + " a second" + (v < 1 ? " (slow)" : v >= 5 ? " (fast)" : "");
      sp.append(o);
    }
    sp.value = config.default_speed;
    preset = config.presets.find((p) => p.name === config.default_preset);
    $("preset-description").textContent = preset.description;
    renderLevers();
    view = emptyView(preset);
    makePlots();
    draw();

    sel.addEventListener("change", () => choosePreset(sel.value));
    sp.addEventListener("change", async () => {
      if (run && (runState === "running" || runState === "paused")) {
        const r = await api("POST", "/api/runs/" + run.id + "/speed", { speed: Number(sp.value) });
        if (!r.ok) showMessage(r.json.error);
      }
    });
    $("run").addEventListener("click", startRun);
    $("pause").addEventListener("click", pauseOrResume);
    $("reset").addEventListener("click", reset);
    window.addEventListener("pagehide", () => {
      if (run && (runState === "running" || runState === "paused")) {
        fetch("/api/runs/" + run.id + "/stop", { method: "POST", keepalive: true, headers: { "Content-Type": "application/json" }, body: "{}" });
      }
    });
    document.body.dataset.ready = "true";
  }

  init();
})();
