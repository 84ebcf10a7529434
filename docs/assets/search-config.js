/* Praksisatlas: point Material's search at our worker (assets/search-worker.js).
 *
 * Loaded synchronously from overrides/main.html right after Material's `__config` and before its
 * bundle reads it. Material documents the worker URL in `__config.search` as the place to plug in
 * a custom search; we keep its own worker's URL as a parameter, because the lunr candidate wraps
 * it. The BroadcastChannel name lets assets/search-ui.js send theme/step filters to the worker.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const el = document.getElementById("__config");
  if (!script || !el) return;
  const config = JSON.parse(el.textContent);
  const worker = new URL(script.dataset.worker, location.href);
  const channel = `praksisatlas-search-${Math.random().toString(36).slice(2)}`;
  worker.searchParams.set("engine", script.dataset.engine);
  worker.searchParams.set("da", script.dataset.danish);
  worker.searchParams.set("material", new URL(config.search, location.href).href);
  worker.searchParams.set("ch", channel);
  config.search = worker.href;
  el.textContent = JSON.stringify(config);
  document.documentElement.dataset.searchChannel = channel;
})();
