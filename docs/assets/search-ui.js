/* Praksisatlas: narrow the site search by theme or step (and search on any input).
 *
 * Adds two selects («Tema», «Trin») above Material's search results and tells our search worker
 * (assets/search-worker.js) about them over the BroadcastChannel named in
 * `<html data-search-channel>` (set by assets/search-config.js). The worker re-runs the query and
 * Material renders the new result list as usual.
 *
 * Links: `?q=ord&tema=sundhed&trin=2` opens the search with the query (Material reads `q`) and
 * these filters; the share button (search.share) copies a link with the filters too.
 */
(() => {
  "use strict";

  const name = document.documentElement.dataset.searchChannel;
  const wrap = document.querySelector(".md-search__scrollwrap");
  const query = document.querySelector(".md-search__input");
  if (!query) return;

  // Material searches on `keyup` only, so text pasted with the mouse, dictated or filled in by
  // the phone's keyboard suggestions waits for the next key. Let every change of the text count.
  query.addEventListener("input", (event) => {
    if (!event.isComposing) query.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });

  if (!name || !wrap || typeof BroadcastChannel === "undefined") return;

  const channel = new BroadcastChannel(name);
  const params = new URLSearchParams(location.search);
  const filter = { tema: params.get("tema") || "", trin: params.get("trin") || "" };
  let built = false;

  const row = document.createElement("div");
  row.className = "atlas-search-filters";
  row.hidden = true;
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Afgræns søgningen");

  function select(key, label, all) {
    const field = document.createElement("label");
    field.className = "atlas-search-filter";
    const text = document.createElement("span");
    text.textContent = label;
    const box = document.createElement("select");
    box.name = key;
    box.dataset.filter = key;
    const none = document.createElement("option");
    none.value = "";
    none.textContent = all;
    box.append(none);
    field.append(text, box);
    row.append(field);
    return box;
  }
  const tema = select("tema", "Tema", "Alle temaer");
  const trin = select("trin", "Trin", "Alle trin");
  wrap.prepend(row);

  function publish() {
    channel.postMessage({ type: "filter", ...filter });
    row.classList.toggle("is-active", Boolean(filter.tema || filter.trin));
  }

  function build(themes, steps, off) {
    if (built) return;
    built = true;
    for (const t of themes) tema.add(new Option(t.name, t.key));
    for (const s of steps) trin.add(new Option(`${s.step}. ${s.name}`, String(s.step)));
    if (off) trin.add(new Option(off.name, off.key)); // `trin=uden-for`

    tema.value = filter.tema;
    trin.value = filter.trin;
    filter.tema = tema.value; // unknown values from a link fall back to «alle»
    filter.trin = trin.value;
    row.hidden = false;
    publish();
  }

  channel.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "hello") publish();
    if (message.type === "facets") build(message.themes, message.steps, message.off);
  });

  for (const box of [tema, trin]) {
    box.addEventListener("change", () => {
      filter[box.dataset.filter] = box.value;
      publish();
    });
    // Material's search keyboard handling (arrows move through results, letters jump back to
    // the query) would make the selects unusable from the keyboard; Escape still closes.
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") return;
      if (event.key === "Tab" && event.shiftKey && box === tema) {
        event.preventDefault();
        query.focus();
      }
      if (event.key !== "Tab" || box !== trin || event.shiftKey) event.stopPropagation();
    });
  }
  // Tab from the query moves to the filters instead of closing the search.
  query.addEventListener("keydown", (event) => {
    if (event.key === "Tab" && !event.shiftKey && !row.hidden) {
      event.preventDefault();
      event.stopPropagation();
      tema.focus();
    }
  });

  // The share button copies a link that includes the filters.
  const share = document.querySelector("[data-md-component=search-share]");
  if (share) {
    share.addEventListener("click", () => {
      const url = new URL(share.href, location.href);
      for (const key of ["tema", "trin"]) {
        if (filter[key]) url.searchParams.set(key, filter[key]);
        else url.searchParams.delete(key);
      }
      share.setAttribute("data-clipboard-text", url.href);
    }, true);
  }

  // Like Material does for `q`: forget the filters in the address when the search closes.
  const toggle = document.getElementById("__search");
  if (toggle && (params.has("tema") || params.has("trin"))) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) return;
      const url = new URL(location.href);
      url.searchParams.delete("tema");
      url.searchParams.delete("trin");
      history.replaceState(history.state, "", url);
    });
  }
})();
