// The graph page's style sheet and script (see graph_page_assets.hpp).
#include "autodiff/show/graph_page_assets.hpp"

namespace backprop {

const std::string_view graph_page_style = R"css(
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.25em; font-family: monospace; overflow-wrap: anywhere; }
h2 { font-size: 1.05em; }
.summary { color: #555; }
.note { background: #fff4d6; border-left: 4px solid #e0a800; padding: .5em .8em; }
#controls { display: flex; gap: .4em; align-items: center; flex-wrap: wrap; margin: .5em 0; }
#controls[hidden] { display: none; }
#counter { font-variant-numeric: tabular-nums; margin-left: .5em; }
.keys { color: #777; font-size: .85em; }
#caption { font-family: monospace; min-height: 2.8em; background: #f5f7fa; padding: .5em .8em;
           border-radius: 4px; white-space: pre-wrap; }
.picture { overflow: auto; border: 1px solid #ddd; border-radius: 4px; max-height: 75vh; }
.picture.fit svg { width: 100%; height: auto; }
#fit[aria-pressed="true"] { background: #e6dcf0; }
button[aria-disabled="true"] { opacity: .45; }
:focus-visible { outline: 3px solid #6a3d9a; outline-offset: 2px; }

/* The picture: value boxes (name, data, grad), operation circles, edges. */
svg text { font-family: monospace; font-size: 12px; text-anchor: middle; }
.value rect.box { fill: white; stroke: #555; }
.value .name { font-weight: bold; }
.value .grad { fill: #333; }
#graph.finished .value rect.box { fill: var(--heat, white); }
.role { font-size: 11px; font-style: italic; fill: #444; paint-order: stroke; stroke: white; stroke-width: 3px; }
.legend-frame { fill: white; stroke: #ccc; }
.legend-text { text-anchor: start; font-family: sans-serif; font-size: 11px; }
.operation circle { fill: #eef2f7; stroke: #555; }
.operation text { font-size: 10px; }
.edge { fill: none; stroke: #aaa; stroke-width: 1.2; marker-end: url(#arrow); }
marker path { fill: #888; }
.cluster rect { fill: #f7f7fb; stroke: #aab; stroke-dasharray: 4 3; }
.cluster text { text-anchor: start; fill: #667; }
.more rect.box { fill: #f4f4f4; stroke: #999; stroke-dasharray: 4 3; }

/* What the script marks while stepping (the legend in the picture says so):
   purple computes or gives, green receives. Blue and orange mean sign only. */
.value.pending { opacity: .35; }
.value.current rect.box, .value.giver rect.box { stroke: #6a3d9a; stroke-width: 3; }
.value.partner rect.box { stroke: #6a3d9a; stroke-width: 2; stroke-dasharray: 3 2; }
.value.receiver rect.box { stroke: #1b8a3a; stroke-width: 3; }
.value.receiver .grad { font-weight: bold; }
.edge.active { stroke: #6a3d9a; stroke-width: 3; }
#graph.backward .edge.active { stroke: #1b8a3a; }
.operation.active circle { fill: #ece4f4; stroke: #6a3d9a; stroke-width: 2; }
#graph.backward .operation.active circle { fill: #e1f3e5; stroke: #1b8a3a; }

/* The steps and the final values, readable without the script. */
.lists { display: flex; gap: 2em; flex-wrap: wrap; align-items: flex-start; }
#steps { position: relative; font-family: monospace; font-size: .9em; max-height: 24em; overflow: auto;
         padding-right: 1em; }
#steps li.current { background: #ece4f4; }
table { border-collapse: collapse; font-family: monospace; font-size: .9em; }
caption { text-align: left; font-family: system-ui, sans-serif; color: #555; padding-bottom: .3em; }
#values tr.active { background: #ece4f4; }
td, th { border: 1px solid #ddd; padding: .15em .5em; text-align: left; }
)css";

const std::string_view graph_page_script = R"js(
"use strict";
// Replays the steps written in the page (#steps) on its picture (#graph)
// and its table (#values). The page as written shows the final state; this
// script redraws both for any position from the start, so going back is as
// simple as going forward, and scrolls the picture to the boxes the step
// marks (data-active). The words and numbers of each step come from the page.
(function () {
  const graph = document.getElementById("graph");
  const caption = document.getElementById("caption");
  const counter = document.getElementById("counter");
  const list = document.getElementById("steps");
  const items = Array.from(list.querySelectorAll("li"));
  const steps = items.map((item) => ({
    kind: item.dataset.kind,
    node: item.dataset.node,
    input: item.dataset.input,
    partner: item.dataset.partner,
    value: item.dataset.value,
    shown: item.dataset.shown,
    after: item.dataset.after || "",
    text: item.textContent,
  }));
  const boxes = new Map();
  for (const box of graph.querySelectorAll("g.value")) boxes.set(box.dataset.node, box);
  const operations = new Map();
  for (const operation of graph.querySelectorAll("g.operation")) operations.set(operation.dataset.node, operation);
  const edges = Array.from(graph.querySelectorAll("path.edge"));
  const picture = graph.parentElement;
  const rows = new Map();
  for (const row of document.querySelectorAll("#values tr[data-node]")) rows.set(row.dataset.node, row);
  const tableCaption = document.getElementById("values-caption");
  const button = (id) => document.getElementById(id);
  let position = steps.length;  // how many steps are applied: all, as written
  let timer = null;

  // Sets a box's "data" or "grad" line, and its row of the table;
  // data-value keeps the exact number.
  function setLine(box, kind, shown, value) {
    const line = box.querySelector("text." + kind);
    if (!line) return;
    line.textContent = kind + " " + shown;
    line.dataset.value = value;
    const cell = rows.has(box.dataset.node) && rows.get(box.dataset.node).querySelector("td." + kind);
    if (cell) cell.textContent = shown;
  }

  // Every box as before the first step: nothing computed, no gradients.
  function clear() {
    for (const box of boxes.values()) {
      box.classList.remove("current", "giver", "receiver", "partner");
      box.removeAttribute("data-active");
      box.classList.add("pending");
      setLine(box, "data", "?", "");
      setLine(box, "grad", "-", "");
    }
    for (const element of document.querySelectorAll(".active")) element.classList.remove("active");
  }

  function apply(step) {
    if (step.kind === "forward") {
      const box = boxes.get(step.node);
      box.classList.remove("pending");
      setLine(box, "data", step.shown, step.value);
    } else if (step.kind === "seed") {
      for (const box of boxes.values()) setLine(box, "grad", "0", "0");
      setLine(boxes.get(step.node), "grad", step.shown, step.value);
    } else {
      setLine(boxes.get(step.input), "grad", step.shown, step.value);
    }
  }

  // Lights what a step reads and writes: forward, the new value, its
  // operation and incoming edges; backward, the node giving its gradient,
  // the input receiving it, the edge between them and a product's partner.
  function highlight(step) {
    const mark = (element, name) => {
      if (!element) return;
      element.classList.add(name);
      if (element.classList.contains("value")) {
        element.setAttribute("data-active", name);
        if (rows.has(element.dataset.node)) rows.get(element.dataset.node).classList.add("active");
      }
    };
    if (step.kind === "forward") {
      mark(boxes.get(step.node), "current");
      mark(operations.get(step.node), "active");
      for (const edge of edges) if (edge.dataset.to === step.node) edge.classList.add("active");
    } else if (step.kind === "seed") {
      mark(boxes.get(step.node), "receiver");
    } else {
      mark(boxes.get(step.node), "giver");
      mark(operations.get(step.node), "active");
      if (step.partner !== undefined && step.partner !== step.input) mark(boxes.get(step.partner), "partner");
      mark(boxes.get(step.input), "receiver");
      for (const edge of edges) {
        const into = edge.dataset.kind === "input" && edge.dataset.from === step.input;
        if (edge.dataset.to === step.node && (into || edge.dataset.kind === "result")) edge.classList.add("active");
      }
    }
  }

  // Pans (and if need be zooms) the picture so that the boxes the step
  // marks are in view: centred if they were not, smaller (down to half
  // size) only when they cannot fit at full size, as on a phone; when even
  // then they cannot, the one receiving (or computed) is centred. Then the
  // page scrolls just enough to show them. "fit" shows the whole graph.
  const naturalWidth = +graph.getAttribute("width"), naturalHeight = +graph.getAttribute("height");
  const smallest = 0.5, margin = 12;
  let zoom = 1;
  function setZoom(z) {
    zoom = z;
    graph.style.width = z === 1 ? "" : (naturalWidth * z).toFixed(1) + "px";
    graph.style.height = z === 1 ? "" : (naturalHeight * z).toFixed(1) + "px";
  }
  function bounds(boxes) {
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    for (const box of boxes) {
      const r = box.getBoundingClientRect();
      left = Math.min(left, r.left), top = Math.min(top, r.top);
      right = Math.max(right, r.right), bottom = Math.max(bottom, r.bottom);
    }
    return { left, top, right, bottom };
  }
  function follow() {
    const marked = Array.from(graph.querySelectorAll("[data-active]"));
    if (!marked.length || picture.classList.contains("fit")) return;
    let b = bounds(marked);
    // The room the picture can have: its width, and the most height the style sheet gives it.
    const roomWidth = picture.clientWidth - 2 * margin;
    const roomHeight = parseFloat(getComputedStyle(picture).maxHeight) - 2 * margin || window.innerHeight * 0.75;
    const fits = Math.min(1, roomWidth / ((b.right - b.left) / zoom), roomHeight / ((b.bottom - b.top) / zoom));
    const wanted = Math.max(smallest, fits);
    if (Math.abs(wanted - zoom) > 1e-3) setZoom(wanted);
    const main = marked.filter((box) => ["receiver", "current"].includes(box.dataset.active));
    b = bounds(fits >= smallest || !main.length ? marked : main);
    const frame = picture.getBoundingClientRect();
    const inside = b.left >= frame.left && b.right <= frame.left + picture.clientWidth &&
                   b.top >= frame.top && b.bottom <= frame.top + picture.clientHeight;
    if (!inside) {
      picture.scrollLeft += (b.left + b.right) / 2 - (frame.left + picture.clientWidth / 2);
      picture.scrollTop += (b.top + b.bottom) / 2 - (frame.top + picture.clientHeight / 2);
      b = bounds(marked);
    }
    if (b.bottom > window.innerHeight) window.scrollBy(0, b.bottom - window.innerHeight + margin);
    else if (b.top < 0) window.scrollBy(0, b.top - margin);
  }

  function show(target) {
    position = Math.max(0, Math.min(steps.length, target));
    clear();
    for (let k = 0; k < position; ++k) apply(steps[k]);
    const step = position > 0 ? steps[position - 1] : null;
    if (step) highlight(step);
    follow();
    const seeded = steps.slice(0, position).some((s) => s.kind === "seed");
    if (tableCaption)
      tableCaption.textContent = position === steps.length
        ? "The final state" + (seeded ? ", after backward." : ".")
        : "At step " + position + " of " + steps.length + ": what is known so far (? not computed yet, " +
          "- no gradient yet).";
    graph.classList.toggle("finished", position === steps.length);
    graph.classList.toggle("backward", step !== null && step.kind !== "forward");
    items.forEach((item, k) => item.classList.toggle("current", k === position - 1));
    if (step) {
      const item = items[position - 1];
      if (item.offsetTop < list.scrollTop || item.offsetTop > list.scrollTop + list.clientHeight - item.offsetHeight)
        list.scrollTop = item.offsetTop - list.clientHeight / 2;
    }
    counter.textContent = "step " + position + " of " + steps.length;
    caption.textContent = step === null
      ? "Before the forward pass: nothing is computed yet. Press next (or the right arrow key)."
      : (step.kind === "forward" ? "Forward: " : "Backward: ") + step.text + (step.after ? "\n" + step.after : "") +
        (position === steps.length ? "\nThe end: every value and gradient is final." : "");
    // aria-disabled, not disabled: a disabled button would lose the focus.
    for (const id of ["start", "previous"]) button(id).setAttribute("aria-disabled", String(position === 0));
    for (const id of ["next", "end"]) button(id).setAttribute("aria-disabled", String(position === steps.length));
  }

  function fit(on) {
    setZoom(1);  // the style sheet sizes the picture in "fit"
    picture.classList.toggle("fit", on);
    button("fit").setAttribute("aria-pressed", String(on));
    follow();
  }

  function play(on) {
    clearInterval(timer);
    timer = null;
    if (on) {
      if (position === steps.length) show(0);
      timer = setInterval(() => {
        show(position + 1);
        if (position === steps.length) play(false);
      }, 900);
    }
    button("play").textContent = on ? "\u23F8 pause" : "\u25B6 play";
  }

  const actions = {
    start: () => show(0),
    previous: () => show(position - 1),
    next: () => show(position + 1),
    end: () => show(steps.length),
  };
  // Buttons stay buttons: Enter and Space press the focused one (the
  // browser's own behaviour), and the focus stays on it.
  for (const [id, action] of Object.entries(actions))
    button(id).addEventListener("click", () => {
      play(false);
      action();
    });
  button("play").addEventListener("click", () => play(timer === null));
  button("fit").addEventListener("click", () => fit(!picture.classList.contains("fit")));
  const keys = { ArrowRight: actions.next, ArrowLeft: actions.previous, Home: actions.start, End: actions.end };
  const pressable = (element) => element && element.matches("button, a, input, select, textarea, summary");
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key === " " || event.key === "Enter") && pressable(event.target)) return;
    if (event.key === " ") {
      event.preventDefault();
      play(timer === null);
    } else if (event.key === "f") {
      fit(!picture.classList.contains("fit"));
    } else if (keys[event.key]) {
      event.preventDefault();
      play(false);
      keys[event.key]();
    }
  });

  document.getElementById("controls").hidden = false;
  show(0);
})();
)js";

}  // namespace backprop
