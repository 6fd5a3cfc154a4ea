// The header search box, answered by Pagefind (its bundle is at <site>/pagefind/, written by
// `presskb build`): results in Material's own result markup, filters by topic, kind, source
// and year. The runtime loads when the page is idle; queries fetch only the index chunks they need.
(() => {
  const dialog = document.querySelector("[data-presskb-search]");
  if (!dialog) return;
  const toggle = document.getElementById("__search");
  const input = dialog.querySelector(".md-search__input");
  const status = dialog.querySelector(".md-search-result__meta");
  const list = dialog.querySelector(".md-search-result__list");
  const selects = [...dialog.querySelectorAll("select[data-filter]")];
  const config = JSON.parse(document.getElementById("__config").textContent);
  const t = config.translations;
  const base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const FIRST = 1; // shown as soon as its excerpt arrives; the rest follow
  const SHOWN = 20;
  const TYPING_PAUSE_MS = 80;
  let shards = null;
  let latest = 0;

  // A large site's index is in shards (pagefind/shards.json lists them, see presskb/search.py),
  // each its own Pagefind instance; every query asks them all.
  function load() {
    shards ??= fetch(new URL("pagefind/shards.json", base))
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status}`);
        return response.json();
      })
      .then((names) => Promise.all(names.map(async (name) => {
        const shard = await import(new URL(`pagefind/${name}/pagefind.js`, base).href);
        await shard.options({ baseUrl: base.pathname });
        await shard.init();
        return shard;
      })));
    return shards;
  }

  // The filter lists are fetched once the search box is idle, or when a reader reaches for one:
  // the first results should not wait for them.
  let filling = null;
  function loadFilters() {
    filling ??= load().then((all) => Promise.all(all.map((shard) => shard.filters()))).then(fillFilters);
    return filling;
  }

  function fillFilters(perShard) {
    for (const select of selects) {
      const counts = {};
      for (const available of perShard) {
        for (const [name, count] of Object.entries(available[select.dataset.filter] || {})) {
          counts[name] = (counts[name] || 0) + count;
        }
      }
      const names = Object.keys(counts).sort((a, b) =>
        select.dataset.filter === "year" ? b.localeCompare(a) : a.localeCompare(b));
      select.append(...names.map((name) => new Option(`${name} (${counts[name]})`, name)));
    }
  }

  async function run() {
    const ticket = ++latest;
    const query = input.value.trim();
    const filters = Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.dataset.filter, s.value]));
    if (!query && !Object.keys(filters).length) {
      show(t["search.result.placeholder"], []);
      return;
    }
    let all;
    try {
      all = await load();
    } catch (error) {
      show("Search is not available: the search index was not found.", []);
      return;
    }
    // With only filters chosen, list the newest first.
    const options = query ? { filters } : { filters, sort: { date: "desc" } };
    const found = (await Promise.all(all.map((shard) => shard.search(query || null, options))))
      .map((search) => search.results);
    if (ticket !== latest) return; // a newer query has been typed
    const count = found.reduce((sum, results) => sum + results.length, 0);
    const summary = count === 0 ? t["search.result.none"]
      : count === 1 ? t["search.result.one"] : t["search.result.other"].replace("#", count);
    if (!query) {
      // Each shard lists its newest first; their heads are merged by date.
      const heads = await Promise.all(found.flatMap((results) => results.slice(0, SHOWN)).map((r) => r.data()));
      if (ticket !== latest) return;
      heads.sort((a, b) => (b.meta.date || "").localeCompare(a.meta.date || ""));
      show(summary, heads.slice(0, SHOWN).map(item));
    } else {
      // Ranked by score across shards, as Pagefind ranks results from several indexes.
      const ranked = found.flat().sort((a, b) => b.score - a.score);
      const first = await Promise.all(ranked.slice(0, FIRST).map((r) => r.data()));
      if (ticket !== latest) return;
      show(summary, first.map(item));
      const rest = await Promise.all(ranked.slice(FIRST, SHOWN).map((r) => r.data()));
      if (ticket === latest) list.append(...rest.map(item));
    }
    loadFilters();
  }

  function show(summary, items) {
    status.textContent = summary;
    list.replaceChildren(...items);
  }

  function item(result) {
    const element = (tag, className, text) => {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    };
    const entry = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = result.url.replace(/\.html$/, "/"); // search documents are x.html for the page x/
    const article = element("article", "md-search-result__article md-typeset");
    const facts = [result.meta.date, result.meta.source].filter(Boolean).join(" · ");
    const excerpt = element("p");
    excerpt.innerHTML = readable(result.excerpt);
    article.append(element("div", "md-search-result__icon md-icon"), element("h1", null, result.meta.title),
      element("p", "presskb-search-facts", facts), excerpt);
    link.append(article);
    entry.append(link);
    return entry;
  }

  // Pagefind's excerpt is escaped text with <mark> around hits. Chinese was indexed as spaced
  // words with the parts of long words in ⟦ ⟧ (see presskb/search.py): drop both for reading.
  function readable(excerpt) {
    const cjk = "[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef]";
    return excerpt
      .replace(/⟦[^⟧]*⟧(<\/mark>)?/g, "")
      .replace(/^[^⟦]*?⟧(<\/mark>)?/, "")
      .replace(/⟦[^⟧]*$/, "")
      .replace(new RegExp(`(${cjk}(?:</?mark>)?)\\s+(?=(?:</?mark>)?${cjk})`, "gu"), "$1");
  }

  function open() {
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
  }

  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      input.focus();
      load().then(() => setTimeout(loadFilters, 1500)).catch(() => {});
    }
  });
  // Fetch Pagefind's small runtime (about 150 kB per shard, cached by the browser) once the page
  // is idle, so the first query does not wait for it; the index itself is fetched per query.
  (window.requestIdleCallback || setTimeout)(() => load().catch(() => {}));
  input.addEventListener("focus", () => toggle.checked || open());
  // Wait for a pause in typing: every keystroke's search would fetch index chunks of its own
  // (a one-letter prefix matches much of the index).
  let pause = null;
  input.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(run, TYPING_PAUSE_MS);
  });
  selects.forEach((select) => {
    select.addEventListener("change", run);
    select.addEventListener("focus", loadFilters);
  });
  dialog.querySelector("form").addEventListener("reset", () => setTimeout(run));
  dialog.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, select, textarea, [contenteditable]");
    if (toggle.checked && event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    } else if (!toggle.checked && !typing && ["/", "s", "f"].includes(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
    }
  });
})();
