// intrograph: person autocomplete for inputs with data-suggest, self-refreshing progress
// pages, and the path list that highlights a path in the graph beside it. Text only ever goes
// into the DOM as text (textContent / value).
"use strict";

// The script is deferred, so someone quick can type before it runs: an input that already
// holds text and has the focus when the script starts gets its suggestions at once.
function suggest(input) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  async function refresh() {
    const text = input.value.trim();
    if (text.length < 2) return;
    const url = `${input.dataset.suggest}?q=${encodeURIComponent(text)}&limit=8`;
    const response = await fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}});
    if (!response.ok) return;
    const data = await response.json();
    list.replaceChildren(...data.people.map((p) => {
      const option = document.createElement("option");
      option.value = p.person_id;
      option.textContent = [p.name, p.title, p.department].filter(Boolean).join(" · ");
      return option;
    }));
  }
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  if (document.activeElement === input) refresh();
}

// A list of paths (ol[data-graph]) and the sandboxed graph frame it names talk by messages:
// the list says which path to highlight; the frame says when it is ready and which path was
// clicked in it. Only messages from that frame are listened to.
function pathsWithGraph(list) {
  const frame = document.getElementById(list.dataset.graph);
  const items = [...list.querySelectorAll(":scope > li.path")];
  let selected = 0;
  function select(index, tellGraph) {
    selected = index;
    items.forEach((item, i) => {
      item.classList.toggle("selected", i === index);
      item.querySelector("button.show-path").setAttribute("aria-pressed", String(i === index));
    });
    if (tellGraph && frame.contentWindow) frame.contentWindow.postMessage({type: "highlight-path", path: index}, "*");
  }
  items.forEach((item, i) => item.querySelector("button.show-path").addEventListener("click", () => select(i, true)));
  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || !event.data) return;
    if (event.data.type === "graph-ready") select(selected, true);
    if (event.data.type === "path-chosen" && items[event.data.path]) select(Number(event.data.path), false);
  });
  select(0, true);  // in case the frame was ready before this ran; else its "graph-ready" asks again
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-suggest]").forEach(suggest);
  document.querySelectorAll("ol.paths[data-graph]").forEach(pathsWithGraph);
  const refresh = document.querySelector("[data-refresh]");
  if (refresh) setTimeout(() => window.location.reload(), 1000 * Number(refresh.dataset.refresh));
});
