/* Praksisatlas: the search worker behind Material's search box.
 *
 * Material for MkDocs runs its search in a web worker and lets a site provide its own worker
 * (the `search` URL in `__config`; see overrides/main.html and assets/search-config.js). This
 * worker speaks Material's four messages (SETUP → READY, QUERY → RESULT), so the theme's search
 * box, keyboard shortcuts (/, s, f), result list, suggestions, `?q=` deep links and highlighting
 * stay as they are. Behind it:
 *
 *   engine=pagefind  Pagefind's static, chunked index with Danish stemming (site/pagefind/)
 *   engine=lunr      Material's own lunr worker, loaded here and fed rewritten queries
 *   da=1             the Danish query pipeline of search-da.js: typos and ASCII spellings
 *                    corrected against the site's words, inflections matched, vocabulary
 *                    synonyms and abbreviations (MI = motiverende samtale) found, results
 *                    labelled with municipality and step and narrowed by theme or step.
 *
 * The page talks to the worker about filters over a BroadcastChannel whose name it passes in
 * the worker URL (`ch=`), because Material owns the worker's message port.
 */
/* global PraksisatlasSearch */
"use strict";

importScripts("search-da.js");

const P = self.PraksisatlasSearch;
const params = new URL(self.location.href).searchParams;
const ENGINE = params.get("engine") === "lunr" ? "lunr" : "pagefind";
const DANISH = params.get("da") !== "0";
const ROOT = new URL("../", self.location.href); // the worker lives in <site>/assets/
const MSG = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3 };
const MAX_RESULTS = 30;
const EXCERPTS = 10;
const TERM_BOOST = 0.6;
const EXPANSION_WEIGHT = 0.5;

const send = self.postMessage.bind(self);
const channel = params.get("ch") ? new BroadcastChannel(params.get("ch")) : null;

const state = {
  data: null, // search/praksisatlas.json
  lexicon: null,
  terms: null,
  engine: null,
  filter: { tema: "", trin: "" },
  last: null, // the last query, re-run when a filter changes
  suggest: false,
};

/* ------------------------------------------------------------------------------------------ */
/* Engines: search(string) → [{location, score, title, text}] best first                        */
/* ------------------------------------------------------------------------------------------ */

/** Pagefind, loaded as a module into this worker (it then runs its wasm here, off the page).
 * Result ids map to pages through `pagefind` in our data file, so only the excerpts of the
 * results actually shown are fetched. */
async function pagefindEngine() {
  const base = new URL("pagefind/", ROOT);
  const pagefind = await import(new URL("pagefind.js", base).href);
  await pagefind.options({ basePath: base.pathname, baseUrl: ROOT.pathname });
  await pagefind.init();
  const pages = state.data.pagefind || {};

  return {
    async search(query) {
      const response = await pagefind.search(query);
      if (!response || !response.results.length) return [];
      const top = response.results[0].score || 1;
      const hits = [];
      for (const result of response.results) {
        const page = pages[result.id];
        if (!page) continue;
        const score = result.score / top;
        hits.push({ location: page[0], title: escapeHtml(page[1]), score, result });
      }
      return hits;
    },
    async excerpt(hit) {
      if (!hit.result) return "";
      const data = await hit.result.data();
      return data.excerpt || "";
    },
  };
}

/** Material's lunr worker: its message handler is captured and called with our queries. */
async function lunrEngine(setup) {
  const url = params.get("material");
  const lunrBase = new URL("../lunr/", url);
  const realImport = self.importScripts.bind(self);
  // Material resolves its language files against its own folder (../lunr/), not ours.
  const fix = (u) => (u.startsWith("../lunr/") ? new URL(u.slice(8), lunrBase).href : u);
  self.importScripts = (...urls) => realImport(...urls.map(fix));
  let handler = null;
  const realAdd = self.addEventListener.bind(self);
  self.addEventListener = (type, fn, options) => {
    if (type === "message") handler = fn;
    else realAdd(type, fn, options);
  };
  realImport(url);
  self.addEventListener = realAdd;

  let pending = null;
  self.postMessage = (message) => {
    const resolve = pending;
    pending = null;
    if (resolve) resolve(message);
  };
  const call = (message) =>
    new Promise((resolve) => {
      pending = resolve;
      handler({ data: message });
    });
  await call({ type: MSG.SETUP, data: setup });

  return {
    async search(query) {
      const reply = await call({ type: MSG.QUERY, data: query });
      const groups = (reply && reply.data && reply.data.items) || [];
      const top = groups.length ? Math.max(...groups[0].map((d) => d.score)) || 1 : 1;
      return groups.map((group) => {
        const article = group.find((d) => !d.location.includes("#")) || group[0];
        const best = group.reduce((a, b) => (b.score > a.score ? b : a));
        return {
          location: article.location,
          score: Math.max(...group.map((d) => d.score)) / top,
          title: article.title,
          text: best.text || article.text || "",
          terms: best.terms,
        };
      });
    },
    async excerpt() {
      return "";
    },
  };
}

/* ------------------------------------------------------------------------------------------ */
/* The Danish pipeline                                                                           */
/* ------------------------------------------------------------------------------------------ */

/** The engine query for the analysed words: Pagefind stems itself; lunr gets prefixes. */
function engineQuery(words, engine) {
  const content = words.filter((w) => w.known && !(w.stop && words.length > 1));
  if (engine === "pagefind") return content.map((w) => w.word).join(" ");
  return content
    .map((w) => (w.prefix.length <= 3 || /[\d§]/.test(w.prefix) ? `${w.prefix}^1` : w.prefix))
    .join(" ");
}

async function searchDanish(query) {
  const analysis = P.analyse(query, { lexicon: state.lexicon, terms: state.terms });
  const words = analysis.words;
  const hits = new Map();
  const add = (results, weight) => {
    for (const r of results) {
      const hit = hits.get(r.location);
      if (hit) {
        hit.score += weight * r.score;
        if (!hit.text && r.text) hit.text = r.text;
        if (!hit.result && r.result) hit.result = r.result;
      } else {
        hits.set(r.location, { ...r, score: weight * r.score });
      }
    }
  };
  const whole = engineQuery(words, ENGINE);
  if (whole) add(await state.engine.search(whole), 1);

  // Pagefind wants every word on the page. With few hits, let each word count on its own too.
  const content = words.filter((w) => w.known && !w.stop);
  if (ENGINE === "pagefind" && content.length > 1 && hits.size < 10) {
    for (const w of content) add(await state.engine.search(w.word), 0.5 / content.length);
  }

  // Vocabulary terms: the query is also run with the term's other names (MI ↔ motiverende
  // samtale), and cases tagged with the term rank up, most when it is their main one (the first
  // method listed), so they are found even where their text uses another name.
  // Both count in proportion to how much of the query the term's name is, and a term that half
  // the cases carry (§ 85) counts less than a rare one (CTI).
  const records = Object.entries(state.data.cases);
  const size = Math.max(1, words.filter((w) => !w.stop).length);
  for (const { term, covered } of analysis.terms) {
    const share = Math.min(1, covered / size);
    const key = `${term.facet}:${term.key}`;
    const tagged = records.filter(([, record]) => record.keys.includes(key)).length;
    const rarity = Math.max(0.2, 1 - tagged / Math.max(1, records.length));
    if (term.facet !== "kommune") {
      const others = term.labels.filter((label) => P.tokenize(label).length).slice(0, 3);
      for (const label of others) add(await state.engine.search(label), EXPANSION_WEIGHT * share);
    }
    for (const [location, record] of records) {
      const same = record.keys.filter((k) => k.startsWith(`${term.facet}:`));
      const position = same.indexOf(key);
      if (position < 0) continue;
      const boost = TERM_BOOST * share * rarity * (position === 0 ? 1 : 0.6);
      const hit = hits.get(location);
      if (hit) hit.score += boost;
      else hits.set(location, { location, score: boost, title: record.title, text: "" });
    }
  }
  const terms = {};
  for (const w of words) if (w.known && !w.stop) terms[w.prefix] = true;
  for (const w of words) if (!w.known && !w.term) terms[w.input] = false;
  return { hits: [...hits.values()], terms };
}

async function searchPlain(query) {
  const results = await state.engine.search(query);
  const terms = {};
  for (const t of P.tokenize(query)) terms[t] = true;
  return { hits: results, terms };
}

/* ------------------------------------------------------------------------------------------ */
/* Results in Material's format                                                                  */
/* ------------------------------------------------------------------------------------------ */

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ENTITIES[c]);
}

function passes(location) {
  const { tema, trin } = state.filter;
  if (!tema && !trin) return true;
  const record = state.data && state.data.cases[location];
  if (!record) return false;
  return (!tema || record.themes.includes(tema)) && (!trin || onStep(record, trin));
}

/** `trin` is 1–5 (a span case is on each of its steps) or `uden-for` (no steps). */
function onStep(record, trin) {
  const steps = record.steps || [];
  return trin === "uden-for" ? steps.length === 0 : steps.includes(Number(trin));
}

function tagsFor(record) {
  return [...record.places, record.placement];
}

async function run(query) {
  if (!state.engine) return { items: [] };
  const { hits, terms } = DANISH ? await searchDanish(query) : await searchPlain(query);
  const ranked = hits.filter((h) => passes(h.location)).sort((a, b) => b.score - a.score);
  const shown = ranked.slice(0, MAX_RESULTS);
  // Excerpts around the matched words for the first results (Material renders ten at once).
  await Promise.all(
    shown.slice(0, EXCERPTS).map(async (hit) => {
      if (!hit.text) hit.text = await state.engine.excerpt(hit);
    }),
  );
  const items = shown.map((hit) => {
    const record = state.data && state.data.cases[hit.location];
    const doc = {
      location: hit.location,
      title: record ? escapeHtml(record.title) : hit.title,
      text: hit.text || "",
      score: hit.score,
      terms: hit.terms || terms,
    };
    if (record) doc.tags = tagsFor(record);
    return [doc];
  });
  const result = { items };
  if (state.suggest) {
    const last = P.tokenize(query).pop();
    const completion = last && state.lexicon ? state.lexicon.complete(last) : "";
    result.suggest = completion ? [completion] : [];
  }
  return result;
}

/* ------------------------------------------------------------------------------------------ */
/* Messages                                                                                      */
/* ------------------------------------------------------------------------------------------ */

async function setup(message) {
  state.suggest = Boolean(message.data.options && message.data.options.suggest);
  const response = await fetch(new URL("search/praksisatlas.json", ROOT));
  state.data = await response.json();
  state.lexicon = new P.Lexicon(state.data.lexicon);
  state.terms = new P.Terms(state.data.terms);
  state.engine = ENGINE === "lunr" ? await lunrEngine(message.data) : await pagefindEngine();
  if (channel) {
    channel.postMessage({
      type: "facets", themes: state.data.themes, steps: state.data.steps, off: state.data.off,
    });
  }
}

let queue = Promise.resolve();
function enqueue(task) {
  queue = queue.then(task).catch((error) => console.warn("Praksisatlas-søgning:", error));
  return queue;
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === MSG.SETUP) {
    enqueue(async () => {
      try {
        await setup(message);
      } finally {
        send({ type: MSG.READY }); // a failed setup answers every query with no results
      }
    });
  } else if (message.type === MSG.QUERY) {
    state.last = message.data;
    enqueue(async () => {
      if (message.data !== state.last) return; // a newer query is waiting
      const data = message.data.trim() ? await run(message.data) : { items: [] };
      send({ type: MSG.RESULT, data });
    });
  }
});

if (channel) {
  channel.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type !== "filter") return;
    state.filter = { tema: message.tema || "", trin: message.trin || "" };
    enqueue(async () => {
      if (state.engine && state.last && state.last.trim()) {
        send({ type: MSG.RESULT, data: await run(state.last) });
      }
    });
  });
  channel.postMessage({ type: "hello" });
}
