// Project H search page: Pagefind's JavaScript API with faceted filters.
//
// Filters combine as OR within a group and AND across groups: Pagefind's
// `{group: {any: [...]}}` filters do the matching. Each group's counts are
// those of the current search with every *other* group's selection applied,
// so they say how many results ticking that value would give (a second value
// in a group widens, a value in another group narrows). The query and the
// filters live in the URL: typing replaces the history entry, submitting or
// changing a filter adds one, and the back button restores the state.
//
// What a phone downloads stays small: Pagefind fetches only the index chunks
// and result fragments a query needs, and the filter data (the largest part at
// thousands of pages) is fetched only when the filters panel is open: on wide
// screens after the first results, on narrow ones when the panel is opened, at
// once when the address already holds filters.
//
// No dependencies, no inline handlers, no HTML strings: elements come from the
// <template>s of projecth/search.html, and text goes in as text.

const TYPING_DELAY_MS = 250;
const NARROW = "(max-width: 44.9375em)";
// Results shown at a time: each costs a fragment of about 3 KB, and a phone shows two or three per screen.
const PAGE_SIZE = window.matchMedia(NARROW).matches ? 5 : 10;

const root = document.querySelector("[data-ph-search]");
if (root) {
  start(root).catch((error) => {
    console.error(error);
    root.querySelector("[data-ph-search-loading]").hidden = true;
    root.querySelector("[data-ph-search-ui]").hidden = true;
    root.querySelector("[data-ph-search-error]").hidden = false;
  });
}

async function start(root) {
  root.querySelector("[data-ph-search-nojs]").hidden = true;
  const config = JSON.parse(root.dataset.config);
  const groups = config.groups;
  const hideChip = config.hideChip || {};
  const find = (selector) => root.querySelector(selector);
  const form = find("[data-ph-search-form]");
  const input = form.querySelector("input[name=q]");
  const ui = find("[data-ph-search-ui]");
  const loading = find("[data-ph-search-loading]");
  const panel = find("[data-ph-search-filters]");
  const panelCount = find("[data-ph-search-filter-count]");
  const panelLoading = find("[data-ph-search-filters-loading]");
  const groupsBox = find("[data-ph-search-groups]");
  const clearButton = find("[data-ph-search-clear]");
  const status = find("[data-ph-search-status]");
  const list = find("[data-ph-search-list]");
  const moreButton = find("[data-ph-search-more]");
  const clone = (name) => find(`template[data-ph-template="${name}"]`).content.firstElementChild.cloneNode(true);

  // --- State and the address -------------------------------------------------------------------------------

  let state = readUrl();
  input.value = state.q;

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    const selected = new Map();
    for (const group of groups) {
      const values = params.getAll(group.name).filter((value) => value !== "");
      if (values.length) selected.set(group.name, new Set(values));
    }
    return { q: params.get("q") || "", selected };
  }

  function remember(push) {
    const params = new URLSearchParams();
    if (state.q.trim()) params.set("q", state.q.trim());
    for (const group of groups) {
      for (const value of ordered(group, state.selected.get(group.name) || [])) params.append(group.name, value);
    }
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url === window.location.pathname + window.location.search) return;
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }

  // Taxonomy order first (phases from early years up, year groups in school order), then the rest.
  function ordered(group, values) {
    const rank = new Map(group.order.map((value, index) => [value, index]));
    return [...values].sort((a, b) => {
      const ra = rank.has(a) ? rank.get(a) : Infinity;
      const rb = rank.has(b) ? rank.get(b) : Infinity;
      return ra !== rb ? ra - rb : a.localeCompare(b, "en-GB", { numeric: true });
    });
  }

  function pagefindOptions(except) {
    const filters = {};
    for (const [name, values] of state.selected) {
      if (name !== except && values.size) filters[name] = { any: [...values] };
    }
    return { filters };
  }

  // --- Pagefind --------------------------------------------------------------------------------------------

  loading.hidden = false;
  const bundle = new URL(root.dataset.bundle, document.baseURI);
  const site = new URL(root.dataset.root, document.baseURI);
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  // In the page itself, not a worker: the worker script would cost another 12 KB before the first result.
  await pagefind.options({ baseUrl: site.pathname, excerptLength: 30, noWorker: true });

  // --- Filters ---------------------------------------------------------------------------------------------

  const facets = new Map(); // group name -> {fieldset, values: Map(value -> {item, box, count})}
  let filtersLoaded = null;

  function loadFilters() {
    if (!filtersLoaded) {
      panelLoading.hidden = false;
      filtersLoaded = pagefind.filters().then((totals) => {
        buildFacets(totals);
        panelLoading.hidden = true;
      });
    }
    return filtersLoaded;
  }

  function buildFacets(totals) {
    groups.forEach((group, groupIndex) => {
      const values = Object.keys(totals[group.name] || {});
      for (const value of state.selected.get(group.name) || []) {
        if (!values.includes(value)) values.push(value);
      }
      // A group whose only value is on every page narrows nothing: leave it out.
      if (values.length < 2 && !state.selected.has(group.name)) return;
      const fieldset = clone("group");
      fieldset.querySelector("legend").textContent = group.legend;
      const valueList = fieldset.querySelector("ul");
      const entries = new Map();
      ordered(group, values).forEach((value, valueIndex) => {
        const item = clone("value");
        const box = item.querySelector("input");
        const label = item.querySelector("label");
        box.id = `ph-facet-${groupIndex}-${valueIndex}`;
        box.name = group.name;
        box.value = value;
        label.htmlFor = box.id;
        label.querySelector(".ph-facet__name").textContent = value;
        box.addEventListener("change", () => choose(group.name, value, box.checked));
        valueList.append(item);
        entries.set(value, { item, box, count: label.querySelector(".ph-facet__count") });
      });
      groupsBox.append(fieldset);
      facets.set(group.name, { fieldset, values: entries });
    });
  }

  function choose(name, value, on) {
    const chosen = state.selected.get(name) || new Set();
    if (on) chosen.add(value);
    else chosen.delete(value);
    if (chosen.size) state.selected.set(name, chosen);
    else state.selected.delete(name);
    remember(true);
    run();
  }

  // Counts for every group: a group with a selection is counted without it (OR within the group).
  async function countValues(term, search, mine) {
    const counts = {};
    for (const name of facets.keys()) {
      if (state.selected.has(name)) {
        const others = await pagefind.search(term || null, pagefindOptions(name));
        if (mine !== generation || !others) return null;
        counts[name] = (others.filters || {})[name] || {};
      } else {
        counts[name] = (search.filters || {})[name] || {};
      }
    }
    return counts;
  }

  function showCounts(counts) {
    for (const [name, facet] of facets) {
      const selected = state.selected.get(name) || new Set();
      let shown = 0;
      for (const [value, entry] of facet.values) {
        const count = (counts[name] || {})[value] || 0;
        entry.box.checked = selected.has(value);
        entry.count.textContent = `(${count.toLocaleString("en-GB")})`;
        // Values no result has are hidden, unless chosen (so they can be unticked).
        entry.item.hidden = count === 0 && !entry.box.checked;
        if (!entry.item.hidden) shown += 1;
      }
      facet.fieldset.hidden = shown === 0;
    }
  }

  function showChosen() {
    let chosen = 0;
    for (const values of state.selected.values()) chosen += values.size;
    panelCount.textContent = chosen ? `(${chosen} chosen)` : "";
    clearButton.hidden = chosen === 0;
  }

  clearButton.addEventListener("click", () => {
    state.selected = new Map();
    remember(true);
    run();
    input.focus();
  });

  panel.addEventListener("toggle", () => {
    if (panel.open && !filtersLoaded) loadFilters().then(run);
  });

  // --- Searching -------------------------------------------------------------------------------------------

  let generation = 0;
  let results = [];
  let shownResults = 0;

  async function run() {
    const mine = ++generation;
    const term = state.q.trim();
    showChosen();
    list.setAttribute("aria-busy", "true");
    const options = pagefindOptions();
    // Without a term there is no relevance to rank by: list what the filters match, newest first.
    if (!term) options.sort = { date: "desc" };
    const search = await pagefind.search(term || null, options);
    if (mine !== generation || !search) return;
    if (filtersLoaded) {
      await filtersLoaded;
      const counts = await countValues(term, search, mine);
      if (!counts) return;
      showCounts(counts);
    }
    results = search.results;
    shownResults = 0;
    const items = await nextItems(mine);
    if (!items) return;
    list.replaceChildren(...items);
    moreButton.hidden = shownResults >= results.length;
    list.removeAttribute("aria-busy");
    status.textContent = describe(results.length, term);
  }

  async function nextItems(mine) {
    const page = results.slice(shownResults, shownResults + PAGE_SIZE);
    const data = await Promise.all(page.map((result) => result.data()));
    if (mine !== generation) return null;
    shownResults += page.length;
    const withExcerpt = state.q.trim() !== "";
    return data.map((result) => renderResult(result, withExcerpt));
  }

  moreButton.addEventListener("click", async () => {
    const items = await nextItems(generation);
    if (!items) return;
    list.append(...items);
    moreButton.hidden = shownResults >= results.length;
    if (items.length) items[0].querySelector("a").focus();
  });

  function renderResult(result, withExcerpt) {
    const item = clone("result");
    const meta = result.meta || {};
    const link = item.querySelector(".ph-result__link");
    link.href = result.url;
    link.textContent = meta.title || result.url;
    const summary = item.querySelector(".ph-result__summary");
    if (meta.summary) summary.textContent = meta.summary;
    else summary.remove();
    const excerpt = item.querySelector(".ph-result__excerpt");
    const section = withExcerpt ? bestSection(result) : null;
    if (section) {
      // The words matched in the body: name the section, and link straight to it.
      const sectionLink = excerpt.querySelector(".ph-result__section");
      sectionLink.href = section.url;
      sectionLink.textContent = section.title;
      excerpt.querySelector(".ph-result__text").append(...excerptNodes(section.excerpt));
    } else if (withExcerpt && result.excerpt && !repeats(result.excerpt, [meta.title, meta.summary])) {
      excerpt.querySelector(".ph-result__section").remove();
      excerpt.querySelector(".ph-result__separator").remove();
      excerpt.querySelector(".ph-result__text").append(...excerptNodes(result.excerpt));
    } else {
      // No term, or it matched only the title and summary, which are shown already.
      excerpt.remove();
    }
    const chips = item.querySelector(".ph-result__chips");
    const filters = result.filters || {};
    for (const group of groups) {
      if (!group.chip) continue;
      for (const value of ordered(group, filters[group.name] || [])) {
        if ((hideChip[group.name] || []).includes(value)) continue;
        const chip = clone("chip");
        chip.textContent = value;
        chips.append(chip);
      }
    }
    if (!chips.children.length) chips.remove();
    const date = item.querySelector(".ph-result__date");
    if (meta.date) {
      const time = date.querySelector("time");
      time.dateTime = meta.date;
      time.textContent = longDate(meta.date);
    } else {
      date.remove();
    }
    return item;
  }

  function describe(total, term) {
    let text = total === 1 ? "1 result" : `${total.toLocaleString("en-GB")} results`;
    if (term) text += ` for “${term}”`;
    const chosen = groups
      .filter((group) => state.selected.has(group.name))
      .map((group) => ordered(group, state.selected.get(group.name)).join(" or "));
    if (chosen.length) text += ` in ${chosen.join("; ")}`;
    if (!total) return `${text}. Try other words, or fewer filters.`;
    return term ? text : `${text}, newest first`;
  }

  // --- Events ----------------------------------------------------------------------------------------------

  let typing = 0;
  function search(value, push) {
    window.clearTimeout(typing);
    state.q = value;
    remember(push);
    run();
  }

  input.addEventListener("input", () => {
    pagefind.preload(input.value);
    window.clearTimeout(typing);
    typing = window.setTimeout(() => search(input.value, false), TYPING_DELAY_MS);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search(input.value, true);
  });

  // The header box opens this page; on this page, it searches in place.
  const headerForm = document.querySelector(".ph-header-search");
  if (headerForm) {
    headerForm.addEventListener("submit", (event) => {
      event.preventDefault();
      input.value = headerForm.querySelector("input[name=q]").value;
      search(input.value, true);
      input.focus();
    });
  }

  window.addEventListener("popstate", () => {
    window.clearTimeout(typing);
    state = readUrl();
    input.value = state.q;
    run();
  });

  // --- Start -----------------------------------------------------------------------------------------------

  // Phones start with the filters folded away (and their data not fetched), unless the address holds filters.
  if (window.matchMedia(NARROW).matches && state.selected.size === 0) panel.open = false;
  if (state.selected.size) await loadFilters();
  loading.hidden = true;
  ui.hidden = false;
  await run();
  if (panel.open && !filtersLoaded) {
    await loadFilters();
    await run();
  }
}

// The section of the body (a heading with an id) where the term matches most, if it matches there at all.
function bestSection(result) {
  let best = null;
  for (const sub of result.sub_results || []) {
    if (!sub.url.includes("#") || !(sub.excerpt || "").includes("<mark>")) continue;
    const weight = (sub.weighted_locations || []).length;
    if (!best || weight > (best.weighted_locations || []).length) best = sub;
  }
  return best;
}

// True when every word of the excerpt is already in the title or the summary.
function repeats(excerpt, texts) {
  const words = (text) => (text || "").toLocaleLowerCase("en-GB").match(/[\p{L}\p{N}]+/gu) || [];
  const shown = new Set(texts.flatMap(words));
  const plain = new DOMParser().parseFromString(excerpt, "text/html").body.textContent;
  return words(plain).every((word) => shown.has(word));
}

// Pagefind's excerpt is escaped text with <mark> around the matched words: keep exactly that, as text.
function excerptNodes(excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html");
  return [...parsed.body.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

function longDate(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
