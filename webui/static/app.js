// intrograph: person autocomplete for inputs with data-suggest, and self-refreshing
// progress pages. Text only ever goes into the DOM as text (textContent / value).
"use strict";

function suggest(input) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(async () => {
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
    }, 200);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-suggest]").forEach(suggest);
  const refresh = document.querySelector("[data-refresh]");
  if (refresh) setTimeout(() => window.location.reload(), 1000 * Number(refresh.dataset.refresh));
});
