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
      window.Plotly.relayout(gd, {height: full ? window.innerHeight : (gd.__optvizHeight || null)});
    });
  }
  gd.__optvizHeight = (fig.layout || {}).height;
  const config = Object.assign({responsive: true}, data.config || {});
  config.modeBarButtonsToAdd = [FULLSCREEN];
  draw(data.key, () => loadPlotly().then(Plotly => {
    const layout = fresh(fig.layout || {});
    if (document.fullscreenElement === box) layout.height = window.innerHeight;
    return Plotly.react(gd, {data: (fig.data || []).map(fresh), layout, frames: fig.frames || [], config});
  }).then(() => {
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
