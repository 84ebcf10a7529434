/* Praksisatlas: pick cases to compare, and the compare page (/sammenlign/?cases=a,b,c).
 *
 * Loaded on every page. On the explorer and on case pages it adds «Sammenlign» toggles; the
 * pending selection lives in sessionStorage only (no cookies, no localStorage), and the compare
 * page's URL is the shareable truth. The page itself reads the site's own data/cases.json.
 */
(() => {
  "use strict";

  const STORE = "praksisatlas.sammenlign";
  const MAX = 4;
  const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function loadSelection() {
    try {
      const value = JSON.parse(sessionStorage.getItem(STORE) || "[]");
      return Array.isArray(value) ? value.filter((s) => SLUG.test(s)).slice(0, MAX) : [];
    } catch (error) {
      return [];
    }
  }

  function saveSelection(list) {
    try {
      sessionStorage.setItem(STORE, JSON.stringify(list));
    } catch (error) {
      /* Private mode without storage: the toggles then only last for this page. */
    }
  }

  /** The site root as a URL, from Material's page config (a relative «base» like "../.."). */
  function siteRoot() {
    let base = ".";
    try {
      base = JSON.parse(document.getElementById("__config").textContent).base || ".";
    } catch (error) {
      /* keep "." */
    }
    return new URL(base.endsWith("/") ? base : `${base}/`, location.href);
  }

  const compareHref = (list) =>
    new URL(`sammenlign/${list.length ? `?cases=${list.join(",")}` : ""}`, siteRoot()).href;

  /** Create an element; `children` are nodes or strings (always inserted as text). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined && child !== "") node.append(child);
    }
    return node;
  }

  // --- toggles and the selection tray --------------------------------------------------------

  let selection = loadSelection();
  const trays = [];

  function makeTray(tray) {
    const status = el("p", { class: "atlas-compare-tray__status", role: "status" });
    const go = el("a", { class: "atlas-compare-tray__go" });
    const clear = el("button", { type: "button", class: "atlas-compare-tray__clear" });
    clear.textContent = "Ryd valget";
    clear.addEventListener("click", () => {
      selection = [];
      saveSelection(selection);
      sync("");
      const first = document.querySelector(".atlas-compare-toggle");
      if (first) first.focus();
    });
    tray.append(status, el("p", { class: "atlas-compare-tray__actions" }, go, " ", clear));
    trays.push({ tray, status, go });
  }

  function sync(message) {
    for (const button of document.querySelectorAll(".atlas-compare-toggle[data-compare]")) {
      const on = selection.includes(button.dataset.compare);
      if ((button.getAttribute("aria-pressed") === "true") !== on) {
        button.setAttribute("aria-pressed", String(on));
      }
    }
    for (const { tray, status, go } of trays) {
      const n = selection.length;
      tray.hidden = n === 0 && !message;
      status.textContent = message
        || `${n} af højst ${MAX} praksiseksempler valgt til sammenligning.`
          + (n === 1 ? " Vælg mindst ét mere." : "");
      go.hidden = n < 2;
      go.href = compareHref(selection);
      go.textContent = `Sammenlign de ${n} valgte`;
    }
  }

  function toggle(slug) {
    if (selection.includes(slug)) {
      selection = selection.filter((s) => s !== slug);
    } else if (selection.length >= MAX) {
      sync(`Du kan sammenligne højst ${MAX} praksiseksempler. Fjern et, før du vælger et nyt.`);
      return;
    } else {
      selection = [...selection, slug];
    }
    saveSelection(selection);
    sync("");
  }

  function initToggles() {
    // A case page carries its «Sammenlign» button from the build, as the explorer's cards do;
    // «atlas-compare-ready» below shows them (explorer.css keeps their room until then).
    for (const tray of document.querySelectorAll(".atlas-compare-tray")) makeTray(tray);
    if (!document.querySelector(".atlas-compare-toggle[data-compare]")) return;
    document.documentElement.classList.add("atlas-compare-ready");
    document.addEventListener("click", (event) => {
      const button = event.target.closest(".atlas-compare-toggle[data-compare]");
      if (button) toggle(button.dataset.compare);
    });
    sync("");
  }

  // --- the compare page ------------------------------------------------------------------------

  function periodLabel(period) {
    const { start, end, note } = period || {};
    let text = "ikke oplyst i kilden";
    if (start && end) text = start === end ? String(start) : `${start}–${end}`;
    else if (start) text = `fra ${start}`;
    else if (end) text = `til ${end}`;
    return note ? `${text} (${note})` : text;
  }

  /** The placement as the case page says it: «Trin 3: …», «Trin 2–4», «Uden for
   *  kontinuummet: …»; linked to the step (the first of a span) or the support function. */
  function placement(c, labels, href) {
    const steps = c.continuum_steps || [];
    if (!steps.length) {
      const name = labels.support_functions[c.support_function] || c.support_function || "";
      return el("a", { href: href(`kontinuum/uden-for/#${c.support_function}`) },
        el("strong", { text: `Uden for kontinuummet: ${name}` }));
    }
    const text = steps.length > 1
      ? `Trin ${steps[0]}–${steps[steps.length - 1]}`
      : labels.steps[String(steps[0])];
    return el("a", { href: href(`kontinuum/#trin-${steps[0]}`) }, el("strong", { text }));
  }

  /** «Kort omtale · Kilden oplyser ikke: periode, omfang»: depth and gaps in one line. */
  function depth(c, labels) {
    const name = labels.documentation[c.documentation] || c.documentation;
    const gaps = (c.source_gaps || []).map((k) => labels.source_gaps[k] || k);
    return gaps.length ? `${name} · Kilden oplyser ikke: ${gaps.join(", ")}` : name;
  }

  function initComparePage(root) {
    const labels = JSON.parse(root.querySelector(".atlas-compare__labels").textContent);
    const message = root.querySelector(".atlas-compare__message");
    const body = root.querySelector(".atlas-compare__body");
    const rootUrl = new URL(root.dataset.root || "./", location.href);
    const href = (path) => new URL(path, rootUrl).href;
    const explorerLink = () => el("a", { href: root.dataset.explorer, text: "udforskeren" });
    let catalog = null;

    async function loadCatalog() {
      if (!catalog) {
        const response = await fetch(root.dataset.cases);
        if (!response.ok) throw new Error(String(response.status));
        catalog = new Map((await response.json()).map((c) => [c.slug, c]));
      }
      return catalog;
    }

    const list = (keys, names) => (keys.length
      ? el("ul", {}, ...keys.map((k) => el("li", { text: names[k] || k })))
      : el("span", { text: "Ikke angivet" }));

    const rows = [
      ["Kort fortalt", (c) => el("p", { text: c.summary })],
      ["Målgruppe", (c) => list(c.target_groups, labels.target_groups)],
      ["Trin på kontinuummet", (c) => el("div", {},
        el("p", {}, placement(c, labels, href)),
        c.continuum_uncertain ? el("p", { text: "Placeringen er usikker." }) : "",
        el("p", { text: c.continuum_rationale }))],
      ["Kvalitetstemaer", (c) => el("ul", {}, ...c.themes.map((k, i) => el("li", {},
        el("a", { href: href(`temaer/${k}/`), text: labels.themes[k] || k }),
        i === 0 ? " (hovedtema)" : "")))],
      ["Lovgrundlag", (c) => list(c.legal_basis, labels.legal_basis)],
      ["Metoder", (c) => list(c.methods, labels.methods)],
      ["Organisation", (c) => el("p", { text: c.organisation })],
      ["Sted", (c) => el("p", { text: [
        ...c.municipalities.map((m) => `${m} Kommune`),
        ...c.counties.map((k) => labels.counties[k] || k),
        ...(c.national ? ["Landsdækkende"] : []),
      ].join(", ") + (c.regions.length ? ` (${c.regions.join(", ")})` : "") || "Ikke oplyst" })],
      ["Periode", (c) => el("p", { text: periodLabel(c.period) })],
      ["Dokumentation", (c) => el("p", { text: depth(c, labels) })],
      ["Kilder", (c) => el("ul", {}, ...c.sources.map((s) => el("li", {
        text: [labels.sources[s.source] || s.source, `afsnit ${s.section}`, s.locator, s.pages]
          .filter(Boolean).join(", "),
      })))],
    ];

    function requested() {
      const raw = new URLSearchParams(location.search).get("cases");
      if (raw === null) return null;
      return Array.from(new Set(raw.split(",").map((s) => s.trim()).filter(Boolean)));
    }

    /** Cases as columns, fields as rows. Explicit table roles: on a phone the CSS turns the
     *  table into one block per field, and browsers then drop the implied table semantics. */
    function table(cases) {
      const head = el("tr", { role: "row" }, el("td", { role: "cell" }));
      for (const c of cases) {
        const remove = el("button", { type: "button", class: "atlas-compare__remove" },
          "Fjern", el("span", { class: "atlas-sr-only", text: ` «${c.title}» fra sammenligningen` }));
        remove.addEventListener("click", () => {
          const rest = cases.filter((other) => other !== c).map((other) => other.slug);
          history.pushState(null, "", `?cases=${rest.join(",")}`);
          show().then(() => {
            const next = root.querySelector(".atlas-compare__remove")
              || root.querySelector(".atlas-compare__message a");
            if (next) next.focus();
          });
        });
        head.append(el("th", { scope: "col", role: "columnheader" },
          el("a", { href: href(c.url), text: c.title }), " ", remove));
      }
      const tbody = el("tbody", { role: "rowgroup" });
      for (const [label, cell] of rows) {
        tbody.append(el("tr", { role: "row" },
          el("th", { scope: "row", role: "rowheader", text: label }),
          ...cases.map((c) => el("td", { role: "cell", "data-label": c.title }, cell(c)))));
      }
      return el("div", {
        class: "atlas-compare__scroll", role: "region", tabindex: "0",
        "aria-labelledby": "atlas-compare-caption",
      }, el("table", {
        class: "atlas-compare__table", role: "table", "data-cases": String(cases.length),
      },
      el("caption", { id: "atlas-compare-caption",
        text: `${cases.length} praksiseksempler side om side` }),
      el("thead", { role: "rowgroup" }, head), tbody));
    }

    async function show() {
      let slugs = requested();
      if (slugs === null) {
        slugs = loadSelection();
        if (slugs.length) history.replaceState(null, "", `?cases=${slugs.join(",")}`);
      }
      message.textContent = "";
      body.textContent = "";
      let all;
      try {
        all = await loadCatalog();
      } catch (error) {
        message.append(el("p", { class: "atlas-compare__problem",
          text: "Atlassets data kunne ikke hentes, så sammenligningen kan ikke vises. "
            + "Genindlæs siden, eller prøv igen senere." }));
        return;
      }
      const unknown = slugs.filter((s) => !all.has(s));
      const known = slugs.filter((s) => all.has(s));
      const cases = known.slice(0, MAX).map((s) => all.get(s));
      if (unknown.length) {
        const names = unknown.map((s) => `«${s}»`).join(", ");
        message.append(el("p", { class: "atlas-compare__problem" },
          unknown.length === 1
            ? `Atlasset har intet praksiseksempel med adressen ${names}. `
            : `Atlasset har ingen praksiseksempler med adresserne ${names}. `,
          "Måske er linket skrevet forkert, eller eksemplet har fået et nyt navn. Find det i ",
          explorerLink(), "."));
      }
      if (known.length > MAX) {
        message.append(el("p", { text: `Du kan sammenligne højst ${MAX} praksiseksempler ad `
          + `gangen. Her er de ${MAX} første af de ${known.length}, du har valgt.` }));
      }
      if (cases.length < 2) {
        const chosen = cases.length === 1
          ? ["Du har valgt ", el("a", { href: href(cases[0].url), text: cases[0].title }), ". "]
          : [];
        message.append(el("p", { class: "atlas-compare__guide" }, ...chosen,
          "Vælg mindst to praksiseksempler for at sammenligne dem. Brug knappen «Sammenlign» i ",
          explorerLink(), " eller på et eksempels egen side, og kom så tilbage hertil."));
      } else {
        body.append(table(cases));
      }
      selection = cases.map((c) => c.slug);
      saveSelection(selection);
      root.setAttribute("data-ready", "true");
    }

    window.addEventListener("popstate", () => show());
    show();
  }

  function start() {
    initToggles();
    const page = document.querySelector(".atlas-compare");
    if (page) initComparePage(page);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
