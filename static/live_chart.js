// One plotly.js figure that stays in the page: the first run sends the whole figure, later runs send
// only what differs from it (see ui/live_chart.py for the patch format). Unchanged traces keep their
// arrays, so Plotly.react redraws only what changed, and the surface image is never resent.
const KEEP_BASES = 3;

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  let s = document.getElementById("optviz-plotly");
  if (!s) {                        // plotly.js sits beside this module in the app's static folder
    s = document.createElement("script");
    s.id = "optviz-plotly";
    s.src = new URL("plotly.min.js", import.meta.url).href;
    document.head.appendChild(s);
  }
  return new Promise((resolve, reject) => {
    if (window.Plotly) return resolve(window.Plotly);
    s.addEventListener("load", () => resolve(window.Plotly));
    s.addEventListener("error", reject);
  });
}

// Apply a patch node to a value without changing it: {"=": v} replaces, {"d": {...}, "x": [...]}
// patches a dict's keys, {"l": n, "i": {...}} patches a list's items; what a patch leaves out is shared.
function apply(value, node) {
  if ("=" in node) return node["="];
  if ("d" in node) {
    const out = Object.assign({}, value);
    for (const k of node.x || []) delete out[k];
    for (const [k, sub] of Object.entries(node.d)) out[k] = apply(out[k], sub);
    return out;
  }
  const out = (value || []).slice(0, node.l);
  for (const [i, sub] of Object.entries(node.i)) out[+i] = apply(out[+i], sub);
  return out;
}

// plotly.js writes into the objects it is given (uids, autoranged axes): hand it fresh objects, but
// the same number arrays, which it only reads and compares by identity.
function fresh(v) {
  if (Array.isArray(v))        // lists of objects (traces, annotations) copied; number arrays and matrices kept
    return v.length && typeof v[0] === "object" && v[0] !== null && !Array.isArray(v[0]) ? v.map(fresh) : v;
  if (v && typeof v === "object") {
    const o = {};
    for (const k in v) o[k] = fresh(v[k]);
    return o;
  }
  return v;
}

// in full screen the plot takes the screen's height less the controls' bar
function fullHeight(box) {
  const bar = box.querySelector(":scope > .optviz-anim");
  return window.innerHeight - (bar ? bar.offsetHeight : 0);
}

const FULLSCREEN = {
  name: "fullscreen",
  title: "Full screen",
  icon: {width: 24, height: 24, path: "M4 4h6v2H6v4H4V4zm10 0h6v6h-2V6h-4V4zM4 14h2v4h4v2H4v-6zm14 0h2v6h-6v-2h4v-4z"},
  click: gd => {
    const box = gd.closest(".optviz-live-chart") || gd;
    if (document.fullscreenElement) document.exitFullscreen();
    else if (box.requestFullscreen) box.requestFullscreen();
  },
};

// Charts are drawn one per task, in the order their updates arrive: a run that updates several charts
// shows the first as soon as it is drawn instead of after all of them, and the page can paint and
// answer input in between. A chart's newer update replaces its older one still waiting.
const pending = new Map();
let drawing = false;
function draw(key, job) {
  pending.set(key, job);
  if (!drawing) next();
}
function next() {
  const first = pending.keys().next();
  if (first.done) { drawing = false; return; }
  drawing = true;
  const job = pending.get(first.value);
  pending.delete(first.value);
  Promise.resolve().then(job).catch(err => console.error(err)).then(() => setTimeout(next, 0));
}

// Animation controls (▶ and speeds, ❚❚, single steps, the step scrubber) as plain HTML under the plot.
// The figure describes them as plotly updatemenus and sliders whose every entry calls Plotly.animate;
// drawn by plotly they are laid out again on every Plotly.react (a move of any setting), here they
// are built once and call the same Plotly.animate. The room the figure kept below the plot for them
// is given back to the page.
const CONTROLS_CSS = `
.optviz-anim {display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; padding: 2px 12px 8px 45px;
  font: 14px "Source Sans", "Source Sans Pro", sans-serif; color: #31333F;}
.optviz-anim-group {display: inline-flex; flex-wrap: wrap; gap: 4px;}
.optviz-anim button {font: inherit; line-height: 1.2; padding: 3px 10px; border: 1px solid #C3C7CE; border-radius: 6px;
  background: #F7F8FA; color: inherit; cursor: pointer;}
.optviz-anim button:hover {background: #E8ECF2; border-color: #9AA1AC;}
.optviz-anim-scrub {display: flex; align-items: center; gap: 10px; flex: 1 1 100%;}
.optviz-anim-scrub input {flex: 1; min-width: 80px; accent-color: #2C6FB7;}
.optviz-anim-step {min-width: 5.5em; text-align: right; font-variant-numeric: tabular-nums;}`;

function isAnimateControl(c) {
  const items = c.buttons || c.steps || [];
  return items.length > 0 && items.every(b => b.method === "animate" && Array.isArray(b.args));
}

// The layout without its animation controls (and with the room they took below the plot given
// back), and the controls: {menus, sliders}; null when the figure has none.
function takeControls(layout) {
  const menus = (layout.updatemenus || []).filter(isAnimateControl);
  const sliders = (layout.sliders || []).filter(isAnimateControl);
  if (!menus.length && !sliders.length) return [layout, null];
  const out = Object.assign({}, layout);
  out.updatemenus = (layout.updatemenus || []).filter(c => !menus.includes(c));
  out.sliders = (layout.sliders || []).filter(c => !sliders.includes(c));
  const m = Object.assign({}, layout.margin || {});
  const ys = [...menus, ...sliders].map(c => c.y).filter(y => typeof y === "number" && y < 0);
  if (typeof layout.height === "number" && typeof m.b === "number" && ys.length) {
    const plotPx = layout.height - (m.t ?? 100) - m.b;
    const below = Math.ceil(-Math.max(...ys) * plotPx) + 6;      // axis labels and titles end above the controls
    if (plotPx > 0 && below < m.b) {
      out.height = layout.height - (m.b - below);
      m.b = below;
      out.margin = m;
    }
  }
  return [out, {menus, sliders}];
}

function animate(Plotly, gd, args) {
  // a step waits on its frame until the next press interrupts it: plotly then rejects its promise
  Promise.resolve(Plotly.animate(gd, ...args)).catch(() => {});
}

// The controls' bar under the plot, rebuilt only when the controls change; after every draw the
// scrubber shows the figure's own frame (plotly draws the figure, not an animation frame).
function controlsBar(box, gd, Plotly, controls) {
  let bar = box.querySelector(":scope > .optviz-anim");
  if (!controls) {
    if (bar) bar.remove();
    gd.__optvizFollow = null;
    return;
  }
  if (!document.getElementById("optviz-anim-css")) {
    const style = document.createElement("style");
    style.id = "optviz-anim-css";
    style.textContent = CONTROLS_CSS;
    document.head.appendChild(style);
  }
  const sig = JSON.stringify(controls);
  if (!bar || bar.__sig !== sig) {
    if (bar) bar.remove();
    bar = document.createElement("div");
    bar.className = "optviz-anim";
    bar.__sig = sig;
    for (const menu of controls.menus) {
      const group = document.createElement("span");
      group.className = "optviz-anim-group";
      for (const b of menu.buttons) {
        const el = document.createElement("button");
        el.type = "button";
        el.textContent = b.label;
        el.addEventListener("click", () => animate(Plotly, gd, b.args));
        group.appendChild(el);
      }
      bar.appendChild(group);
    }
    const follows = [];
    for (const s of controls.sliders) {
      const line = document.createElement("label");
      line.className = "optviz-anim-scrub";
      const input = document.createElement("input");
      input.type = "range";
      input.min = 0;
      input.max = s.steps.length - 1;
      input.step = 1;
      const shown = document.createElement("span");
      shown.className = "optviz-anim-step";
      const prefix = (s.currentvalue || {}).prefix || "";
      const show = i => { input.value = i; shown.textContent = prefix + s.steps[i].label; };
      input.addEventListener("input", () => { show(+input.value); animate(Plotly, gd, s.steps[+input.value].args); });
      const at = new Map(s.steps.map((step, i) => [String((step.args[0] || [])[0]), i]));
      const active = Math.min(s.active ?? s.steps.length - 1, s.steps.length - 1);
      follows.push({show, at, active});
      line.append(input, shown);
      bar.appendChild(line);
    }
    bar.__follows = follows;
    box.appendChild(bar);
  }
  for (const f of bar.__follows) f.show(f.active);
  gd.__optvizFollow = name => {
    for (const f of bar.__follows) {
      const i = f.at.get(String(name));
      if (i !== undefined) f.show(i);
    }
  };
  if (!gd.__optvizAnimEvents) {
    gd.__optvizAnimEvents = true;
    gd.on("plotly_animatingframe", ev => gd.__optvizFollow && gd.__optvizFollow(ev.name));
  }
}

// Traces drawing one point per run (every run's head, its start and event markers, its loss cursor) name
// each point's legend group in meta.groups: a run hidden from the legend hides those points as well.
function followLegend(Plotly, gd) {
  const hidden = new Set(), shown = new Set();
  for (const tr of gd.data || []) {
    if (tr.legendgroup) (tr.visible === "legendonly" || tr.visible === false ? hidden : shown).add(tr.legendgroup);
  }
  (gd.data || []).forEach((tr, i) => {
    const groups = tr.meta && tr.meta.groups;
    if (!Array.isArray(groups)) return;
    const want = groups.map(g => (hidden.has(g) && !shown.has(g) ? 0 : 1));
    const now = tr.marker && tr.marker.opacity;
    const same = Array.isArray(now) ? now.join() === want.join() : want.every(v => v === 1);
    if (!same) Plotly.restyle(gd, {"marker.opacity": [want]}, [i]);
  });
}

export default function ({ data: sent, parentElement, setTriggerValue }) {
  const data = typeof sent === "string" ? JSON.parse(sent) : sent;
  const store = (window.__optvizLiveCharts = window.__optvizLiveCharts || {});
  const rec = (store[data.key] = store[data.key] || {bases: {}, order: []});
  const sig = data.full ? "full:" + data.id : data.base + ":" + JSON.stringify(data.patch);
  if (sig === rec.drawnSig && parentElement.querySelector(".optviz-plot .main-svg")) return;   // nothing changed
  let fig;
  if (data.full) {
    rec.bases[data.id] = data.full;
    rec.order.push(data.id);
    while (rec.order.length > KEEP_BASES) delete rec.bases[rec.order.shift()];
    fig = data.full;
  } else {
    const base = rec.bases[data.base];
    if (!base) {                       // this page never received that figure: ask for it whole
      setTriggerValue("resync", data.base);
      return;
    }
    fig = apply(base, data.patch);
  }
  let box = parentElement.querySelector(".optviz-live-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "optviz-live-chart";
    box.style.width = "100%";
    box.style.background = "#fff";
    parentElement.appendChild(box);
  }
  let gd = box.querySelector(".optviz-plot");
  if (!gd) {
    gd = document.createElement("div");
    gd.className = "optviz-plot";
    box.appendChild(gd);
    // full screen: the figure takes the screen's height, and its own height back afterwards
    box.addEventListener("fullscreenchange", () => {
      if (!window.Plotly || !gd.layout) return;
      const full = document.fullscreenElement === box;
      window.Plotly.relayout(gd, {height: full ? fullHeight(box) : (gd.__optvizHeight || null)});
    });
  }
  const config = Object.assign({responsive: true}, data.config || {});
  config.modeBarButtonsToAdd = [FULLSCREEN];
  let controls = null;
  draw(data.key, () => loadPlotly().then(Plotly => {
    let layout;
    [layout, controls] = takeControls(fresh(fig.layout || {}));
    gd.__optvizHeight = layout.height;
    if (document.fullscreenElement === box) layout.height = fullHeight(box);
    return Plotly.react(gd, {data: (fig.data || []).map(fresh), layout, frames: fig.frames || [], config});
  }).then(() => {
    controlsBar(box, gd, window.Plotly, controls);
    followLegend(window.Plotly, gd);
    if (!gd.__optvizLegend) {
      gd.__optvizLegend = true;
      gd.on("plotly_restyle", () => followLegend(window.Plotly, gd));
    }
    rec.drawnSig = sig;
    if (data.click && !gd.__optvizClick) {
      gd.__optvizClick = true;
      gd.on("plotly_click", ev => {
        const p = ev.points && ev.points[0];
        if (p && typeof p.x === "number" && typeof p.y === "number")
          setTriggerValue("click", {x: p.x, y: p.y, curve: p.curveNumber});
      });
    }
  }));
}
