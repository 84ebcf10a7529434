/* Praksisatlas: the explorer (/udforsk/) and the matrix (/matrix/).
 *
 * The build renders every case card, every facet checkbox and the matrix table; this script only
 * wires them up, so the pages stay complete without JavaScript. No framework, no network except
 * the site's own data files.
 *
 * Speed (designed for < 16 ms per click at 2,000 cases): each facet value is a bitset over the
 * cards, built once from the cards' data-* attributes. A click ANDs/ORs a few dozen 32-bit words
 * per value, and the DOM is touched only where something changed (a card's class, a count).
 * Cards are hidden with a class, not the `hidden` attribute: Material's CSS has
 * `:not([hidden]) ~ …` rules, which make every `hidden` toggle invalidate all later siblings.
 * History entries are written after the next paint (see flushHistory).
 *
 * URL format, shared with the build (explorer.py) and the matrix:
 * `?tema=a,b&trin=2&soeg=ord&sort=trin`. Within a facet values are OR, across facets AND.
 * The free text is `soeg`, not `q`: Material opens its site search for `?q=` on any page.
 */
(() => {
  "use strict";

  const FACETS = [
    "tema", "trin", "maalgruppe", "lov", "metode", "dok", "region", "kommune", "kilde", "periode",
  ];
  const SORTS = ["titel", "trin", "nyeste"];
  const AXES = ["tema", "trin"]; // the matrix's own axes
  const TEXT = "soeg";

  /** The view described by a query string; values are not checked against the page yet. */
  function readState(search) {
    const params = new URLSearchParams(search);
    const filters = {};
    for (const param of FACETS) {
      const raw = params.get(param);
      filters[param] = new Set(raw ? raw.split(",").map((v) => v.trim()).filter(Boolean) : []);
    }
    const sort = params.get("sort");
    return { filters, q: params.get(TEXT) || "", sort: SORTS.includes(sort) ? sort : "titel" };
  }

  /** The query string for a view; `skip` leaves out facets (the matrix drops its axes). */
  function writeQuery(state, skip = [], extra = []) {
    const parts = [];
    for (const param of FACETS) {
      const values = skip.includes(param) ? [] : Array.from(state.filters[param]);
      if (values.length) parts.push(`${param}=${values.map(encodeURIComponent).join(",")}`);
    }
    parts.push(...extra);
    const q = state.q.trim();
    if (q) parts.push(`${TEXT}=${encodeURIComponent(q)}`);
    if (state.sort !== "titel") parts.push(`sort=${state.sort}`);
    return parts.length ? `?${parts.join("&")}` : "";
  }

  /* Free text: the site search's Danish normaliser (search-da.js, loaded before this file) when
   * present, so «borgere» or «Naestved» match here as in the search box; else plain substrings. */
  const Danish = window.PraksisatlasSearch;
  const prepareText = (text) => (Danish ? Danish.prepare(text) : text.toLocaleLowerCase("da"));
  /** A predicate over prepared texts, or null when the query is empty. */
  function textFilter(q) {
    if (!q.trim()) return null;
    if (Danish) return Danish.compile(q);
    const words = q.toLocaleLowerCase("da").split(/\s+/).filter(Boolean);
    return (haystack) => words.every((word) => haystack.includes(word));
  }
  const noun = (n) => (n === 1 ? "praksiseksempel" : "praksiseksempler");

  function popcount(x) {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }

  /** pushState/replaceState, tolerating Chromium's throttle on very frequent history calls. */
  function setHistory(push, url) {
    try {
      history[push ? "pushState" : "replaceState"](null, "", url);
    } catch (error) {
      /* The view is right even when the browser refuses one more history entry. */
    }
  }

  /** Split CSV text into raw rows (quoted fields may hold ; and line breaks). */
  function csvRows(text) {
    const rows = [];
    let start = 0;
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === "\n" || ch === "\r")) {
        if (i > start) rows.push(text.slice(start, i));
        if (ch === "\r" && text[i + 1] === "\n") i++;
        start = i + 1;
      }
    }
    if (start < text.length) rows.push(text.slice(start));
    return rows;
  }

  // --- explorer ----------------------------------------------------------------------------------

  function initExplorer(root) {
    const started = performance.now();
    const form = root.querySelector(".atlas-explorer__form");
    const list = root.querySelector(".atlas-explorer__list");
    const countEl = root.querySelector(".atlas-explorer__count");
    const emptyEl = root.querySelector(".atlas-explorer__empty");
    const tools = root.querySelector(".atlas-explorer__tools");
    const csvButton = root.querySelector(".atlas-csv");
    const matrixLink = root.querySelector(".atlas-matrix-link");
    const qInput = form.querySelector("#atlas-q");
    const sortSelect = form.querySelector("#atlas-sort");
    const cards = Array.from(list.children);
    const n = cards.length;
    const words32 = (n + 31) >>> 5;
    const bit = (bits, i) => (bits[i >>> 5] >>> (i & 31)) & 1;

    const full = new Uint32Array(words32);
    const index = {};
    for (const param of FACETS) index[param] = new Map();
    let haystacks = null;
    /** Card texts for the free-text filter, prepared on first use (or when the page is idle),
     *  so opening the page does not wait for 2,000 texts to be normalised. */
    function texts() {
      if (!haystacks) {
        haystacks = cards.map((card) => prepareText(
          `${card.querySelector(".atlas-xcard__title").textContent} `
          + card.querySelector(".atlas-xcard__summary").textContent));
      }
      return haystacks;
    }
    const slugs = new Array(n);
    const updated = new Array(n);
    const steps = new Array(n);
    cards.forEach((card, i) => {
      full[i >>> 5] |= 1 << (i & 31);
      for (const param of FACETS) {
        const raw = card.getAttribute(`data-${param}`);
        if (!raw) continue;
        for (const key of raw.split(" ")) {
          let bits = index[param].get(key);
          if (!bits) index[param].set(key, (bits = new Uint32Array(words32)));
          bits[i >>> 5] |= 1 << (i & 31);
        }
      }
      slugs[i] = card.getAttribute("data-case");
      updated[i] = card.getAttribute("data-updated") || "";
      // «Sortér efter trin»: first step, then last step, off the continuum last (data-order).
      steps[i] = Number(card.getAttribute("data-order"));
    });

    const byTitle = cards.map((_, i) => i); // the build writes cards in title order
    const orders = {
      titel: byTitle,
      trin: byTitle.slice().sort((a, b) => steps[a] - steps[b] || a - b),
      nyeste: byTitle.slice().sort((a, b) =>
        updated[a] > updated[b] ? -1 : updated[a] < updated[b] ? 1 : a - b),
    };

    const boxes = {};
    const groups = {};
    for (const param of FACETS) boxes[param] = [];
    for (const input of form.querySelectorAll('input[type="checkbox"]')) {
      boxes[input.name].push({
        input,
        key: input.value,
        item: input.closest("li"),
        // The label follows its box (explorer.py); `input.labels` would scan the whole page.
        countEl: input.nextElementSibling.querySelector(".atlas-facet-count"),
        bits: index[input.name].get(input.value) || new Uint32Array(words32),
        last: -1,
      });
    }
    for (const group of form.querySelectorAll(".atlas-facet")) {
      groups[group.dataset.facet] = {
        details: group,
        chosen: group.querySelector(".atlas-facet-chosen"),
        last: -1,
      };
    }

    /** Keep only values this page offers, in the page's order, so URLs are canonical. */
    function normalise(state) {
      for (const param of FACETS) {
        const wanted = state.filters[param];
        state.filters[param] = new Set(boxes[param].map((b) => b.key).filter((k) => wanted.has(k)));
      }
      return state;
    }

    function readControls() {
      const filters = {};
      for (const param of FACETS) {
        filters[param] = new Set(boxes[param].filter((b) => b.input.checked).map((b) => b.key));
      }
      return { filters, q: qInput.value, sort: sortSelect.value };
    }

    function setControls(state) {
      for (const param of FACETS) {
        for (const box of boxes[param]) box.input.checked = state.filters[param].has(box.key);
        if (state.filters[param].size && groups[param]) groups[param].details.open = true;
      }
      qInput.value = state.q;
      sortSelect.value = state.sort;
    }

    /** Matching cards, and per facet value the count it gives under the *other* filters. */
    function compute(state) {
      const match = textFilter(state.q);
      let base = full;
      if (match) {
        const prepared = texts();
        base = new Uint32Array(words32);
        for (let i = 0; i < n; i++) {
          if (match(prepared[i])) base[i >>> 5] |= 1 << (i & 31);
        }
      }
      const masks = FACETS.map((param) => {
        const chosen = state.filters[param];
        if (!chosen.size) return null;
        const mask = new Uint32Array(words32);
        for (const key of chosen) {
          const bits = index[param].get(key);
          if (bits) for (let w = 0; w < words32; w++) mask[w] |= bits[w];
        }
        return mask;
      });
      const others = (skip) => {
        const out = base.slice();
        masks.forEach((mask, f) => {
          if (mask && f !== skip) for (let w = 0; w < words32; w++) out[w] &= mask[w];
        });
        return out;
      };
      const counts = {};
      FACETS.forEach((param, f) => {
        const scope = others(f);
        counts[param] = boxes[param].map((box) => {
          let c = 0;
          for (let w = 0; w < words32; w++) c += popcount(scope[w] & box.bits[w]);
          return c;
        });
      });
      return { result: others(-1), counts };
    }

    // --- the map view: fetched and drawn only when opened (the list's speed stays) ----------
    const mapButton = root.querySelector(".atlas-map-toggle");
    const mapBox = root.querySelector(".atlas-explorer__map");
    const mapLows = (mapBox.dataset.bins || "").split(",").map(Number).filter(Boolean);
    const mapStep = (count) => mapLows.reduce((step, low, i) => (count >= low ? i + 1 : step), 0);
    let mapView = null;
    let kommuneCounts = new Map();
    let chosenKommuner = new Set();

    function drawMap() {
      for (const item of mapView) {
        const count = kommuneCounts.get(item.slug) || 0;
        const step = mapStep(count);
        item.path.setAttribute("class", step ? `atlas-map__s${step}` : "atlas-map__k0");
        if (item.label) {
          item.label.textContent = count ? String(count) : "";
          item.label.setAttribute("class", `atlas-map__n atlas-map__t${step}`);
        }
        if (!item.interactive) continue;
        const chosen = chosenKommuner.has(item.slug);
        const active = (count > 0 || chosen) && item.filterable;
        item.g.classList.toggle("is-chosen", chosen);
        item.g.setAttribute("data-count", String(count));
        if (active) {
          item.g.setAttribute("role", "button");
          item.g.setAttribute("tabindex", "0");
          item.g.setAttribute("aria-pressed", String(chosen));
          item.g.setAttribute("aria-label", `${item.name}: ${count} ${noun(count)}`);
        } else {
          for (const a of ["role", "tabindex", "aria-pressed", "aria-label"]) {
            item.g.removeAttribute(a);
          }
        }
      }
    }

    function toggleKommune(slug) {
      const box = boxes.kommune.find((b) => b.key === slug);
      if (!box) return;
      box.input.checked = !box.input.checked;
      commit("facet");
    }

    async function openMap() {
      if (!mapView) {
        mapButton.disabled = true;
        try {
          const response = await fetch(mapBox.dataset.src);
          if (!response.ok) throw new Error(String(response.status));
          const doc = new DOMParser().parseFromString(await response.text(), "image/svg+xml");
          const svg = document.importNode(doc.documentElement, true);
          mapBox.querySelector(".atlas-explorer__map-drawing").appendChild(svg);
          const filterable = new Set(boxes.kommune.map((b) => b.key));
          mapView = Array.from(svg.querySelectorAll("g[data-kommune]"), (g) => ({
            g,
            slug: g.dataset.kommune,
            name: g.dataset.name,
            path: g.querySelector("path"),
            label: g.querySelector("text"),
            interactive: g.dataset.map === "inset" || !g.hasAttribute("data-inset"),
            filterable: filterable.has(g.dataset.kommune),
          }));
          const pick = (event) => {
            const g = event.target.closest('g[role="button"]');
            if (g) toggleKommune(g.dataset.kommune);
          };
          svg.addEventListener("click", pick);
          svg.addEventListener("keydown", (event) => {
            if (event.key !== "Enter" && event.key !== " ") return;
            event.preventDefault();
            pick(event);
          });
        } catch (error) {
          mapButton.disabled = false;
          countEl.textContent = "Kortet kunne ikke hentes. Prøv igen.";
          return;
        }
        mapButton.disabled = false;
      }
      mapBox.hidden = false;
      mapButton.setAttribute("aria-expanded", "true");
      mapButton.textContent = "Skjul kortet";
      drawMap();
      root.setAttribute("data-map-ready", "true");
    }

    mapButton.addEventListener("click", () => {
      if (!mapBox.hidden) {
        mapBox.hidden = true;
        mapButton.setAttribute("aria-expanded", "false");
        mapButton.textContent = "Vis udvalget på kort";
        return;
      }
      openMap();
    });

    const shown = new Uint8Array(n).fill(1);
    let sorted = "titel";
    let total = n;

    function render(state) {
      const { result, counts } = compute(state);
      total = 0;
      for (let i = 0; i < n; i++) {
        const on = bit(result, i);
        total += on;
        if (on !== shown[i]) {
          shown[i] = on;
          cards[i].classList.toggle("atlas-off", !on);
        }
      }
      if (state.sort !== sorted) {
        const fragment = document.createDocumentFragment();
        for (const i of orders[state.sort]) fragment.appendChild(cards[i]);
        list.appendChild(fragment);
        sorted = state.sort;
      }
      for (const param of FACETS) {
        boxes[param].forEach((box, j) => {
          const c = counts[param][j];
          if (c !== box.last) {
            box.countEl.textContent = `(${c})`;
            box.last = c;
          }
          const disabled = c === 0 && !box.input.checked;
          if (box.input.disabled !== disabled) {
            box.input.disabled = disabled;
            box.item.classList.toggle("is-empty", disabled);
          }
        });
        const group = groups[param];
        const chosen = state.filters[param].size;
        if (group && chosen !== group.last) {
          group.chosen.textContent = chosen ? ` (${chosen} valgt)` : "";
          group.last = chosen;
        }
      }
      kommuneCounts = new Map(boxes.kommune.map((box, j) => [box.key, counts.kommune[j]]));
      chosenKommuner = state.filters.kommune;
      if (mapView && !mapBox.hidden) drawMap();
      countEl.textContent = `${total} af ${n} ${noun(n)}`;
      list.setAttribute("data-shown", String(total));
      emptyEl.hidden = total !== 0;
      csvButton.textContent = `Hent udvalget som CSV (${total})`;
      csvButton.disabled = total === 0;
      matrixLink.href = root.dataset.matrix + writeQuery({ ...state, sort: "titel" }, AXES);
      return result;
    }

    let lastResult = null;
    let lastKind = "";
    let lastTime = 0;
    let recorded = location.pathname + location.search + location.hash;
    const pending = [];

    /** Write queued URL changes. Runs after the next paint: a history entry costs the browser
     *  several milliseconds, which should not delay the updated list. */
    function flushHistory() {
      while (pending.length) {
        const [push, url] = pending.shift();
        setHistory(push, url);
      }
    }

    /** Read the controls, update the view and record it in the URL (one entry per change). */
    function commit(kind) {
      const state = readControls();
      lastResult = render(state);
      const url = location.pathname + writeQuery(state) + location.hash;
      const now = performance.now();
      // Typing a word is one change: later keystrokes of a burst replace its history entry.
      const burst = kind === "q" && lastKind === "q" && now - lastTime < 1500;
      lastKind = kind;
      lastTime = now;
      if (url === recorded) return;
      recorded = url;
      if (!pending.length) requestAnimationFrame(() => setTimeout(flushHistory, 0));
      pending.push([!burst, url]);
    }

    form.addEventListener("change", (event) => {
      const target = event.target;
      if (target.type === "checkbox") commit("facet");
      else if (target === sortSelect) commit("sort");
    });
    qInput.addEventListener("input", () => commit("q"));
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      setControls(readState(""));
      commit("reset");
      qInput.focus();
    });
    window.addEventListener("popstate", () => {
      pending.length = 0;
      recorded = location.pathname + location.search + location.hash;
      const state = normalise(readState(location.search));
      setControls(state);
      lastResult = render(state);
      lastKind = "";
    });

    // The site search (search-ui.js) removes `tema`/`trin` from the address when it closes; the
    // explorer still shows them, so write the explorer's view back afterwards.
    const searchToggle = document.getElementById("__search");
    if (searchToggle) {
      searchToggle.addEventListener("change", () => {
        if (searchToggle.checked) return;
        setTimeout(() => {
          flushHistory();
          if (location.pathname + location.search + location.hash !== recorded) {
            setHistory(false, recorded);
          }
        }, 0);
      });
    }

    csvButton.addEventListener("click", async () => {
      const state = readControls();
      const result = lastResult || render(state);
      const chosen = orders[state.sort].filter((i) => bit(result, i)).map((i) => slugs[i]);
      try {
        const response = await fetch(root.dataset.data);
        if (!response.ok) throw new Error(String(response.status));
        const text = new TextDecoder("utf-8", { ignoreBOM: true })
          .decode(await response.arrayBuffer());
        const bom = text.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
        const rows = csvRows(bom ? text.slice(1) : text);
        const bySlug = new Map(rows.slice(1).map((row) => [row.slice(0, row.indexOf(";")), row]));
        const out = [rows[0], ...chosen.map((slug) => bySlug.get(slug)).filter(Boolean)];
        const blob = new Blob([`${bom}${out.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "praksisatlas-udvalg.csv";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      } catch (error) {
        countEl.textContent = "Udvalget kunne ikke hentes som CSV. Prøv igen, eller hent hele "
          + "atlasset fra siden Om atlasset.";
      }
    });

    // On a phone the open theme and step groups would push the results far down: start closed.
    if (window.matchMedia("(max-width: 52em)").matches) {
      for (const group of Object.values(groups)) group.details.open = false;
    }
    const initial = normalise(readState(location.search));
    setControls(initial);
    lastResult = render(initial);
    const canonical = writeQuery(initial);
    if (canonical !== location.search && !(canonical === "" && location.search === "?")) {
      setHistory(false, location.pathname + canonical + location.hash);
      recorded = location.pathname + location.search + location.hash;
    }
    form.hidden = false;
    tools.hidden = false;
    root.setAttribute("data-ready", "true");
    root.setAttribute("data-init-ms", (performance.now() - started).toFixed(1));
    if (window.requestIdleCallback) requestIdleCallback(texts, { timeout: 3000 });
  }

  // --- matrix ------------------------------------------------------------------------------------

  async function initMatrix(root) {
    const data = JSON.parse(root.querySelector(".atlas-matrix__data").textContent);
    const note = root.querySelector(".atlas-matrix__filters");
    const state = readState(location.search);
    const facets = data.facets;
    const cases = data.cases.map(([slug, ...values]) => {
      const sets = {};
      facets.forEach((facet, f) => {
        sets[facet.param] = new Set(values[f].map((ix) => facet.values[ix][0]));
      });
      return { slug, sets };
    });
    const described = [];
    for (const facet of facets) {
      if (AXES.includes(facet.param)) {
        state.filters[facet.param] = new Set();
        continue;
      }
      const labels = new Map(facet.values);
      const chosen = Array.from(state.filters[facet.param]).filter((k) => labels.has(k));
      state.filters[facet.param] = new Set(chosen);
      if (chosen.length) {
        described.push(`${facet.legend}: ${chosen.map((k) => labels.get(k)).join(" eller ")}`);
      }
    }
    const match = textFilter(state.q);
    if (!described.length && !match) {
      root.setAttribute("data-ready", "true");
      return;
    }
    let keep = cases.filter((c) => FACETS.every((param) => {
      const chosen = state.filters[param];
      if (!chosen.size) return true;
      for (const key of c.sets[param]) if (chosen.has(key)) return true;
      return false;
    }));
    if (match) {
      described.push(`Søgning: «${state.q.trim()}»`);
      try {
        const response = await fetch(root.dataset.cases);
        const text = new Map((await response.json()).map((c) => [
          c.slug, prepareText(`${c.title} ${c.summary}`)]));
        keep = keep.filter((c) => text.has(c.slug) && match(text.get(c.slug)));
      } catch (error) {
        described.push("(søgningen kunne ikke bruges, fordi data ikke kunne hentes)");
      }
    }
    state.sort = "titel";
    // The heat shades keep the full catalogue's classes (explorer.py): a filtered count is never
    // larger, so the key under the table stays true.
    const lows = (root.dataset.heatBins || "").split(",").map(Number).filter(Boolean);
    const heatOf = (count) => lows.reduce((step, low, i) => (count >= low ? i + 1 : step), 0);
    for (const cell of root.querySelectorAll("td[data-tema]")) {
      const tema = cell.dataset.tema;
      const trin = cell.dataset.trin;
      const count = keep.filter((c) => (!tema || c.sets.tema.has(tema))
        && (!trin || c.sets.trin.has(trin))).length;
      const axes = [];
      if (tema) axes.push(`tema=${tema}`);
      if (trin) axes.push(`trin=${trin}`);
      cell.dataset.count = String(count);
      cell.classList.toggle("is-empty", count === 0);
      if (cell.dataset.heat !== undefined) {
        const heat = heatOf(count);
        for (let h = 1; h <= lows.length; h++) cell.classList.toggle(`atlas-heat-${h}`, h === heat);
        cell.dataset.heat = String(heat);
      }
      cell.textContent = "";
      if (count === 0) {
        const span = document.createElement("span");
        span.textContent = "ingen";
        cell.appendChild(span);
      } else {
        const link = document.createElement("a");
        link.href = root.dataset.explorer + writeQuery(state, [], axes);
        link.textContent = String(count);
        cell.appendChild(link);
      }
    }
    note.textContent = `Matrixen tæller kun de ${keep.length} af ${cases.length} `
      + `${noun(cases.length)}, der passer til: ${described.join("; ")}. `;
    const all = document.createElement("a");
    all.href = location.pathname;
    all.textContent = "Vis hele matrixen";
    const explorer = document.createElement("a");
    explorer.href = root.dataset.explorer + writeQuery(state);
    explorer.textContent = "Se udvalget i udforskeren";
    note.append(all, " · ", explorer);
    root.setAttribute("data-ready", "true");
  }

  function start() {
    const explorer = document.querySelector(".atlas-explorer");
    if (explorer) initExplorer(explorer);
    const matrix = document.querySelector(".atlas-matrix");
    if (matrix) initMatrix(matrix);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
